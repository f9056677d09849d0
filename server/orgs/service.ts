import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { CreateOrgInput, DirectoryOrgT, OrgViewT } from '../contract/accounts';
import { toIso } from '../db/values';
import { errors } from '../http/errors';
import { issueOf } from '../http/validate';
import { msg } from '../messages';
import { recordAudit } from '../audit/record';
import type { Actor } from '../http/policy';

type OrgRow = { id: string; slug: string; name: string; kind: 'school' | 'enterprise'; created_at: Date | number };
type PartnerRow = { school_id: string; enterprise_id: string; status: string };

/**
 * Organisations with member counts and partners: every one for a platform operator, the ones
 * they administer for an organisation's admin (`only`).
 */
export async function listOrgs(db: Knex, only?: string[]): Promise<OrgViewT[]> {
  const query = db('organizations').orderBy('name').select('*');
  if (only) query.whereIn('id', only);
  const orgs: OrgRow[] = await query;
  const ids = orgs.map((o) => o.id);
  const counts: { org_id: string; n: number | string }[] = await db('memberships')
    .whereIn('org_id', ids)
    .select('org_id')
    .countDistinct({ n: 'user_id' })
    .groupBy('org_id');
  const partnerships: PartnerRow[] = await db('partnerships')
    .whereNot('status', 'ended')
    .where((w) => w.whereIn('school_id', ids).orWhereIn('enterprise_id', ids))
    .select('school_id', 'enterprise_id', 'status');
  const countBy = new Map(counts.map((c) => [c.org_id, Number(c.n)]));
  const nameBy = new Map((await db('organizations').whereIn('id', partnerships.flatMap((p) => [p.school_id, p.enterprise_id])).select('id', 'name')).map((o: { id: string; name: string }) => [o.id, o.name]));
  return orgs.map((o) => ({
    id: o.id,
    slug: o.slug,
    name: o.name,
    kind: o.kind,
    memberCount: countBy.get(o.id) ?? 0,
    partners: partnerships
      .filter((p) => p.school_id === o.id || p.enterprise_id === o.id)
      .map((p) => {
        const other = p.school_id === o.id ? p.enterprise_id : p.school_id;
        return { id: other, name: nameBy.get(other) ?? '', status: p.status };
      }),
    createdAt: toIso(o.created_at)!,
  }));
}

/** `actor`: who creates it, for the audit log (null: the system, e.g. a seed). */
export async function createOrg(db: Knex, input: CreateOrgInput, now: Date, actor: Actor | null = null): Promise<OrgViewT> {
  if (await db('organizations').where({ slug: input.slug }).first()) {
    throw errors.conflict(msg('orgs.slugTaken', { slug: input.slug }), [issueOf('body.slug', msg('field.taken'))]);
  }
  const id = randomUUID();
  await db.transaction(async (trx) => {
    await trx('organizations').insert({ id, slug: input.slug, name: input.name, kind: input.kind, created_at: now });
    // The new organisation's admins read how it began; the operator reads every entry anyway.
    await recordAudit(trx, { actor, orgId: id, action: 'organisation.created', target: { kind: 'organisation', id }, detail: { slug: input.slug, name: input.name, kind: input.kind } }, now);
  });
  return (await listOrgs(db, [id]))[0]!;
}

/**
 * Every organisation's name and kind: what an admin needs to propose a partnership. Member
 * counts and partners stay with the organisation's own admins.
 */
export async function directory(db: Knex): Promise<DirectoryOrgT[]> {
  return db('organizations').orderBy('name').select('id', 'name', 'kind');
}
