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

/**
 * The teacher's live monitor of an assignment: a row per attempt, pushed to the assignment's
 * room on start, checks, events and submission, and (at most every 5 s) on activity; and a
 * "not started" row for every student the assignment is for who has no attempt yet.
 */

const lastMonitorPush = new Map<string, number>();

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

/** The teacher's live table: one row per attempt, pushed to the assignment room. */
export async function monitorRow(db: Knex, attemptId: string): Promise<MonitorRow | null> {
  const row = await db('attempts as a').join('users as u', 'u.id', 'a.student_id').where('a.id', attemptId).first('a.*', 'u.name as student_name');
  if (!row) return null;
  const assignment = (await repo.findAssignment(db, row.assignment_id))!;
  const pkg = await packageOf(db, assignment.scenario_version_id);
  const lastRun = await db('check_runs').where({ attempt_id: attemptId, kind: 'visible' }).orderBy('created_at', 'desc').first('results_json');
  const results = lastRun ? (JSON.parse(lastRun.results_json) as CheckResult[]) : [];
  const delivered: { event_id: string }[] = await db('event_deliveries').where({ attempt_id: attemptId }).select('event_id');
  const visible = visibleChecks(pkg.manifest, new Set(delivered.map((d) => d.event_id)));
  // Saves do not touch the attempt row (the hot path stays one statement): the newest revision is activity too.
  const lastSave = await db('file_revisions').where({ attempt_id: attemptId }).max({ at: 'created_at' }).first();
  const lastActivity = Math.max(toDate(row.last_activity_at)!.getTime(), toDate(lastSave?.at)?.getTime() ?? 0);
  return {
    attemptId,
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
    eventsDelivered: delivered.length,
    autoScore: row.auto_score === null ? null : Number(row.auto_score),
  };
}

/** The students an assignment is for: its targets (targeted practice), else the course's students. */
async function studentsFor(db: Knex, assignment: { id: string; course_id: string }): Promise<{ id: string; name: string }[]> {
  const targeted: { id: string; name: string }[] = await db('assignment_targets as t').join('users as u', 'u.id', 't.student_id').where('t.assignment_id', assignment.id).select('u.id', 'u.name');
  if (targeted.length) return targeted;
  return db('course_members as m').join('users as u', 'u.id', 'm.user_id').where({ 'm.course_id': assignment.course_id, 'm.role': 'student' }).select('u.id', 'u.name');
}

const assignmentOfAttempt = new Map<string, string>();

/** A monitor push must never take the save that triggered it down with it. */
export function publishMonitorSafely(deps: AttemptDeps, attemptId: string): void {
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
  }
  lastMonitorPush.set(attemptId, Date.now());
  const row = await monitorRow(deps.db, attemptId);
  if (!row) return;
  const attempt = await repo.findAttempt(deps.db, attemptId);
  deps.publisher.toRoom(rooms.assignment(attempt!.assignment_id), ServerEvents.monitorUpdated, row);
}

export async function monitor(deps: AttemptDeps, actor: Actor, assignmentId: string): Promise<{ assignmentId: string; rows: MonitorRow[] }> {
  const assignment = await repo.findAssignment(deps.db, assignmentId);
  if (!assignment || (await courseRole(deps.db, actor, assignment.course_id)) !== 'teacher') throw errors.notFound(msg('notFound.assignment'));
  const attempts: { id: string }[] = await deps.db('attempts').where({ assignment_id: assignmentId }).select('id');
  const started = (await Promise.all(attempts.map((a) => monitorRow(deps.db, a.id)))).filter((r): r is MonitorRow => r !== null);
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

