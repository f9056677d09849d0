import type { Knex } from 'knex';
import type { MonitorRow } from '../contract/workspace';
import { ServerEvents } from '../contract/realtime';
import { toDate, toIso } from '../db/values';
import type { CheckResult } from '../grading/types';
import { errors } from '../http/errors';
import { msg } from '../messages';
import type { Actor } from '../http/policy';
import { courseRole } from '../courses/policy';
import { lockedTasks } from './clock';
import { rooms, type AttemptDeps } from './deps';
import { packageOf } from './packages';
import * as repo from './repo';
import type { AttemptRow } from './repo';
import { BoundedMap } from './boundedMap';

/**
 * The teacher's live monitor of an assignment: a row per attempt, pushed to the assignment's
 * room on start, checks, events and submission, and (at most every 5 s) on activity; and a
 * "not started" row for every student the assignment is for who has no attempt yet.
 */

/**
 * What the monitor remembers per attempt (when it last pushed, which assignment it belongs to),
 * for a year group sitting at once and then some; older attempts are looked up again if they return.
 */
const REMEMBERED_ATTEMPTS = 20_000;
const lastMonitorPush = new BoundedMap<string, number>(REMEMBERED_ATTEMPTS);

type ManifestT = Awaited<ReturnType<typeof packageOf>>['manifest'];

/**
 * Visible checks as the student sees them: those of open tasks count, those of tasks an
 * undelivered event still locks are counted apart (the student's panel does not list them).
 */
function visibleChecks(manifest: ManifestT, delivered: ReadonlySet<string>): { open: Set<string>; locked: number } {
  const locked = lockedTasks(manifest, delivered);
  const open = new Set<string>();
  let lockedCount = 0;
  for (const task of manifest.tasks) {
    for (const check of task.checks.filter((c) => c.visible)) {
      if (locked.has(task.id)) lockedCount++;
      else open.add(check.id);
    }
  }
  return { open, locked: lockedCount };
}

/** Which attempts a monitor read covers: every attempt of an assignment, or some (pushes). */
type Scope = { assignmentId: string } | { attemptIds: string[] };

/** The attempt ids of `scope` as a subquery, so each per-attempt table is read by its attempt_id index. */
function attemptIdsOf(db: Knex, scope: Scope): Knex.QueryBuilder {
  return 'attemptIds' in scope ? db('attempts').whereIn('id', scope.attemptIds).select('id') : db('attempts').where('assignment_id', scope.assignmentId).select('id');
}

/**
 * Monitor rows of the attempts in `scope`, in four statements however many attempts there are
 * (the attempts with their students and last activity, the newest visible run and the deliveries
 * per attempt), and each package's manifest once.
 */
async function attemptRows(db: Knex, scope: Scope): Promise<MonitorRow[]> {
  const ids = () => attemptIdsOf(db, scope);
  const attemptsQuery = db('attempts as a')
    .join('users as u', 'u.id', 'a.student_id')
    .join('assignments as s', 's.id', 'a.assignment_id')
    .select('a.id', 'a.assignment_id', 'a.student_id', 'a.status', 'a.number', 'a.started_at', 'a.deadline_at', 'a.last_activity_at', 'a.auto_score', 'u.name as student_name', 's.scenario_version_id');
  if ('attemptIds' in scope) attemptsQuery.whereIn('a.id', scope.attemptIds);
  else attemptsQuery.where('a.assignment_id', scope.assignmentId);
  // The newest visible run's time per attempt from the (attempt_id, kind, created_at) index alone; only that run's results are read.
  const newestRun = db('check_runs').where('kind', 'visible').whereIn('attempt_id', ids()).groupBy('attempt_id').select('attempt_id').max({ at: 'created_at' }).as('m');
  const [attempts, runs, deliveries] = await Promise.all([
    attemptsQuery as Promise<AttemptJoined[]>,
    db('check_runs as c')
      .join(newestRun, (j) => j.on('c.attempt_id', '=', 'm.attempt_id').andOn('c.created_at', '=', 'm.at'))
      .where('c.kind', 'visible')
      .select('c.attempt_id', 'c.results_json') as Promise<{ attempt_id: string; results_json: string }[]>,
    db('event_deliveries').whereIn('attempt_id', ids()).select('attempt_id', 'event_id') as Promise<{ attempt_id: string; event_id: string }[]>,
  ]);
  // Two runs stored in the same millisecond are both "newest"; either is a run the student saw.
  const resultsOf = new Map(runs.map((r) => [r.attempt_id, r.results_json]));
  const deliveredTo = new Map<string, Set<string>>();
  for (const d of deliveries) deliveredTo.set(d.attempt_id, (deliveredTo.get(d.attempt_id) ?? new Set()).add(d.event_id));
  const manifests = new Map<string, ManifestT>();
  for (const versionId of new Set(attempts.map((a) => a.scenario_version_id))) manifests.set(versionId, (await packageOf(db, versionId)).manifest);

  return attempts.map((row) => {
    const json = resultsOf.get(row.id);
    const results = json ? (JSON.parse(json) as CheckResult[]) : [];
    const delivered = deliveredTo.get(row.id) ?? new Set<string>();
    const visible = visibleChecks(manifests.get(row.scenario_version_id)!, delivered);
    // A save moves last_activity_at in the statement that counts its bytes (repo, batchInsert).
    const lastActivity = toDate(row.last_activity_at)!.getTime();
    return {
      attemptId: row.id,
      assignmentId: row.assignment_id,
      student: { id: row.student_id, name: row.student_name },
      status: row.status,
      number: Number(row.number),
      startedAt: toIso(row.started_at)!,
      deadlineAt: toIso(row.deadline_at)!,
      lastActivityAt: new Date(lastActivity).toISOString(),
      visiblePassing: results.filter((r) => r.visible && r.passed && visible.open.has(r.id)).length,
      visibleTotal: visible.open.size,
      visibleLocked: visible.locked,
      eventsDelivered: delivered.size,
      autoScore: row.auto_score === null ? null : Number(row.auto_score),
    };
  });
}

type AttemptJoined = Pick<AttemptRow, 'id' | 'assignment_id' | 'student_id' | 'status' | 'number' | 'started_at' | 'deadline_at' | 'last_activity_at' | 'auto_score'> & {
  student_name: string;
  scenario_version_id: string;
};

/** The teacher's live table row of one attempt (what a push carries): the table's own query, for one id. */
export async function monitorRow(db: Knex, attemptId: string): Promise<MonitorRow | null> {
  return (await attemptRows(db, { attemptIds: [attemptId] }))[0] ?? null;
}

/** The students an assignment is for: its targets (targeted practice), else the course's students. */
async function studentsFor(db: Knex, assignment: { id: string; course_id: string }): Promise<{ id: string; name: string }[]> {
  const targeted: { id: string; name: string }[] = await db('assignment_targets as t').join('users as u', 'u.id', 't.student_id').where('t.assignment_id', assignment.id).select('u.id', 'u.name');
  if (targeted.length) return targeted;
  return db('course_members as m').join('users as u', 'u.id', 'm.user_id').where({ 'm.course_id': assignment.course_id, 'm.role': 'student' }).select('u.id', 'u.name');
}

const assignmentOfAttempt = new BoundedMap<string, string>(REMEMBERED_ATTEMPTS);

/** A monitor push must never take the save that triggered it down with it. */
export function publishMonitorSafely(deps: AttemptDeps, attemptId: string, assignmentId?: string): void {
  // A save knows its attempt's assignment from the statement that stored it: no look-up per attempt.
  if (assignmentId) assignmentOfAttempt.set(attemptId, assignmentId);
  publishMonitor(deps, attemptId, { throttle: true }).catch((err) => deps.logger.warn({ err, attemptId }, 'monitor push failed'));
}

export async function publishMonitor(deps: AttemptDeps, attemptId: string, opts: { throttle?: boolean } = {}): Promise<void> {
  // Saves arrive every few seconds per student; the monitor needs activity, not every keystroke,
  // and nothing at all when no teacher is watching.
  if (opts.throttle) {
    let assignmentId = assignmentOfAttempt.get(attemptId);
    if (!assignmentId) {
      assignmentId = (await repo.findAttempt(deps.db, attemptId))?.assignment_id;
      if (!assignmentId) return;
      assignmentOfAttempt.set(attemptId, assignmentId);
    }
    if (!deps.publisher.mayHaveListeners(rooms.assignment(assignmentId))) return;
    const last = lastMonitorPush.get(attemptId) ?? 0;
    if (Date.now() - last < 5_000) return;
    lastMonitorPush.set(attemptId, Date.now());
    queueActivityPush(deps, attemptId);
    return;
  }
  lastMonitorPush.set(attemptId, Date.now());
  const row = await monitorRow(deps.db, attemptId);
  if (!row) return;
  deps.publisher.toRoom(rooms.assignment(row.assignmentId), ServerEvents.monitorUpdated, row);
}

/**
 * Activity pushes wait this long and go out together: a class of 5,000 saving every two seconds
 * under a watching teacher is a thousand rows a second, read in one set of statements per
 * interval rather than four statements each.
 */
const ACTIVITY_PUSH_MS = 1_000;
const PUSH_READ_CHUNK = 500;
const pendingPushes = new WeakMap<AttemptDeps, Set<string>>();

function queueActivityPush(deps: AttemptDeps, attemptId: string): void {
  let pending = pendingPushes.get(deps);
  if (!pending) {
    pendingPushes.set(deps, (pending = new Set()));
    setTimeout(() => void flushActivityPushes(deps).catch((err: unknown) => deps.logger.warn({ err }, 'monitor push failed')), ACTIVITY_PUSH_MS).unref();
  }
  pending.add(attemptId);
}

async function flushActivityPushes(deps: AttemptDeps): Promise<void> {
  const ids = [...(pendingPushes.get(deps) ?? [])];
  pendingPushes.delete(deps);
  for (let i = 0; i < ids.length; i += PUSH_READ_CHUNK) {
    for (const row of await attemptRows(deps.db, { attemptIds: ids.slice(i, i + PUSH_READ_CHUNK) })) {
      deps.publisher.toRoom(rooms.assignment(row.assignmentId), ServerEvents.monitorUpdated, row);
    }
  }
}

export async function monitor(deps: AttemptDeps, actor: Actor, assignmentId: string): Promise<{ assignmentId: string; rows: MonitorRow[] }> {
  const assignment = await repo.findAssignment(deps.db, assignmentId);
  if (!assignment || (await courseRole(deps.db, actor, assignment.course_id)) !== 'teacher') throw errors.notFound(msg('notFound.assignment'));
  const started = await attemptRows(deps.db, { assignmentId });
  // Who has not started is as much the teacher's business as who has: a row each, first-class.
  const begun = new Set(started.map((r) => r.student.id));
  const pkg = await packageOf(deps.db, assignment.scenario_version_id);
  const before = visibleChecks(pkg.manifest, new Set());
  const waiting: MonitorRow[] = (await studentsFor(deps.db, assignment))
    .filter((s) => !begun.has(s.id))
    .map((s) => ({
      attemptId: null,
      assignmentId,
      student: { id: s.id, name: s.name },
      status: 'not_started',
      number: 0,
      startedAt: null,
      deadlineAt: null,
      lastActivityAt: null,
      visiblePassing: 0,
      visibleTotal: before.open.size,
      visibleLocked: before.locked,
      eventsDelivered: 0,
      autoScore: null,
    }));
  const rows = [...started, ...waiting].sort((a, b) => a.student.name.localeCompare(b.student.name) || a.student.id.localeCompare(b.student.id) || a.number - b.number);
  return { assignmentId, rows };
}

export async function assertCanMonitor(deps: AttemptDeps, actor: Actor, assignmentId: string): Promise<void> {
  const assignment = await repo.findAssignment(deps.db, assignmentId);
  if (!assignment || (await courseRole(deps.db, actor, assignment.course_id)) !== 'teacher') throw errors.notFound(msg('notFound.assignment'));
}

