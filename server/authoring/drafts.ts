import type { Knex } from 'knex';
import type { DeleteDraftFileInput, DraftFileAck, DraftFileChanged, SaveDraftFileInput } from '../contract/authoring';
import { filePathReason, isFilePath } from '../contract/paths';
import { ServerEvents } from '../contract/realtime';
import type { SaveConflict, WorkspaceFile } from '../contract/workspace';
import { isUniqueViolation } from '../attempts/repo';
import { MAX_PACKAGE_FILES } from '../scenarios/package';
import { AppError, errors } from '../http/errors';
import { msg } from '../messages';
import { invalidField } from '../http/validate';
import { DRAFT_QUOTA_BYTES, formatBytes, utf8Length } from '../contract/limits';
import { consumeOrRefuse, tooManySaves } from '../http/rateLimit';
import type { Actor } from '../http/policy';
import type { AuthoringDeps } from './deps';
import { assertAuthor, assertMember } from './policy';

/** A draft holds at most as many files as a package folder. */
export const MAX_DRAFT_FILES = MAX_PACKAGE_FILES;
/** And this much text in all, in UTF-8 bytes: a runaway upload must not fill the database. */
export const MAX_DRAFT_BYTES = DRAFT_QUOTA_BYTES;

export type DraftRow = {
  id: string;
  scenario_id: string;
  base_version_id: string | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date | number;
  updated_at: Date | number;
  validation_json: string | null;
};

export const draftRooms = { draft: (id: string) => `draft:${id}` };

/** The draft with its scenario's owner, or 404 for anyone outside the owning enterprise. */
export async function draftFor(db: Knex, actor: Actor, draftId: string, need: 'read' | 'edit'): Promise<DraftRow & { owner_org_id: string; slug: string }> {
  const row = await db('scenario_drafts as d').join('scenarios as s', 's.id', 'd.scenario_id').where('d.id', draftId).first('d.*', 's.owner_org_id', 's.slug');
  if (!row) throw errors.notFound(msg('notFound.draft'));
  if (need === 'edit') assertAuthor(actor, row.owner_org_id, msg('notFound.draft'));
  else assertMember(actor, row.owner_org_id, msg('notFound.draft'));
  return row;
}

export async function draftFiles(db: Knex, draftId: string): Promise<WorkspaceFile[]> {
  const rows: { path: string; revision: number; content: string }[] = await db('draft_files').where({ draft_id: draftId }).orderBy('path').select('path', 'revision', 'content');
  return rows.map((r) => ({ path: r.path, revision: Number(r.revision), content: r.content }));
}

export const filesMap = (files: WorkspaceFile[]) => new Map(files.map((f) => [f.path, f.content]));

async function currentFile(db: Knex, draftId: string, path: string) {
  const row = await db('draft_files').where({ draft_id: draftId, path }).first('revision', 'content', 'author_id');
  return row ? { revision: Number(row.revision), content: row.content as string, authorId: row.author_id as string | null } : undefined;
}

/** The payload schema checks the path already; this keeps the rule for any other caller too. */
function assertFilePath(path: string): void {
  const problem = filePathReason(path);
  if (problem) throw invalidField('payload.path', problem);
}

const conflict = (path: string, rev: number, content: string) =>
  new AppError('conflict', msg('files.changedElsewhere', { path, revision: rev }), {
    path,
    serverRevision: rev,
    serverContent: content,
  } satisfies SaveConflict);

async function assertFileCount(trx: Knex, draftId: string): Promise<void> {
  const [{ n }] = (await trx('draft_files').where({ draft_id: draftId }).count({ n: '*' })) as [{ n: number | string }];
  if (Number(n) + 1 > MAX_DRAFT_FILES) throw errors.validation(msg('authoring.tooManyFiles', { max: String(MAX_DRAFT_FILES) }));
}

/**
 * Records a change of `growth` bytes (negative when the draft shrinks) on the draft row, so the
 * limit never reads every file to add them up. One conditional update: two authors saving at
 * once cannot both take the last of the room, and a change that shrinks the draft always goes.
 */
async function grow(trx: Knex, draftId: string, userId: string, now: Date, growth: number, needed: number): Promise<void> {
  const n = await trx('scenario_drafts')
    .where({ id: draftId })
    .where((q) => q.whereRaw('? <= 0', [growth]).orWhereRaw('size_bytes + ? <= ?', [growth, MAX_DRAFT_BYTES]))
    .update({ updated_at: now, updated_by: userId, size_bytes: trx.raw('size_bytes + ?', [growth]) });
  if (Number(n) === 1) return;
  const used = Number((await trx('scenario_drafts').where({ id: draftId }).first('size_bytes'))?.size_bytes ?? 0);
  throw errors.quotaExceeded(
    msg('authoring.draftQuota', { limit: formatBytes(MAX_DRAFT_BYTES), used: formatBytes(used), needed: formatBytes(needed) }),
    { limitBytes: MAX_DRAFT_BYTES, usedBytes: used, neededBytes: needed },
  );
}

/**
 * Autosave of one draft file, with the student workspace's guarantees: the write names the
 * revision it was based on and replaces only that one (a single conditional statement, so two
 * authors cannot both win); the revision is committed before the ack; a resend of a save whose
 * ack was lost is recognised and acked again; anything else is a conflict carrying the server's
 * version for the author to resolve.
 */
export async function saveDraftFile(deps: AuthoringDeps, actor: Actor, input: SaveDraftFileInput): Promise<DraftFileAck> {
  await consumeOrRefuse(deps.saveLimiter, actor.id, tooManySaves);
  assertFilePath(input.path);
  const draft = await draftFor(deps.db, actor, input.draftId, 'edit');
  const now = deps.clock();
  const revision = input.baseRevision + 1;
  const bytes = utf8Length(input.content);
  // The write and the draft-row lock share a transaction: a publish (which locks the row for
  // update) and a save take turns, so an acked save is never lost to a publish that missed it.
  const stored = await deps.db.transaction(async (trx) => {
    await lockDraft(trx, draft.id, 'share');
    if (input.baseRevision === 0) {
      const exists = await trx('draft_files').where({ draft_id: draft.id, path: input.path }).first('revision');
      if (exists) return false;
      await assertFileCount(trx, draft.id);
      await trx('draft_files').insert({ draft_id: draft.id, path: input.path, revision, content: input.content, size_bytes: bytes, author_id: actor.id, updated_at: now });
      await grow(trx, draft.id, actor.id, now, bytes, bytes);
      return true;
    }
    const old = await trx('draft_files').where({ draft_id: draft.id, path: input.path, revision: input.baseRevision }).first('size_bytes');
    if (!old) return false;
    const n = await trx('draft_files')
      .where({ draft_id: draft.id, path: input.path, revision: input.baseRevision })
      .update({ revision, content: input.content, size_bytes: bytes, author_id: actor.id, updated_at: now });
    if (Number(n) !== 1) return false;
    await grow(trx, draft.id, actor.id, now, bytes - Number(old.size_bytes), bytes);
    return true;
  }).catch((err: unknown) => {
    // Two first saves of one new file at once: the primary key lets one through.
    if (isUniqueViolation(err)) return false;
    throw err;
  });
  if (!stored) {
    const current = await currentFile(deps.db, draft.id, input.path);
    if (current && current.revision === revision && current.content === input.content && current.authorId === actor.id) return { revision };
    throw conflict(input.path, current?.revision ?? 0, current?.content ?? '');
  }
  announce(deps, { draftId: draft.id, path: input.path, revision, content: input.content, byUserId: actor.id });
  return { revision };
}

/** Removes a file, under the same rule: only the revision the author saw may be removed. */
export async function deleteDraftFile(deps: AuthoringDeps, actor: Actor, input: DeleteDraftFileInput): Promise<{ deleted: true }> {
  await consumeOrRefuse(deps.saveLimiter, actor.id, tooManySaves);
  const draft = await draftFor(deps.db, actor, input.draftId, 'edit');
  if (input.path === 'scenario.yaml') throw errors.validation(msg('authoring.keepScenarioYaml'));
  const now = deps.clock();
  const n = await deps.db.transaction(async (trx) => {
    await lockDraft(trx, draft.id, 'share');
    const file = trx('draft_files').where({ draft_id: draft.id, path: input.path, revision: input.baseRevision });
    const old = await file.clone().first('size_bytes');
    if (!old || Number(await file.delete()) !== 1) return 0;
    await grow(trx, draft.id, actor.id, now, -Number(old.size_bytes), 0);
    return 1;
  });
  if (n !== 1) {
    const current = await currentFile(deps.db, draft.id, input.path);
    if (!current) return { deleted: true };
    throw conflict(input.path, current.revision, current.content);
  }
  announce(deps, { draftId: draft.id, path: input.path, revision: 0, content: null, byUserId: actor.id });
  return { deleted: true };
}

/**
 * Locks the draft row (PostgreSQL; SQLite runs one writer at a time anyway). Saves share the
 * lock, a publish takes it whole; a draft that is gone (published, discarded) ends the save.
 */
export async function lockDraft(trx: Knex, draftId: string, mode: 'share' | 'update'): Promise<void> {
  const q = trx('scenario_drafts').where({ id: draftId }).first('id');
  if (trx.client.config.client === 'pg') {
    // KEY SHARE, not SHARE: saves then update the draft row (updated_at), and a no-key update
    // does not wait for another save's key-share lock, so two saves never deadlock; a publish's
    // FOR UPDATE still waits for every save in flight.
    if (mode === 'share') q.forKeyShare();
    else q.forUpdate();
  }
  if (!(await q)) throw errors.conflict(msg('authoring.draftClosed'), { reason: 'draft_closed' });
}

function announce(deps: AuthoringDeps, change: DraftFileChanged): void {
  deps.publisher.toRoom(draftRooms.draft(change.draftId), ServerEvents.draftFileChanged, change);
}

/**
 * Writes a whole package into a new draft (template, copy of a version, import). A path the file
 * rule refuses stays behind: an import has refused it already, and a version published before
 * the rule may hold one (`.git/config`) that no author could delete from the draft afterwards.
 */
export async function insertDraftFiles(trx: Knex, draftId: string, files: Map<string, string>, authorId: string, now: Date): Promise<void> {
  const rows = [...files].filter(([path]) => isFilePath(path)).map(([path, content]) => ({ draft_id: draftId, path, revision: 1, content, size_bytes: utf8Length(content), author_id: authorId, updated_at: now }));
  for (let i = 0; i < rows.length; i += 50) await trx('draft_files').insert(rows.slice(i, i + 50));
  await trx('scenario_drafts')
    .where({ id: draftId })
    .update({ size_bytes: rows.reduce((n, r) => n + r.size_bytes, 0) });
}
