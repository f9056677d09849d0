import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { AttemptView, CheckResultView, StudentAssignmentView } from '../contract/workspace';
import { ServerEvents } from '../contract/realtime';
import { toDate, toIso } from '../db/values';
import { gradeWorkspace } from '../grading/engine';
import type { CheckResult } from '../grading/types';
import { errors } from '../http/errors';
import { msg } from '../messages';
import { consumeOrRefuse, tooManyCheckRuns } from '../http/rateLimit';
import type { Actor } from '../http/policy';
import { courseRole, schoolsWhere } from '../courses/policy';
import { chooseLanguage, languagesOf, type ScenarioLanguage } from '../scenarios/languages';
import { localize } from '../scenarios/localized';
import type { ScenarioManifestT } from '../scenarios/schema';
import { subtree } from '../scenarios/package';
import { dueAt, tasksPassedBy } from './clock';
import { packageOf } from './packages';
import { localizeResults, presentAttempt, presentDelivery, visibleOnly } from './present';
import * as repo from './repo';
import { attemptReview } from '../review/feedback';
import { checksAfterRegrades } from '../review/checkScores';
import { utf8Length } from '../contract/limits';
import { rooms, type AttemptDeps } from './deps';
import { publishMonitor } from './monitor';
import { gradeSubmission, requestGrading } from './grading';
import { gradeInBackground } from './backlog';
import { readTimes } from './inbox';

/** Check runs cost sandbox time, and answers must not be guessed by brute force. */
export const createChecksLimiter = () => new RateLimiterMemory({ points: 10, duration: 60, keyPrefix: 'checks-run' });

/** Attempts whose visible checks are running in this process: one run at a time per attempt. */
const runningChecks = new Set<string>();


async function attemptFor(deps: AttemptDeps, actor: Actor, attemptId: string, access: 'owner' | 'read') {
  const attempt = await repo.findAttempt(deps.db, attemptId);
  if (!attempt) throw errors.notFound(msg('notFound.attempt'));
  const assignment = (await repo.findAssignment(deps.db, attempt.assignment_id))!;
  if (attempt.student_id === actor.id) return { attempt, assignment };
  if (access === 'read' && (await courseRole(deps.db, actor, assignment.course_id)) === 'teacher') return { attempt, assignment };
  throw errors.notFound(msg('notFound.attempt'));
}

/** An assignment with targets (targeted practice) is for those students only; others are for the course. */
function visibleTo(q: Knex.QueryBuilder, studentId: string): Knex.QueryBuilder {
  return q
    .whereNotExists((t) => t.select('student_id').from('assignment_targets as t').whereRaw('t.assignment_id = a.id'))
    .orWhereExists((t) => t.select('student_id').from('assignment_targets as t').whereRaw('t.assignment_id = a.id').where('t.student_id', studentId));
}

/** The student's dashboard: every assignment of every course they are enrolled in. */
export async function studentAssignments(deps: AttemptDeps, actor: Actor, language?: ScenarioLanguage): Promise<StudentAssignmentView[]> {
  const rows: (repo.AssignmentRow & { course_title: string; slug: string; version: string; manifest_json: string })[] = await deps
    .db('assignments as a')
    .join('course_members as m', (j) => j.on('m.course_id', '=', 'a.course_id').andOnVal('m.role', '=', 'student'))
    .join('courses as c', 'c.id', 'a.course_id')
    .join('scenario_versions as v', 'v.id', 'a.scenario_version_id')
    .join('scenarios as s', 's.id', 'v.scenario_id')
    .where('m.user_id', actor.id)
    .whereIn('c.school_id', schoolsWhere(actor, 'student'))
    .where((q) => visibleTo(q, actor.id))
    .orderBy([{ column: 'c.title' }, { column: 'a.created_at' }])
    .select('a.*', 'c.title as course_title', 's.slug', 'v.version', 'v.manifest_json');
  const attempts: repo.AttemptRow[] = rows.length
    ? await deps
        .db('attempts')
        .where('student_id', actor.id)
        .whereIn(
          'assignment_id',
          rows.map((r) => r.id),
        )
        .orderBy('number')
    : [];
  // A bilingual scenario's title, company and role in the reader's language (the stored manifest is the default's).
  const manifests = new Map<string, ScenarioManifestT>();
  for (const r of rows) if (!manifests.has(r.scenario_version_id)) manifests.set(r.scenario_version_id, JSON.parse(r.manifest_json) as ScenarioManifestT);
  await Promise.all(
    [...manifests].map(async ([versionId, manifest]) => {
      if (!language || chooseLanguage(manifest, language).language === languagesOf(manifest).language) return;
      manifests.set(versionId, localize(await packageOf(deps.db, versionId), language).manifest);
    }),
  );
  const now = deps.clock().getTime();
  return rows.map((r) => {
    const mine = attempts.filter((a) => a.assignment_id === r.id);
    const current = mine.at(-1) ?? null;
    const manifest = manifests.get(r.scenario_version_id)!;
    const closed = r.closes_at !== null && toDate(r.closes_at)!.getTime() <= now;
    let status: StudentAssignmentView['status'] = 'not_started';
    if (current?.status === 'in_progress') status = 'in_progress';
    else if (current?.status === 'graded') status = 'graded';
    else if (current?.status === 'submitted') status = current.auto_score === null || r.review === 'none' ? 'submitted' : 'awaiting_review';
    else if (closed) status = 'closed';
    return {
      id: r.id,
      courseId: r.course_id,
      courseTitle: r.course_title,
      title: r.title,
      scenario: { slug: r.slug, version: r.version, title: manifest.title, industry: manifest.industry, enterprise: manifest.enterprise, role: manifest.role },
      mode: r.mode,
      opensAt: toIso(r.opens_at)!,
      closesAt: toIso(r.closes_at),
      timeLimitMinutes: r.time_limit_minutes,
      maxAttempts: r.max_attempts,
      attemptsUsed: mine.length,
      status,
      // Under after-close the score stays hidden until the assignment closes, here as in the attempt view.
      currentAttempt: current
        ? {
            id: current.id,
            status: current.status,
            deadlineAt: toIso(current.deadline_at)!,
            autoScore: r.reveal_policy === 'after-close' && !closed ? null : current.auto_score,
            finalScore: (r.reveal_policy === 'after-close' && !closed) || current.status !== 'graded' ? null : (current.final_score ?? current.auto_score),
          }
        : null,
    };
  });
}

/**
 * Starts an attempt: the start time and the deadline are the server's. An attempt already in
 * progress is returned instead of a second one (two tabs pressing Start get the same attempt).
 */
export async function startAttempt(deps: AttemptDeps, actor: Actor, assignmentId: string, language?: ScenarioLanguage): Promise<AttemptView> {
  const assignment = await repo.findAssignment(deps.db, assignmentId);
  if (!assignment || (await courseRole(deps.db, actor, assignment.course_id)) !== 'student') throw errors.notFound(msg('notFound.assignment'));
  if (!(await deps.db('assignments as a').where('a.id', assignmentId).where((q) => visibleTo(q, actor.id)).first('a.id'))) throw errors.notFound(msg('notFound.assignment'));
  const now = deps.clock();
  if (toDate(assignment.opens_at)!.getTime() > now.getTime()) throw errors.conflict(msg('attempts.notOpenYet'));
  const closesAt = toDate(assignment.closes_at);
  if (closesAt && closesAt.getTime() <= now.getTime()) throw errors.conflict(msg('attempts.closed'));
  const existing: repo.AttemptRow[] = await deps.db('attempts').where({ assignment_id: assignmentId, student_id: actor.id }).orderBy('number');
  const open = existing.find((a) => a.status === 'in_progress');
  if (open) return attemptView(deps, actor, open.id, language);
  if (assignment.max_attempts !== null && existing.length >= assignment.max_attempts) {
    throw errors.conflict(msg('attempts.noAttemptsLeft', { max: assignment.max_attempts }));
  }
  const pkg = await packageOf(deps.db, assignment.scenario_version_id);
  const id = randomUUID();
  const limitMs = assignment.time_limit_minutes * 60_000;
  // The deadline never runs past the assignment's close.
  const deadline = new Date(Math.min(now.getTime() + limitMs, closesAt?.getTime() ?? Number.POSITIVE_INFINITY));
  try {
    await deps.db.transaction(async (trx) => {
      await trx('attempts').insert({
        id,
        assignment_id: assignmentId,
        student_id: actor.id,
        number: existing.length + 1,
        status: 'in_progress',
        started_at: now,
        deadline_at: deadline,
        last_activity_at: now,
      });
      const starter = [...subtree(pkg.files, 'workspace')];
      for (let i = 0; i < starter.length; i += 50) {
        await trx('file_revisions').insert(
          starter.slice(i, i + 50).map(([path, content]) => ({ attempt_id: id, path, revision: 1, content, size_bytes: utf8Length(content), author_id: null, created_at: now })),
        );
      }
      await repo.record(trx, id, actor.id, { verb: 'initialized', object: `scenario:${pkg.slug}@${pkg.manifest.version}` }, now);
    });
  } catch (err) {
    // Two tabs started at once: the other one won the attempt number; use that attempt.
    if (repo.isUniqueViolation(err)) {
      const winner = await deps.db('attempts').where({ assignment_id: assignmentId, student_id: actor.id, status: 'in_progress' }).first('id');
      if (winner) return attemptView(deps, actor, winner.id, language);
    }
    throw err;
  }
  await deliverDueEvents(deps, id);
  await publishMonitor(deps, id);
  return attemptView(deps, actor, id, language);
}

/** `language`: the reader's (server/http/locale.ts askedLocale); the scenario's texts are in it when the package has it. */
export async function attemptView(deps: AttemptDeps, actor: Actor, attemptId: string, language?: ScenarioLanguage): Promise<AttemptView> {
  const { attempt, assignment } = await attemptFor(deps, actor, attemptId, 'read');
  const pkg = await packageOf(deps.db, assignment.scenario_version_id);
  const [files, delivered, read, lastVisible, submission] = await Promise.all([
    repo.latestFiles(deps.db, attemptId),
    repo.deliveredEvents(deps.db, attemptId),
    readTimes(deps.db, attemptId),
    deps.db('check_runs').where({ attempt_id: attemptId, kind: 'visible' }).orderBy('created_at', 'desc').first('results_json'),
    deps.db('check_runs').where({ attempt_id: attemptId, kind: 'submission' }).orderBy('created_at', 'desc').first('results_json', 'auto_score'),
  ]);
  const checks = submission ? await checksAfterRegrades(deps.db, attemptId, JSON.parse(submission.results_json) as CheckResult[]) : [];
  const now = deps.clock();
  // The review's rubric words in the reader's language, as the rest of the attempt view.
  const readerManifest = localize(pkg, language).manifest;
  const review = await attemptReview(deps.db, { attempt, assignment, manifest: readerManifest, checks, viewer: attempt.student_id === actor.id ? 'student' : 'teacher', now });
  return presentAttempt({
    attempt,
    assignment,
    pkg,
    review,
    files,
    delivered,
    read,
    lastRun: lastVisible ? visibleOnly(JSON.parse(lastVisible.results_json) as CheckResult[]) : null,
    submission: submission ? { autoScore: Number(attempt.auto_score ?? submission.auto_score), checks } : null,
    now,
    language,
  });
}

export function assertOpen(attempt: repo.AttemptRow, now: Date): void {
  if (attempt.status !== 'in_progress') throw errors.conflict(msg('attempts.submitted'), { reason: 'submitted' });
  if (toDate(attempt.deadline_at)!.getTime() <= now.getTime()) throw errors.conflict(msg('attempts.timeUp'), { reason: 'deadline' });
}

/**
 * Runs the visible checks on the newest saved files, streaming each result to the attempt
 * room as it arrives. A task whose visible checks all pass for the first time fires the
 * events waiting on it.
 */
export async function runVisibleChecks(deps: AttemptDeps, actor: Actor, attemptId: string, language?: ScenarioLanguage): Promise<{ autoScore: number; results: CheckResultView[] }> {
  const { attempt, assignment } = await attemptFor(deps, actor, attemptId, 'owner');
  const now = deps.clock();
  assertOpen(attempt, now);
  if (runningChecks.has(attemptId)) throw errors.conflict(msg('attempts.checksRunning'));
  await consumeOrRefuse(deps.checksLimiter, actor.id, tooManyCheckRuns);
  runningChecks.add(attemptId);
  try {
    // With workers, the sandbox work leaves this process too; results stream back the same way.
    const run = deps.gradingQueue ? await deps.gradingQueue.runVisible(attemptId, actor.id) : await runVisibleChecksNow(deps, actor.id, attemptId);
    if (!language) return run;
    // The streamed results are in the package's language; the asker's answer is in theirs.
    const pkg = await packageOf(deps.db, assignment.scenario_version_id);
    return { ...run, results: localizeResults(run.results, pkg.manifest, localize(pkg, language)) };
  } finally {
    runningChecks.delete(attemptId);
  }
}

/**
 * The visible checks on the newest saved files, streaming each result to the attempt room; also
 * what a grading worker runs for a `checks.run` it takes from the queue.
 */
export async function runVisibleChecksNow(deps: AttemptDeps, userId: string, attemptId: string): Promise<{ autoScore: number; results: CheckResultView[] }> {
  const now = deps.clock();
  const attempt = await repo.findAttempt(deps.db, attemptId);
  if (!attempt) throw errors.notFound(msg('notFound.attempt'));
  // A queued run can reach a worker after the submit: it must not add results to submitted work.
  if (attempt.status !== 'in_progress') throw errors.conflict(msg('attempts.submittedNoChecks'));
  const assignment = (await repo.findAssignment(deps.db, attempt.assignment_id))!;
  const pkg = await packageOf(deps.db, assignment.scenario_version_id);
  const room = rooms.attempt(attemptId);
  const workspace = await repo.workspaceOf(deps.db, attemptId);
  const report = await gradeWorkspace(pkg, workspace.files, deps.sandbox(), {
    which: 'visible',
    onResult: (r) => deps.publisher.toRoom(room, ServerEvents.checkResult, { attemptId, result: visibleOnly([r])[0] }),
  });
  await deps
    .db('check_runs')
    .insert({ id: randomUUID(), attempt_id: attemptId, kind: 'visible', auto_score: report.autoScore, results_json: JSON.stringify(report.checks), revisions_json: workspace.revisionsJson, created_at: now });
  await deps.db('attempts').where({ id: attemptId }).update({ last_activity_at: now });
  const passed = report.checks.filter((c) => c.passed).length;
  await repo.record(deps.db, attemptId, userId, { verb: 'attempted', object: 'checks:visible', result: { passed, total: report.checks.length } }, now);
  const results = visibleOnly(report.checks);
  deps.publisher.toRoom(room, ServerEvents.checksFinished, { attemptId, results });
  await deliverDueEvents(deps, attemptId);
  await publishMonitor(deps, attemptId);
  return { autoScore: report.autoScore, results };
}

/** Tasks whose visible checks have all passed at least once, and when that first happened. */
async function passedTasks(db: Knex, attemptId: string, pkg: Awaited<ReturnType<typeof packageOf>>) {
  const runs: { results_json: string; created_at: Date | number }[] = await db('check_runs').where({ attempt_id: attemptId }).orderBy('created_at').select('results_json', 'created_at');
  const firstPass = new Map<string, Date>();
  for (const run of runs) {
    for (const task of tasksPassedBy(pkg.manifest, JSON.parse(run.results_json) as CheckResult[])) {
      if (!firstPass.has(task)) firstPass.set(task, toDate(run.created_at)!);
    }
  }
  return firstPass;
}

/**
 * Delivers every event that is due and not yet delivered. The unique key on (attempt, event)
 * makes this safe to call from anywhere, any number of times, in any number of processes:
 * only the insert that wins announces the event.
 */
export async function deliverDueEvents(deps: AttemptDeps, attemptId: string): Promise<number> {
  const attempt = await repo.findAttempt(deps.db, attemptId);
  if (!attempt || attempt.status !== 'in_progress') return 0;
  const assignment = (await repo.findAssignment(deps.db, attempt.assignment_id))!;
  const pkg = await packageOf(deps.db, assignment.scenario_version_id);
  if (pkg.manifest.events.length === 0) return 0;
  const delivered = await repo.deliveredEvents(deps.db, attemptId);
  const now = deps.clock();
  const startedAt = toDate(attempt.started_at)!;
  const firstPass = pkg.manifest.events.some((e) => e.after?.startsWith('task:')) ? await passedTasks(deps.db, attemptId, pkg) : new Map<string, Date>();
  let count = 0;
  for (const event of pkg.manifest.events) {
    if (delivered.has(event.id)) continue;
    const due = dueAt(event, startedAt, new Set(firstPass.keys()), firstPass);
    if (!due || due.getTime() > now.getTime()) continue;
    try {
      await deps.db.transaction(async (trx) => {
        await trx('event_deliveries').insert({ attempt_id: attemptId, event_id: event.id, delivered_at: now });
        await repo.record(trx, attemptId, null, { verb: 'received', object: `event:${event.id}` }, now);
      });
    } catch (err) {
      if (repo.isUniqueViolation(err)) continue;
      throw err;
    }
    count++;
    deps.publisher.toRoom(rooms.attempt(attemptId), ServerEvents.eventDelivered, { attemptId, ...presentDelivery(pkg, event.id, now), unlocks: event.unlocks?.replace(/^task:/, '') ?? null });
  }
  if (count > 0) await publishMonitor(deps, attemptId);
  return count;
}

/**
 * Submits: the status changes once (a conditional update), then every check runs on the last
 * acked revisions. Safe to call twice (a click and the deadline at the same moment).
 */
export async function submitAttempt(
  deps: AttemptDeps,
  actor: Actor | null,
  attemptId: string,
  reason: 'student' | 'deadline',
  opts: { gradeInBackground?: boolean } = {},
): Promise<AttemptView | null> {
  if (actor) await attemptFor(deps, actor, attemptId, 'owner');
  // An event already due has arrived, even if the scheduler's pass has not run yet: its task counts as unlocked.
  await deliverDueEvents(deps, attemptId);
  const now = deps.clock();
  const changed = await deps.db.transaction(async (trx) => {
    const n = await trx('attempts')
      .where({ id: attemptId, status: 'in_progress' })
      .update({ status: 'submitted', submitted_at: now, submit_reason: reason, last_activity_at: now });
    if (n === 1) await repo.record(trx, attemptId, actor?.id ?? null, { verb: 'submitted', object: `attempt:${attemptId}`, result: { reason } }, now);
    return n;
  });
  if (changed === 1) {
    deps.publisher.toRoom(rooms.attempt(attemptId), ServerEvents.attemptSubmitted, { attemptId, reason });
    // The scheduler submits many attempts at a shared deadline: it must not wait for each grade,
    // and they are graded a few at a time (backlog.ts). A grade lost to a crash is picked up
    // again by the scheduler's regrade pass.
    if (deps.gradingQueue) await requestGrading(deps, attemptId);
    else if (opts.gradeInBackground) gradeInBackground(deps, attemptId);
    else await gradeSubmission(deps, attemptId);
  } else if (actor) {
    const attempt = await repo.findAttempt(deps.db, attemptId);
    if (attempt?.status === 'in_progress') throw errors.conflict(msg('attempts.submitFailed'));
  }
  return actor ? attemptView(deps, actor, attemptId) : null;
}

export async function assertCanWatchAttempt(deps: AttemptDeps, actor: Actor, attemptId: string): Promise<void> {
  await attemptFor(deps, actor, attemptId, 'read');
}
