import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { ImportCredentialT, ImportPreviewT, ImportResultT } from '../../contract/accountImports';
import { isUniqueViolation } from '../../attempts/repo';
import { recordAudit } from '../../audit/record';
import { errors } from '../../http/errors';
import type { Actor } from '../../http/policy';
import { msg } from '../../messages';
import type { Publisher } from '../../realtime/publisher';
import { reviewersChanged } from '../../review/queue';
import { scopeOf } from '../admin';
import { readCsv } from './csv';
import { hashAll, initialPassword } from './initialPasswords';
import { countOutcomes, forDisplay, planIdOf, planImport, type OrgRef, type PlannedLine } from './plan';

/**
 * Bulk accounts from a CSV file: preview what it would do, then apply exactly that. Scoped like
 * every admin action: an organisation's admin imports into their organisation only (any other
 * id is "not found"), a platform operator into any.
 */

export type ImportDeps = { db: Knex; clock: () => Date; publisher: Publisher };

async function targetOrg(db: Knex, actor: Actor, orgId: string): Promise<OrgRef> {
  const scope = scopeOf(actor);
  const org: OrgRef | undefined = scope.all || scope.orgIds.includes(orgId) ? await db('organizations').where({ id: orgId }).first('id', 'name', 'kind') : undefined;
  if (!org) throw errors.notFound(msg('notFound.organisation'));
  return org;
}

const present = (org: OrgRef, file: ReturnType<typeof readCsv>, plan: PlannedLine[]): ImportPreviewT => ({
  orgId: org.id,
  orgName: org.name,
  orgKind: org.kind,
  encoding: file.encoding,
  ignoredColumns: file.ignoredColumns,
  planId: planIdOf(org.id, plan),
  counts: countOutcomes(plan),
  lines: forDisplay(plan).map(({ userId: _userId, ...line }) => line),
});

export async function previewImport(deps: Pick<ImportDeps, 'db'>, actor: Actor, orgId: string, bytes: Uint8Array): Promise<ImportPreviewT> {
  const org = await targetOrg(deps.db, actor, orgId);
  const file = readCsv(bytes);
  return present(org, file, await planImport(deps.db, org, file.rows));
}

const CHUNK = 100;

/**
 * Applies the file if it still plans what the preview showed (`planId`), in one transaction:
 * new accounts with an initial password they must change, roles added, names and classes set.
 * Refused and unchanged lines do nothing, so the same file uploaded again changes nothing.
 */
export async function applyImport(deps: ImportDeps, actor: Actor, orgId: string, bytes: Uint8Array, planId: string, ip: string | null): Promise<ImportResultT> {
  const org = await targetOrg(deps.db, actor, orgId);
  const file = readCsv(bytes);
  const before = await planImport(deps.db, org, file.rows);
  if (planIdOf(org.id, before) !== planId) throw errors.conflict(msg('accountImport.changed'));

  // Hashing is the slow part: done before the transaction, so no lock is held while it runs.
  const creates = before.filter((l) => l.outcome === 'create');
  const passwords = creates.map(() => initialPassword());
  const hashes = await hashAll(passwords);
  const now = deps.clock();

  let plan: PlannedLine[];
  try {
    plan = await deps.db.transaction(async (trx) => {
      // Decided again inside the transaction: what is written is what was checked.
      const current = await planImport(trx, org, file.rows);
      if (planIdOf(org.id, current) !== planId) throw errors.conflict(msg('accountImport.changed'));
      await write(trx, org, current, hashes, now);
      const counts = countOutcomes(current);
      await recordAudit(
        trx,
        { actor, orgId: org.id, action: 'accounts.imported', target: { kind: 'organisation', id: org.id }, ip, detail: { ...counts, lines: current.length, encoding: file.encoding } },
        now,
      );
      return current;
    });
  } catch (err) {
    // Someone created one of these e-mails between the check and the insert (another import, say).
    if (isUniqueViolation(err)) throw errors.conflict(msg('accountImport.changed'));
    throw err;
  }

  const changedAccess = new Set(plan.filter((l) => l.outcome === 'update' && l.changes.includes('role')).map((l) => l.userId!).filter(Boolean));
  for (const userId of changedAccess) deps.publisher.accessChanged(userId);
  for (const l of plan.filter((p) => p.role === 'reviewer' && (p.outcome === 'create' || p.changes.includes('role')))) {
    // A new reviewer can settle a disagreement nobody else could.
    if (l.userId) reviewersChanged(deps, [org.id], l.userId);
  }

  const credentials: ImportCredentialT[] = creates.map((l, i) => ({ line: l.line, email: l.email, name: l.name, role: l.role!, className: l.className, password: passwords[i]! }));
  return { ...present(org, file, plan), credentials };
}

async function insertChunks(trx: Knex.Transaction, table: string, rows: object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await trx(table).insert(rows.slice(i, i + CHUNK));
}

/** Writes the plan's creates and updates; the `userId`s of new accounts are filled in as they are made. */
async function write(trx: Knex.Transaction, org: OrgRef, plan: PlannedLine[], hashes: string[], now: Date): Promise<void> {
  const newIds = new Map<string, string>();
  const users: object[] = [];
  plan
    .filter((l) => l.outcome === 'create')
    .forEach((l, i) => {
      const id = randomUUID();
      newIds.set(l.email, id);
      users.push({ id, email: l.email, name: l.name, password_hash: hashes[i], disabled: false, must_change_password: true, created_at: now, updated_at: now });
    });
  await insertChunks(trx, 'users', users);

  const memberships: object[] = [];
  for (const l of plan) {
    l.userId ??= newIds.get(l.email) ?? null;
    if (l.outcome === 'create' || l.changes.includes('role')) {
      memberships.push({ id: randomUUID(), user_id: l.userId, org_id: org.id, role: l.role, lead: false, class_name: l.className, created_at: now });
    } else if (l.changes.includes('class')) {
      await trx('memberships').where({ user_id: l.userId, org_id: org.id, role: l.role }).update({ class_name: l.className });
    }
    if (l.changes.includes('name')) await trx('users').where({ id: l.userId }).update({ name: l.name, updated_at: now });
  }
  await insertChunks(trx, 'memberships', memberships);
}
