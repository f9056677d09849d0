import { administeredOrg } from '../orgs/administered';
import type { Knex } from 'knex';
import { ClaimMapping, type ClaimMappingT, type SsoConfigBodyT, type SsoConfigViewT, type SsoOrgT } from '../contract/sso';
import { recordAudit } from '../audit/record';
import { toBool, toIso } from '../db/values';
import { errors } from '../http/errors';
import type { Actor } from '../http/policy';
import { issueOf } from '../http/validate';
import { msg } from '../messages';
import { Sealer } from '../secrets/sealer';

/** An organisation's identity provider as the sign-in flow needs it (the secret included). */
export type SsoConfig = {
  orgId: string;
  enabled: boolean;
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  scopes: string;
  claims: ClaimMappingT;
  passwordSignInDisabled: boolean;
  updatedAt: Date | null;
};

type Row = {
  org_id: string;
  enabled: boolean | number;
  issuer: string;
  client_id: string;
  client_secret: string | null;
  scopes: string;
  claim_mapping: string;
  password_sign_in_disabled: boolean | number;
  updated_at: Date | number | string;
};

/** Where a client secret is sealed for: a sealed secret copied to another organisation's row does not open. */
const secretContext = (orgId: string) => `sso_configs.client_secret:${orgId}`;

const fromRow = (r: Row, sealer: Sealer): SsoConfig => ({
  orgId: r.org_id,
  enabled: toBool(r.enabled),
  issuer: r.issuer,
  clientId: r.client_id,
  clientSecret: r.client_secret === null ? null : sealer.open(r.client_secret, secretContext(r.org_id)),
  scopes: r.scopes,
  claims: ClaimMapping.parse(JSON.parse(r.claim_mapping)),
  passwordSignInDisabled: toBool(r.password_sign_in_disabled),
  updatedAt: new Date(toIso(r.updated_at)!),
});

export async function loadConfig(db: Knex, sealer: Sealer, orgId: string): Promise<SsoConfig | null> {
  const row = await db<Row>('sso_configs').where({ org_id: orgId }).first();
  return row ? fromRow(row, sealer) : null;
}

/**
 * Seals client secrets stored before sealing came in (run at start, after the migrations): a
 * migration cannot, as the key is not the database's to know.
 */
export async function sealStoredSecrets(db: Knex, sealer: Sealer): Promise<number> {
  const rows: { org_id: string; client_secret: string }[] = await db('sso_configs').whereNotNull('client_secret').select('org_id', 'client_secret');
  let sealed = 0;
  for (const r of rows.filter((x) => !Sealer.isSealed(x.client_secret))) {
    sealed += await db('sso_configs').where({ org_id: r.org_id, client_secret: r.client_secret }).update({ client_secret: sealer.seal(r.client_secret, secretContext(r.org_id)) });
  }
  return sealed;
}

/** The organisation a slug names, with its enabled provider; null when it has none. */
export async function configBySlug(db: Knex, sealer: Sealer, slug: string): Promise<{ org: { id: string; name: string }; config: SsoConfig } | null> {
  const org = await db('organizations').where({ slug: slug.toLowerCase() }).first('id', 'name');
  if (!org) return null;
  const config = await loadConfig(db, sealer, org.id as string);
  return config?.enabled ? { org: { id: org.id as string, name: org.name as string }, config } : null;
}

/** Organisations whose provider is switched on, for the sign-in page's list. */
export async function listSsoOrgs(db: Knex): Promise<SsoOrgT[]> {
  return db('sso_configs as c')
    .join('organizations as o', 'o.id', 'c.org_id')
    .where('c.enabled', true)
    .orderBy('o.name')
    .select('o.slug', 'o.name', 'o.kind');
}


const DEFAULTS = { enabled: false, issuer: '', clientId: '', scopes: 'openid email profile', claims: ClaimMapping.parse({}), passwordSignInDisabled: false };

export function present(orgId: string, config: SsoConfig | null, redirectUri: string): SsoConfigViewT {
  const c = config ?? { ...DEFAULTS, clientSecret: null, updatedAt: null };
  return {
    orgId,
    configured: config !== null,
    enabled: c.enabled,
    issuer: c.issuer,
    clientId: c.clientId,
    clientSecretSet: Boolean(c.clientSecret),
    scopes: c.scopes,
    claims: c.claims,
    passwordSignInDisabled: c.passwordSignInDisabled,
    redirectUri,
    updatedAt: c.updatedAt ? c.updatedAt.toISOString() : null,
  };
}

export async function getConfig(db: Knex, sealer: Sealer, actor: Actor, orgId: string): Promise<SsoConfig | null> {
  await administeredOrg(db, actor, orgId);
  return loadConfig(db, sealer, orgId);
}

export async function putConfig(db: Knex, sealer: Sealer, actor: Actor, orgId: string, body: SsoConfigBodyT, meta: { ip?: string }, now: Date): Promise<SsoConfig> {
  await administeredOrg(db, actor, orgId);
  if (body.passwordSignInDisabled && !body.enabled) {
    // Nobody of the organisation could sign in at all.
    throw errors.validation(msg('sso.passwordOffNeedsSso'), [issueOf('body.passwordSignInDisabled', msg('sso.passwordOffNeedsSso'))]);
  }
  return db.transaction(async (trx) => {
    const before = await loadConfig(trx, sealer, orgId);
    const secret = body.clientSecret ? body.clientSecret : (before?.clientSecret ?? null);
    const row = {
      enabled: body.enabled,
      issuer: body.issuer.replace(/\/+$/, ''),
      client_id: body.clientId,
      client_secret: secret === null ? null : sealer.seal(secret, secretContext(orgId)),
      scopes: body.scopes,
      claim_mapping: JSON.stringify(body.claims),
      password_sign_in_disabled: body.passwordSignInDisabled,
      updated_at: now,
      updated_by: actor.id,
    };
    if (before) await trx('sso_configs').where({ org_id: orgId }).update(row);
    else await trx('sso_configs').insert({ org_id: orgId, ...row });
    const summary = (c: Pick<SsoConfig, 'enabled' | 'issuer' | 'clientId' | 'passwordSignInDisabled'> | null) =>
      c && { enabled: c.enabled, issuer: c.issuer, clientId: c.clientId, passwordSignInDisabled: c.passwordSignInDisabled };
    await recordAudit(
      trx,
      {
        actor,
        orgId,
        action: 'sso.configured',
        target: { kind: 'organisation', id: orgId },
        ip: meta.ip,
        // Never the secret: only whether it changed.
        detail: { before: summary(before), after: summary({ ...body, issuer: row.issuer }), secretChanged: Boolean(body.clientSecret) },
      },
      now,
    );
    return (await loadConfig(trx, sealer, orgId))!;
  });
}

/**
 * The organisation (if any) that keeps this person from signing in with a password: one of
 * their organisations switched it off. Platform operators are never locked out.
 */
export async function passwordSignInBlockedBy(db: Knex, userId: string): Promise<{ orgName: string; slug: string } | null> {
  const row = await db('memberships as m')
    .join('sso_configs as c', 'c.org_id', 'm.org_id')
    .join('organizations as o', 'o.id', 'm.org_id')
    .where('m.user_id', userId)
    .where('c.enabled', true)
    .where('c.password_sign_in_disabled', true)
    .orderBy('o.name')
    .first('o.name', 'o.slug');
  return row ? { orgName: row.name as string, slug: row.slug as string } : null;
}
