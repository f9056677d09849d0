import type { AttemptReviewView } from '../contract/review';
import type { AttemptView, CheckResultView, CheckView, DeliveredEvent, TaskView, WorkspaceFile } from '../contract/workspace';
import { toDate, toIso } from '../db/values';
import type { CheckResult } from '../grading/types';
import { toolsOf } from '../grading/tools';
import type { ScenarioPackage } from '../scenarios/package';
import type { CheckT } from '../scenarios/schema';
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
    const view: CheckResultView = { id: r.id, task: r.task, title: r.title, kind: r.kind, visible: r.visible, passed: r.passed, points: r.points, earned: r.earned, messages: r.messages };
    if (r.visible) return { ...view, output: r.output };
    if (policy === 'full') return view;
    if (policy === 'description') return { ...view, messages: [] };
    return { ...view, passed: null, earned: null, messages: [] };
  });
}

export function visibleOnly(results: CheckResult[]): CheckResultView[] {
  return results
    .filter((r) => r.visible)
    .map((r) => ({ id: r.id, task: r.task, title: r.title, kind: r.kind, visible: true, passed: r.passed, points: r.points, earned: r.earned, messages: r.messages, output: r.output }));
}

export function presentEvents(pkg: ScenarioPackage, delivered: Map<string, Date>, read: ReadonlyMap<string, Date> = new Map()): DeliveredEvent[] {
  return pkg.manifest.events
    .filter((e) => delivered.has(e.id))
    .map((e) => ({
      id: e.id,
      from: e.from,
      channel: e.channel,
      subject: e.subject,
      body: pkg.files.get(e.body) ?? '',
      deliveredAt: delivered.get(e.id)!.toISOString(),
      readAt: read.get(e.id)?.toISOString() ?? null,
    }))
    .sort((a, b) => a.deliveredAt.localeCompare(b.deliveredAt));
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
}): AttemptView {
  const { attempt, assignment, pkg, now } = args;
  const m = pkg.manifest;
  const locked = lockedTasks(m, new Set(args.delivered.keys()));
  const tasks: TaskView[] = m.tasks.map((t) => ({
    id: t.id,
    title: t.title,
    locked: locked.has(t.id),
    file: locked.has(t.id) ? null : taskFile(t, pkg.files),
    instructions: locked.has(t.id) ? '' : (pkg.files.get(t.instructions) ?? ''),
    checks: locked.has(t.id) ? [] : t.checks.map(checkView),
    rubric: t.rubric.map((r) => ({ id: r.id, title: r.title, points: r.points })),
  }));
  const revealed = args.submission ? revealResults(args.submission.checks, assignment, now) : null;
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
    scenario: { title: m.title, enterprise: m.enterprise, role: m.role, industry: m.industry, brief: pkg.files.get(m.brief) ?? '', passAt: m.scoring.passAt },
    tasks,
    files: args.files,
    events: presentEvents(pkg, args.delivered, args.read),
    upcoming: presentUpcoming(m, attempt, args.delivered),
    lastRun: args.lastRun,
    result: revealed ? { autoScore: showScore ? args.submission!.autoScore : null, checks: revealed } : null,
    review: args.review,
    tools: toolsOf(pkg, args.files.map((f) => f.path), (task) => !locked.has(task)),
  };
}
