import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isUniqueViolation } from '../attempts/repo';
import { recordAudit } from '../audit/record';
import type { LtiRegistrationBodyT, LtiRegistrationViewT } from '../contract/lti';
import { toIso } from '../db/values';
import { errors } from '../http/errors';
import type { Actor } from '../http/policy';
import { msg } from '../messages';
import { administeredOrg } from '../orgs/administered';

export type RegistrationRow = {
  id: string;
  org_id: string;
  issuer: string;
  client_id: string;
  auth_login_url: string;
  token_url: string;
  jwks_url: string;
  deployment_ids: string;
  created_at: Date | string;
};

export const deploymentsOf = (row: RegistrationRow): string[] => JSON.parse(row.deployment_ids) as string[];

export function presentRegistration(row: RegistrationRow): LtiRegistrationViewT {
  return {
    id: row.id,
    orgId: row.org_id,
    issuer: row.issuer,
    clientId: row.client_id,
    authLoginUrl: row.auth_login_url,
    tokenUrl: row.token_url,
    jwksUrl: row.jwks_url,
    deploymentIds: deploymentsOf(row),
    createdAt: toIso(row.created_at)!,
  };
}

/** The organisation's registered platforms; another tenant's organisation is "not found". */
export async function listRegistrations(db: Knex, actor: Actor, orgId: string): Promise<LtiRegistrationViewT[]> {
  await administeredOrg(db, actor, orgId);
  const rows = (await db('lti_registrations').where({ org_id: orgId }).orderBy('created_at').orderBy('id')) as RegistrationRow[];
  return rows.map(presentRegistration);
}

/**
 * Registers a platform for a school: launches through it make students and teachers of that
 * school, so enterprises (which have neither) cannot register one. (issuer, client_id) names a
 * registration in every launch, so it may exist once platform-wide.
 */
export async function createRegistration(db: Knex, actor: Actor, orgId: string, body: LtiRegistrationBodyT, meta: { ip?: string }, now: Date): Promise<LtiRegistrationViewT> {
  const org = await administeredOrg(db, actor, orgId);
  if (org.kind !== 'school') throw errors.validation(msg('lti.schoolOnly'));
  const row: RegistrationRow = {
    id: randomUUID(),
    org_id: orgId,
    issuer: body.issuer,
    client_id: body.clientId,
    auth_login_url: body.authLoginUrl,
    token_url: body.tokenUrl,
    jwks_url: body.jwksUrl,
    deployment_ids: JSON.stringify([...new Set(body.deploymentIds)]),
    created_at: now,
  };
  try {
    await db.transaction(async (trx) => {
      await trx('lti_registrations').insert(row);
      await recordAudit(
        trx,
        { actor, orgId, action: 'lti.registered', target: { kind: 'organisation', id: orgId }, ip: meta.ip, detail: { registrationId: row.id, issuer: row.issuer, clientId: row.client_id } },
        now,
      );
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw errors.conflict(msg('lti.registrationExists'));
    throw err;
  }
  return presentRegistration(row);
}

/** Removes a registration with its links and states (cascade); accounts and courses it made stay the school's. */
export async function deleteRegistration(db: Knex, actor: Actor, orgId: string, id: string, meta: { ip?: string }, now: Date): Promise<void> {
  await administeredOrg(db, actor, orgId);
  await db.transaction(async (trx) => {
    const row = (await trx('lti_registrations').where({ id, org_id: orgId }).first()) as RegistrationRow | undefined;
    if (!row) throw errors.notFound(msg('notFound.ltiRegistration'));
    await trx('lti_registrations').where({ id, org_id: orgId }).delete();
    await recordAudit(
      trx,
      { actor, orgId, action: 'lti.unregistered', target: { kind: 'organisation', id: orgId }, ip: meta.ip, detail: { registrationId: id, issuer: row.issuer, clientId: row.client_id } },
      now,
    );
  });
}
