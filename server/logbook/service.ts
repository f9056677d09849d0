import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  ATTACHMENTS_PER_WEEK,
  ATTACHMENT_MAX_BYTES,
  type AttachmentType,
  type LogAttachmentView,
  type LogCommentView,
  type LogEntryView,
  type LogStatus,
  type LogbookView,
  type SaveLogInput,
} from '../contract/logbook';
import { isUniqueViolation } from '../attempts/repo';
import { toIso } from '../db/values';
import { AppError, errors } from '../http/errors';
import type { Actor } from '../http/policy';
import { invalidField } from '../http/validate';
import { msg } from '../messages';
import { placementAccess, type PlacementAccess, type PlacementFacts, type PlacementRelation } from '../placements/access';
import { safeName, sniffType } from './sniff';
import { isMonday, todayOf, weeksBetween } from './weeks';

/**
 * The weekly logbook (issue 16). The placed student writes a week (autosaved drafts with a
 * revision, as the workspace saves files), submits it; the enterprise mentor confirms it or
 * comments, which returns it to the student. The school mentor and the school's teachers read.
 * Whoever has no relation to the placement is told it does not exist.
 */

/** Who reads a logbook: everyone on the school side and the enterprise mentor; not the enterprise's admin. */
const READERS: readonly PlacementRelation[] = ['student', 'schoolMentor', 'enterpriseMentor', 'school'];
/** Weeks the student may still change. */
const EDITABLE: readonly LogStatus[] = ['draft', 'returned'];
/** Weeks that count as logged. */
const LOGGED: readonly LogStatus[] = ['submitted', 'confirmed'];

type LogRow = {
  id: string;
  placement_id: string;
  week: string;
  status: LogStatus;
  revision: number;
  hours: number | string | null;
  tasks: string;
  learned: string;
  problems: string;
  submitted_at: Date | number | null;
  confirmed_at: Date | number | null;
  confirmed_by: string | null;
  confirmer_name?: string | null;
};

type AttachmentRow = { id: string; log_id: string; name: string; content_type: AttachmentType; size_bytes: number; sha256: Buffer | Uint8Array; created_at: Date | number };

const logs = (db: Knex) => db('placement_logs as l').leftJoin('users as c', 'c.id', 'l.confirmed_by').select('l.*', 'c.name as confirmer_name');

function checkWeek(p: PlacementFacts, week: string): void {
  if (!isMonday(week)) throw invalidField('params.week', msg('logbook.notMonday'));
  if (!weeksBetween(p.startsOn, p.endsOn).includes(week)) throw invalidField('params.week', msg('logbook.outsidePlacement', { startsOn: p.startsOn, endsOn: p.endsOn }));
}

function present(row: LogRow, comments: LogCommentView[], attachments: LogAttachmentView[]): LogEntryView {
  return {
    week: row.week,
    status: row.status,
    revision: Number(row.revision),
    hours: row.hours === null ? null : Number(row.hours),
    tasks: row.tasks,
    learned: row.learned,
    problems: row.problems,
    submittedAt: toIso(row.submitted_at),
    confirmedAt: toIso(row.confirmed_at),
    confirmedBy: row.confirmed_by ? { id: row.confirmed_by, name: row.confirmer_name ?? '' } : null,
    comments,
    attachments,
  };
}

const presentAttachment = (a: AttachmentRow): LogAttachmentView => ({
  id: a.id,
  name: a.name,
  contentType: a.content_type,
  sizeBytes: Number(a.size_bytes),
  sha256: Buffer.from(a.sha256).toString('hex'),
  createdAt: toIso(a.created_at)!,
});

async function entriesOf(db: Knex, rows: LogRow[]): Promise<LogEntryView[]> {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const comments: (LogCommentView & { log_id: string })[] = (
    await db('placement_log_comments as k').join('users as u', 'u.id', 'k.author_id').whereIn('k.log_id', ids).orderBy('k.id').select('k.*', 'u.name as author_name')
  ).map((k: { id: number; log_id: string; author_id: string; author_name: string; body: string; created_at: Date | number }) => ({
    log_id: k.log_id,
    id: Number(k.id),
    author: { id: k.author_id, name: k.author_name },
    body: k.body,
    createdAt: toIso(k.created_at)!,
  }));
  const attachments: AttachmentRow[] = await db('placement_log_attachments')
    .whereIn('log_id', ids)
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .select('id', 'log_id', 'name', 'content_type', 'size_bytes', 'sha256', 'created_at');
  return rows.map((r) =>
    present(
      r,
      comments.filter((k) => k.log_id === r.id).map(({ log_id: _drop, ...k }) => k),
      attachments.filter((a) => a.log_id === r.id).map(presentAttachment),
    ),
  );
}

async function entry(db: Knex, placementId: string, week: string): Promise<LogEntryView> {
  const row: LogRow = await logs(db).where({ 'l.placement_id': placementId, 'l.week': week }).first();
  return (await entriesOf(db, [row]))[0]!;
}

/** Weeks from the start through today (or the end, when it has passed) not yet submitted. */
function missingWeeks(p: Pick<PlacementFacts, 'startsOn' | 'endsOn'>, rows: Pick<LogRow, 'week' | 'status'>[], now: Date): string[] {
  const today = todayOf(now);
  const through = today < p.endsOn ? today : p.endsOn;
  const logged = new Set(rows.filter((r) => LOGGED.includes(r.status)).map((r) => r.week));
  return weeksBetween(p.startsOn, through).filter((w) => !logged.has(w));
}

export async function getLogbook(db: Knex, actor: Actor, placementId: string, now: Date): Promise<LogbookView> {
  const { placement: p, relations } = await placementAccess(db, actor, placementId, READERS);
  const rows: LogRow[] = await logs(db).where('l.placement_id', p.id).orderBy('l.week');
  // A draft is the student's until submitted: the mentors and the school see submitted weeks only.
  const shown = relations.has('student') ? rows : rows.filter((r) => r.status !== 'draft');
  const student = await db('users').where({ id: p.studentId }).first('name');
  return {
    placementId: p.id,
    student: { id: p.studentId, name: student?.name ?? '' },
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    weeks: weeksBetween(p.startsOn, p.endsOn),
    entries: await entriesOf(db, shown),
    missing: p.status === 'cancelled' ? [] : missingWeeks(p, rows, now),
    canWrite: relations.has('student'),
    canReview: relations.has('enterpriseMentor'),
  };
}

/** The caller must be the placed student; readers who are not learn they may not write (they know the placement exists). */
async function asStudent(db: Knex, actor: Actor, placementId: string, week: string): Promise<PlacementAccess> {
  const a = await placementAccess(db, actor, placementId, READERS);
  if (!a.relations.has('student')) throw errors.forbidden(msg('logbook.onlyStudent'));
  // A cancelled placement keeps its logbook to read; nothing more is written to it.
  if (a.placement.status === 'cancelled') throw errors.conflict(msg('logbook.cancelled'));
  checkWeek(a.placement, week);
  return a;
}

async function asMentor(db: Knex, actor: Actor, placementId: string, week: string): Promise<PlacementAccess> {
  const a = await placementAccess(db, actor, placementId, READERS);
  if (!a.relations.has('enterpriseMentor')) throw errors.forbidden(msg('logbook.onlyMentor'));
  checkWeek(a.placement, week);
  return a;
}

function locked(status: LogStatus): AppError {
  return errors.conflict(msg(status === 'confirmed' ? 'logbook.confirmed' : 'logbook.awaitingReview'));
}

const stale = async (db: Knex, placementId: string, week: string) =>
  errors.conflict(msg('logbook.stale'), { entry: await entry(db, placementId, week) });

/** An autosave of the whole week: applied only on the revision it was based on. */
export async function saveDraft(db: Knex, actor: Actor, placementId: string, week: string, input: SaveLogInput, now: Date): Promise<LogEntryView> {
  await asStudent(db, actor, placementId, week);
  const fields = { hours: input.hours, tasks: input.tasks, learned: input.learned, problems: input.problems, updated_at: now };
  const row: LogRow | undefined = await db('placement_logs').where({ placement_id: placementId, week }).first();
  if (row && !EDITABLE.includes(row.status)) throw locked(row.status);
  if (!row) {
    if (input.baseRevision !== 0) throw await stale(db, placementId, week);
    try {
      await db('placement_logs').insert({ id: randomUUID(), placement_id: placementId, week, status: 'draft', revision: 1, ...fields, created_at: now });
    } catch (err) {
      // Another tab created the week first: its save wins, this one is stale.
      if (isUniqueViolation(err)) throw await stale(db, placementId, week);
      throw err;
    }
  } else {
    const n = await db('placement_logs')
      .where({ id: row.id, revision: input.baseRevision })
      .whereIn('status', EDITABLE as LogStatus[])
      .update({ ...fields, revision: input.baseRevision + 1 });
    if (n === 0) throw await stale(db, placementId, week);
  }
  return entry(db, placementId, week);
}

export async function submit(db: Knex, actor: Actor, placementId: string, week: string, revision: number, now: Date): Promise<LogEntryView> {
  await asStudent(db, actor, placementId, week);
  const row: LogRow | undefined = await db('placement_logs').where({ placement_id: placementId, week }).first();
  if (!row) throw errors.notFound(msg('notFound.logWeek'));
  if (!EDITABLE.includes(row.status)) throw locked(row.status);
  if (Number(row.revision) !== revision) throw await stale(db, placementId, week);
  if (row.hours === null) throw invalidField('body.hours', msg('logbook.hoursNeeded'));
  if (!row.tasks.trim()) throw invalidField('body.tasks', msg('logbook.tasksNeeded'));
  const n = await db('placement_logs').where({ id: row.id, revision }).whereIn('status', EDITABLE as LogStatus[]).update({ status: 'submitted', submitted_at: now, updated_at: now });
  if (n === 0) throw await stale(db, placementId, week);
  return entry(db, placementId, week);
}

async function submitted(db: Knex, placementId: string, week: string, revision?: number): Promise<LogRow> {
  const row: LogRow | undefined = await db('placement_logs').where({ placement_id: placementId, week }).first();
  if (!row) throw errors.notFound(msg('notFound.logWeek'));
  if (row.status !== 'submitted') throw errors.conflict(msg('logbook.notSubmitted', { status: row.status }));
  if (revision !== undefined && Number(row.revision) !== revision) throw await stale(db, placementId, week);
  return row;
}

export async function confirm(db: Knex, actor: Actor, placementId: string, week: string, revision: number, now: Date): Promise<LogEntryView> {
  await asMentor(db, actor, placementId, week);
  const row = await submitted(db, placementId, week, revision);
  const n = await db('placement_logs').where({ id: row.id, status: 'submitted', revision }).update({ status: 'confirmed', confirmed_at: now, confirmed_by: actor.id, updated_at: now });
  if (n === 0) throw await stale(db, placementId, week);
  return entry(db, placementId, week);
}

/** A comment returns the week to the student to amend and resubmit; every comment is kept. */
export async function comment(db: Knex, actor: Actor, placementId: string, week: string, body: string, now: Date): Promise<LogEntryView> {
  await asMentor(db, actor, placementId, week);
  const row = await submitted(db, placementId, week);
  await db.transaction(async (trx) => {
    const n = await trx('placement_logs').where({ id: row.id, status: 'submitted' }).update({ status: 'returned', updated_at: now });
    if (n === 0) throw errors.conflict(msg('logbook.notSubmitted', { status: 'returned' }));
    await trx('placement_log_comments').insert({ log_id: row.id, author_id: actor.id, body, created_at: now });
  });
  return entry(db, placementId, week);
}

/**
 * Adds a file to a week the student may still change, creating the week (revision 0: no text
 * saved yet, so the first autosave based on 0 still applies). The type is the bytes' own.
 */
export async function addAttachment(db: Knex, actor: Actor, placementId: string, week: string, name: string, bytes: Buffer, now: Date): Promise<LogAttachmentView> {
  await asStudent(db, actor, placementId, week);
  if (bytes.length > ATTACHMENT_MAX_BYTES) throw new AppError('payload_too_large', msg('logbook.tooLarge', { mb: ATTACHMENT_MAX_BYTES / 1024 / 1024 }));
  const type = sniffType(bytes);
  if (!type) throw new AppError('unsupported_media_type', msg('logbook.unsupportedFile'));
  let row: LogRow | undefined = await db('placement_logs').where({ placement_id: placementId, week }).first();
  if (!row) {
    try {
      await db('placement_logs').insert({ id: randomUUID(), placement_id: placementId, week, status: 'draft', revision: 0, hours: null, tasks: '', learned: '', problems: '', created_at: now, updated_at: now });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    row = await db('placement_logs').where({ placement_id: placementId, week }).first();
  }
  if (!EDITABLE.includes(row!.status)) throw locked(row!.status);
  const logId = row!.id;
  const id = randomUUID();
  await db.transaction(async (trx) => {
    // Serialise uploads to one week so two at once cannot make a sixth file.
    const lock = trx('placement_logs').where({ id: logId }).first('id');
    if (trx.client.config.client === 'pg') lock.forUpdate();
    await lock;
    const counted = await trx('placement_log_attachments').where({ log_id: logId }).count({ n: '*' });
    const n = counted[0]?.n ?? 0;
    if (Number(n) >= ATTACHMENTS_PER_WEEK) throw errors.conflict(msg('logbook.tooManyFiles', { max: ATTACHMENTS_PER_WEEK }));
    await trx('placement_log_attachments').insert({
      id,
      log_id: logId,
      name: safeName(name, type),
      content_type: type,
      size_bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest(),
      content: bytes,
      uploaded_by: actor.id,
      created_at: now,
    });
  });
  return presentAttachment(await db('placement_log_attachments').where({ id }).first());
}

async function attachmentOf(db: Knex, placementId: string, week: string, attachmentId: string) {
  const a = await db('placement_log_attachments as a')
    .join('placement_logs as l', 'l.id', 'a.log_id')
    .where({ 'a.id': attachmentId, 'l.placement_id': placementId, 'l.week': week })
    .first('a.*', 'l.status');
  if (!a) throw errors.notFound(msg('notFound.attachment'));
  return a as AttachmentRow & { content: Buffer | Uint8Array; status: LogStatus };
}

export async function readAttachment(db: Knex, actor: Actor, placementId: string, week: string, attachmentId: string) {
  const { placement } = await placementAccess(db, actor, placementId, READERS);
  checkWeek(placement, week);
  const a = await attachmentOf(db, placementId, week, attachmentId);
  return { name: a.name, contentType: a.content_type, content: Buffer.from(a.content), sha256: Buffer.from(a.sha256).toString('hex') };
}

export async function deleteAttachment(db: Knex, actor: Actor, placementId: string, week: string, attachmentId: string): Promise<void> {
  await asStudent(db, actor, placementId, week);
  const a = await attachmentOf(db, placementId, week, attachmentId);
  if (!EDITABLE.includes(a.status)) throw locked(a.status);
  await db('placement_log_attachments').where({ id: attachmentId }).delete();
}
