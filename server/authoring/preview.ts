import { randomUUID } from 'node:crypto';
import type { PreviewStarted, SavePreviewFileInput } from '../contract/authoring';
import { ServerEvents } from '../contract/realtime';
import type { AttemptView, CheckResultView, SaveConflict } from '../contract/workspace';
import { DRAFT_QUOTA_BYTES, formatBytes, utf8Length } from '../contract/limits';
import { dueAt, lockedTasks, tasksPassedBy } from '../attempts/clock';
import type { ToolContext } from '../attempts/tools';
import { MAX_WORKSPACE_FILES } from '../contract/limits';
import { presentAttempt, presentDelivery, visibleOnly } from '../attempts/present';
import type { ScenarioLanguage } from '../scenarios/languages';
import type { AssignmentRow, AttemptRow } from '../attempts/repo';
import { gradeWorkspace } from '../grading/engine';
import { AppError, errors } from '../http/errors';
import { msg } from '../messages';
import { consumeOrRefuse, tooManyCheckRuns, tooManySaves } from '../http/rateLimit';
import type { Actor } from '../http/policy';
import { formatProblem, packageFromFiles, subtree, type ScenarioPackage } from '../scenarios/package';
import type { AuthoringDeps } from './deps';
import { draftFiles, draftFor, filesMap } from './drafts';
import { enterpriseRole } from './policy';
import { competencyLookup } from './repo';

/**
 * "Preview as student": the real workspace on a snapshot of a draft, with the scenario clock
 * and events running, and nothing written to the database — no attempt, no assignment, no
 * student record. Sessions live in this process's memory (sticky sessions keep a preview's
 * socket on its process); a restart ends them, which costs an author a click, never student work.
 */
type PreviewSession = {
  id: string;
  draftId: string;
  userId: string;
  /** The enterprise that owns the draft: the preview lasts while its author belongs to it. */
  orgId: string;
  pkg: ScenarioPackage;
  startedAt: Date;
  deadlineAt: Date;
  /** Fast-forward: how far the author has moved the scenario clock ahead. */
  skippedMs: number;
  /** `bytes`: the content's UTF-8 length, so a save does not measure every file again. */
  files: Map<string, { revision: number; content: string; bytes: number }>;
  delivered: Map<string, Date>;
  firstPass: Map<string, Date>;
  lastRun: CheckResultView[] | null;
  running: boolean;
  timer?: ReturnType<typeof setTimeout>;
  expiry: ReturnType<typeof setTimeout>;
};

const sessions = new Map<string, PreviewSession>();
/** A process holds at most this many previews; beyond, new ones wait for old ones to end. */
const MAX_SESSIONS = 200;
/** An author keeps at most this many previews open; a new one ends their oldest. */
const MAX_PER_USER = 3;
/** A preview's workspace holds at most this much text, as a draft does. */
const MAX_PREVIEW_BYTES = DRAFT_QUOTA_BYTES;
/** A preview outlives its scenario's duration by this much, then is forgotten. */
const GRACE_MS = 30 * 60_000;

export const previewRooms = { preview: (id: string) => `preview:${id}` };

function sessionFor(actor: Actor, previewId: string): PreviewSession {
  const s = sessions.get(previewId);
  // An author who left the enterprise (the role taken away) loses the snapshot of its draft too.
  if (!s || s.userId !== actor.id || !enterpriseRole(actor, s.orgId)) {
    throw new AppError('not_found', msg('authoring.preview.ended'));
  }
  return s;
}

const scenarioNow = (deps: AuthoringDeps, s: PreviewSession) => new Date(deps.clock().getTime() + s.skippedMs);

function end(s: PreviewSession): void {
  clearTimeout(s.timer);
  clearTimeout(s.expiry);
  sessions.delete(s.id);
}

/** Starts a preview of the draft as it is now. A package that does not load cannot be previewed. */
export async function startPreview(deps: AuthoringDeps, actor: Actor, draftId: string): Promise<PreviewStarted> {
  const draft = await draftFor(deps.db, actor, draftId, 'read');
  const files = filesMap(await draftFiles(deps.db, draft.id));
  const { pkg, problems } = packageFromFiles(draft.slug, files, await competencyLookup(deps.db, draft.owner_org_id));
  if (!pkg) {
    throw errors.conflict(msg('authoring.preview.invalid', { count: problems.length, problems: problems.slice(0, 3).map(formatProblem).join('; ') }), {
      reason: 'invalid',
      problems,
    });
  }
  // One preview per author and draft (a new one replaces the old), a few per author in all;
  // one author can never push out another's.
  for (const s of sessions.values()) if (s.userId === actor.id && s.draftId === draft.id) end(s);
  const mine = [...sessions.values()].filter((s) => s.userId === actor.id);
  if (mine.length >= MAX_PER_USER) end(mine[0]!);
  if (sessions.size >= MAX_SESSIONS) throw errors.conflict(msg('authoring.preview.tooMany'));
  const now = deps.clock();
  const durationMs = pkg.manifest.durationMinutes * 60_000;
  const session: PreviewSession = {
    id: randomUUID(),
    draftId: draft.id,
    userId: actor.id,
    orgId: draft.owner_org_id,
    pkg,
    startedAt: now,
    deadlineAt: new Date(now.getTime() + durationMs),
    skippedMs: 0,
    files: new Map([...subtree(pkg.files, 'workspace')].map(([p, content]) => [p, { revision: 1, content, bytes: utf8Length(content) }])),
    delivered: new Map(),
    firstPass: new Map(),
    lastRun: null,
    running: false,
    expiry: setTimeout(() => end(session), durationMs + GRACE_MS),
  };
  session.expiry.unref?.();
  sessions.set(session.id, session);
  deliverDue(deps, session);
  return { previewId: session.id };
}

/** The preview as an attempt: the workspace page renders it exactly as a student's. */
export function previewView(deps: AuthoringDeps, actor: Actor, previewId: string, language?: ScenarioLanguage): AttemptView {
  const s = sessionFor(actor, previewId);
  const now = scenarioNow(deps, s);
  const attempt: AttemptRow = {
    id: s.id,
    assignment_id: s.id,
    student_id: s.userId,
    number: 1,
    status: 'in_progress',
    started_at: s.startedAt,
    deadline_at: s.deadlineAt,
    submitted_at: null,
    submit_reason: null,
    auto_score: null,
    review_score: null,
    final_score: null,
    graded_at: null,
    last_activity_at: now,
    stored_bytes: 0,
    compact_due_at: null,
  };
  const assignment = {
    id: s.id,
    title: `Preview: ${s.pkg.manifest.title}`,
    mode: 'practice',
    review: 'none',
    reveal_policy: 'full',
    closes_at: null,
  } as unknown as AssignmentRow;
  const view = presentAttempt({
    attempt,
    assignment,
    pkg: s.pkg,
    files: [...s.files].sort(([a], [b]) => a.localeCompare(b)).map(([path, f]) => ({ path, revision: f.revision, content: f.content })),
    delivered: s.delivered,
    lastRun: s.lastRun,
    submission: null,
    review: null,
    now,
    language,
  });
  return { ...view, preview: { draftId: s.draftId, skippedMs: s.skippedMs } };
}

/** The workspace protocol, in memory: base revision, ack, conflict with the newest text. */
export async function savePreviewFile(deps: AuthoringDeps, actor: Actor, input: SavePreviewFileInput): Promise<{ revision: number }> {
  // The same budget as the author's draft saves: a preview is in memory, but it is this process's memory.
  await consumeOrRefuse(deps.saveLimiter, actor.id, tooManySaves);
  const s = sessionFor(actor, input.previewId);
  if (scenarioNow(deps, s).getTime() >= s.deadlineAt.getTime()) throw errors.conflict(msg('authoring.preview.timeUp'), { reason: 'deadline' });
  const current = s.files.get(input.path);
  const revision = input.baseRevision + 1;
  if (current && current.revision === revision && current.content === input.content) return { revision };
  if ((current?.revision ?? 0) !== input.baseRevision) {
    throw new AppError('conflict', msg('files.changedElsewhere', { path: input.path, revision: current?.revision ?? 0 }), {
      path: input.path,
      serverRevision: current?.revision ?? 0,
      serverContent: current?.content ?? '',
    } satisfies SaveConflict);
  }
  if (!current && s.files.size >= MAX_WORKSPACE_FILES) throw errors.validation(msg('authoring.preview.tooManyFiles', { max: MAX_WORKSPACE_FILES }));
  const bytes = [...s.files].reduce((n, [p, f]) => n + (p === input.path ? 0 : f.bytes), 0);
  const needed = utf8Length(input.content);
  if (bytes + needed > MAX_PREVIEW_BYTES) {
    throw errors.quotaExceeded(
      msg('authoring.preview.quota', { limit: formatBytes(MAX_PREVIEW_BYTES), used: formatBytes(bytes) }),
      { limitBytes: MAX_PREVIEW_BYTES, usedBytes: bytes, neededBytes: needed },
    );
  }
  s.files.set(input.path, { revision, content: input.content, bytes: needed });
  return { revision };
}

/** Runs the visible checks with the sandbox, streaming results as a student's run does. */
export async function runPreviewChecks(deps: AuthoringDeps, actor: Actor, previewId: string): Promise<{ autoScore: number; results: CheckResultView[] }> {
  const s = sessionFor(actor, previewId);
  if (s.running) throw errors.conflict(msg('authoring.preview.checksRunning'));
  s.running = true;
  try {
    // The same budget as a student's runs: sandbox time is shared by everyone.
    await consumeOrRefuse(deps.checksLimiter, actor.id, tooManyCheckRuns);
    const room = previewRooms.preview(s.id);
    const workspace = new Map([...s.files].map(([p, f]) => [p, f.content]));
    const report = await gradeWorkspace(s.pkg, workspace, deps.sandbox(), {
      which: 'visible',
      onResult: (r) => deps.publisher.toRoom(room, ServerEvents.checkResult, { attemptId: s.id, result: visibleOnly([r])[0] }),
    });
    const results = visibleOnly(report.checks);
    s.lastRun = results;
    const now = scenarioNow(deps, s);
    for (const task of tasksPassedBy(s.pkg.manifest, report.checks)) if (!s.firstPass.has(task)) s.firstPass.set(task, now);
    deps.publisher.toRoom(room, ServerEvents.checksFinished, { attemptId: s.id, results });
    deliverDue(deps, s);
    return { autoScore: report.autoScore, results };
  } finally {
    s.running = false;
  }
}

/** Run and the data explorer on one's preview: its files as they are now, its unlocked tasks (attempts/tools.ts does the rest). */
export function previewTools(deps: AuthoringDeps, actor: Actor, previewId: string): ToolContext {
  const s = sessionFor(actor, previewId);
  if (scenarioNow(deps, s).getTime() >= s.deadlineAt.getTime()) throw errors.conflict(msg('authoring.preview.timeUp'), { reason: 'deadline' });
  const locked = lockedTasks(s.pkg.manifest, new Set(s.delivered.keys()));
  return { pkg: s.pkg, files: new Map([...s.files].map(([p, f]) => [p, f.content])), open: (task) => !locked.has(task) };
}

/** Moves the scenario clock to the next timed event, so an author need not wait 20 minutes for it. */
export function skipToNextEvent(deps: AuthoringDeps, actor: Actor, previewId: string): { skippedMs: number; delivered: number } {
  const s = sessionFor(actor, previewId);
  const now = scenarioNow(deps, s).getTime();
  const next = s.pkg.manifest.events
    .filter((e) => !s.delivered.has(e.id))
    .map((e) => dueAt(e, s.startedAt, new Set(s.firstPass.keys()), s.firstPass)?.getTime())
    .filter((t): t is number => t !== undefined && t > now)
    .sort((a, b) => a - b)[0];
  if (next === undefined) throw errors.conflict(msg('authoring.preview.noTimedEvent'));
  s.skippedMs += next - now;
  return { skippedMs: s.skippedMs, delivered: deliverDue(deps, s) };
}

/** Delivers what is due now and sets a timer for the next timed event. */
function deliverDue(deps: AuthoringDeps, s: PreviewSession): number {
  if (!sessions.has(s.id)) return 0;
  clearTimeout(s.timer);
  const now = scenarioNow(deps, s);
  let count = 0;
  let next = Number.POSITIVE_INFINITY;
  for (const event of s.pkg.manifest.events) {
    if (s.delivered.has(event.id)) continue;
    const due = dueAt(event, s.startedAt, new Set(s.firstPass.keys()), s.firstPass);
    if (!due) continue;
    if (due.getTime() > now.getTime()) {
      next = Math.min(next, due.getTime());
      continue;
    }
    s.delivered.set(event.id, now);
    count++;
    deps.publisher.toRoom(previewRooms.preview(s.id), ServerEvents.eventDelivered, { attemptId: s.id, ...presentDelivery(s.pkg, event.id, now), unlocks: event.unlocks?.replace(/^task:/, '') ?? null });
  }
  if (Number.isFinite(next)) {
    // A timer's throw would end the process: contain it here, the preview just stops its clock.
    s.timer = setTimeout(() => {
      try {
        deliverDue(deps, s);
      } catch (err) {
        deps.logger.error({ err, previewId: s.id }, 'preview events could not be delivered');
      }
    }, Math.max(0, next - now.getTime()) + 50);
    s.timer.unref?.();
  }
  return count;
}

/** For tests: forget every preview of this process. */
export function endAllPreviews(): void {
  for (const s of [...sessions.values()]) end(s);
}
