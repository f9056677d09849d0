import type { AttemptReviewView } from '../contract/review';
import type { AttemptView, CheckResultView, CheckView, DeliveredEvent, TaskView, WorkspaceFile } from '../contract/workspace';
import { toDate, toIso } from '../db/values';
import type { CheckResult } from '../grading/types';
import { verbatim, type Note } from '../grading/notes';
import { toolsOf } from '../grading/tools';
import { languagesOf, type ScenarioLanguage } from '../scenarios/languages';
import { localize, type LocalizedPackage } from '../scenarios/localized';
import type { ScenarioPackage } from '../scenarios/package';
import type { CheckT, ScenarioManifestT } from '../scenarios/schema';
import { lockedTasks } from './clock';
import type { AssignmentRow, AttemptRow } from './repo';
import { taskFile } from './taskFile';
import { presentUpcoming } from './upcoming';

/** A check as a student may see it: what to do, never how it is checked. */
function checkView(c: CheckT): CheckView {
  const base: CheckView = { id: c.id, title: c.title, kind: c.kind, visible: c.visible, points: c.points };
  if (c.kind !== 'answer') return base;
  const a = c.answer;
  return {
    ...base,
    question: c.question,
    answerType: a.type,
    ...(a.type === 'choice' ? { options: a.options.map((o) => ({ id: o.id, text: o.text })), multiple: a.multiple } : {}),
    ...(a.type === 'number' && a.unit ? { unit: a.unit } : {}),
  };
}

/**
 * Applies the assignment's reveal policy to hidden checks. Visible checks are always shown in
 * full (the student could run them anyway); hidden ones never show what the student's code
 * printed, and show messages only under `full` (or `after-close` once the assignment closed).
 */
export function revealResults(results: CheckResult[], assignment: AssignmentRow, now: Date): CheckResultView[] {
  const closed = assignment.closes_at !== null && toDate(assignment.closes_at)!.getTime() <= now.getTime();
  const policy = assignment.reveal_policy === 'after-close' ? (closed ? 'full' : 'points') : assignment.reveal_policy;
  return results.map((r) => {
    const view: CheckResultView = { id: r.id, task: r.task, title: r.title, kind: r.kind, visible: r.visible, passed: r.passed, points: r.points, earned: r.earned, messages: r.messages, ...(r.notes ? { notes: r.notes } : {}) };
    if (r.visible) return { ...view, output: r.output };
    if (policy === 'full') return view;
    if (policy === 'description') return { ...view, messages: [], notes: [] };
    return { ...view, passed: null, earned: null, messages: [], notes: [] };
  });
}

export function visibleOnly(results: CheckResult[]): CheckResultView[] {
  return results
    .filter((r) => r.visible)
    .map((r) => ({ id: r.id, task: r.task, title: r.title, kind: r.kind, visible: true, passed: r.passed, points: r.points, earned: r.earned, messages: r.messages, ...(r.notes ? { notes: r.notes } : {}), output: r.output }));
}

/**
 * Check results in the reader's language: results keep the words of the language they were
 * graded in (the package's default), so the titles, and the author's messages and hints among
 * the messages, are looked up again by check id in the localized manifest.
 */
export function localizeResults<R extends { id: string; title: string; messages: string[]; notes?: Note[] }>(results: R[], base: ScenarioManifestT, loc: LocalizedPackage): R[] {
  if (loc.manifest === base) return results;
  const checks = new Map(loc.manifest.tasks.flatMap((t) => t.checks).map((c) => [c.id, c]));
  const originals = new Map(base.tasks.flatMap((t) => t.checks).map((c) => [c.id, c]));
  return results.map((r) => {
    const check = checks.get(r.id);
    const original = originals.get(r.id);
    if (!check || !original) return r;
    const swap = new Map<string, string>();
    if (original.kind === 'file' && check.kind === 'file') {
      original.assertions.forEach((a, i) => {
        const b = check.assertions[i];
        if (a.message && b?.message) swap.set(a.message, b.message);
      });
    }
    if (original.kind === 'answer' && check.kind === 'answer' && original.hint && check.hint) {
      swap.set(`Hint: ${original.hint}`, `${loc.language === 'zh-CN' ? '提示：' : 'Hint: '}${check.hint}`);
    }
    const messages = r.messages.map((m) => swap.get(m) ?? m);
    // A swapped message is the author's: its note carries the localized words (a hint, its hint).
    const notes = r.notes?.map((note, i): Note => {
      if (messages[i] === r.messages[i]) return note;
      if (note.key === 'grading.answer.hint' && check.kind === 'answer' && check.hint) return { key: note.key, params: { hint: check.hint } };
      return verbatim(messages[i]!).note;
    });
    return { ...r, title: check.title, messages, ...(notes ? { notes } : {}) };
  });
}

export function presentEvents(pkg: ScenarioPackage, delivered: Map<string, Date>, read: ReadonlyMap<string, Date> = new Map(), loc: LocalizedPackage = localize(pkg, undefined)): DeliveredEvent[] {
  return loc.manifest.events
    .filter((e) => delivered.has(e.id))
    .map((e) => ({
      id: e.id,
      from: e.from,
      channel: e.channel,
      subject: e.subject,
      body: loc.text(e.body),
      deliveredAt: delivered.get(e.id)!.toISOString(),
      readAt: read.get(e.id)?.toISOString() ?? null,
    }))
    .sort((a, b) => a.deliveredAt.localeCompare(b.deliveredAt));
}

/**
 * A message as it is pushed the moment it arrives, to everyone in the attempt's room: in the
 * package's default language, and in each language the package is complete in, so each
 * workspace shows the one it already shows the scenario in.
 */
export function presentDelivery(pkg: ScenarioPackage, eventId: string, at: Date): { event: DeliveredEvent; byLanguage?: Partial<Record<ScenarioLanguage, DeliveredEvent>> } {
  const delivered = new Map([[eventId, at]]);
  const [event] = presentEvents(pkg, delivered);
  const { languages } = languagesOf(pkg.manifest);
  if (languages.length < 2) return { event: event! };
  return { event: event!, byLanguage: Object.fromEntries(languages.map((l) => [l, presentEvents(pkg, delivered, new Map(), localize(pkg, l))[0]!])) };
}

export function presentAttempt(args: {
  attempt: AttemptRow;
  assignment: AssignmentRow;
  pkg: ScenarioPackage;
  files: WorkspaceFile[];
  delivered: Map<string, Date>;
  /** When the student saw each delivered message; a preview keeps none. */
  read?: ReadonlyMap<string, Date>;
  lastRun: CheckResultView[] | null;
  submission: { autoScore: number; checks: CheckResult[] } | null;
  review: AttemptReviewView | null;
  now: Date;
  /** The reader's language: the scenario's texts are in it when the package has it. */
  language?: ScenarioLanguage;
}): AttemptView {
  const { attempt, assignment, pkg, now } = args;
  const loc = localize(pkg, args.language);
  const m = loc.manifest;
  const locked = lockedTasks(m, new Set(args.delivered.keys()));
  const tasks: TaskView[] = m.tasks.map((t) => ({
    id: t.id,
    title: t.title,
    locked: locked.has(t.id),
    file: locked.has(t.id) ? null : taskFile(t, pkg.files),
    instructions: locked.has(t.id) ? '' : loc.text(t.instructions),
    checks: locked.has(t.id) ? [] : t.checks.map(checkView),
    rubric: t.rubric.map((r) => ({ id: r.id, title: r.title, points: r.points })),
  }));
  const revealed = args.submission ? localizeResults(revealResults(args.submission.checks, assignment, now), pkg.manifest, loc) : null;
  const showScore = assignment.reveal_policy !== 'after-close' || (assignment.closes_at !== null && toDate(assignment.closes_at)!.getTime() <= now.getTime());
  return {
    id: attempt.id,
    assignmentId: attempt.assignment_id,
    assignment: { title: assignment.title, mode: assignment.mode, review: assignment.review, revealPolicy: assignment.reveal_policy },
    number: attempt.number,
    status: attempt.status,
    startedAt: toIso(attempt.started_at)!,
    deadlineAt: toIso(attempt.deadline_at)!,
    submittedAt: toIso(attempt.submitted_at),
    serverTime: now.toISOString(),
    scenario: { title: m.title, enterprise: m.enterprise, role: m.role, industry: m.industry, brief: loc.text(m.brief), passAt: m.scoring.passAt, language: loc.language, fallback: loc.fallback },
    tasks,
    files: args.files,
    events: presentEvents(pkg, args.delivered, args.read, loc),
    upcoming: presentUpcoming(m, attempt, args.delivered),
    lastRun: args.lastRun && localizeResults(args.lastRun, pkg.manifest, loc),
    result: revealed ? { autoScore: showScore ? args.submission!.autoScore : null, checks: revealed } : null,
    review: args.review,
    tools: toolsOf({ ...pkg, manifest: m }, args.files.map((f) => f.path), (task) => !locked.has(task)),
  };
}
