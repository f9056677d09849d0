import { administeredOrg } from '../orgs/administered';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { recordAudit } from '../audit/record';
import type { Config } from '../config';
import type { XapiSettingsBodyT, XapiSettingsViewT } from '../contract/xapi';
import { toIso } from '../db/values';
import { errors } from '../http/errors';
import type { Actor } from '../http/policy';
import { issueOf } from '../http/validate';
import { msg } from '../messages';
import type { Identity } from './statements';
import type { Sealer } from '../secrets/sealer';

/**
 * An organisation's LRS connection and the key its statements name people with. The row is
 * made on first need (an export, a setting) with a random key that never changes afterwards,
 * so one person keeps one pseudonym in every statement the organisation ever sends.
 *
 * The LRS password is stored sealed (server/secrets/sealer.ts: AES-256-GCM under SECRETS_KEY,
 * bound to its organisation's row) and never leaves the server (the API answers only whether
 * one is set).
 */

const passwordContext = (orgId: string) => `xapi_settings.password:${orgId}`;

export type SettingsRow = {
  org_id: string;
  enabled: boolean | number;
  endpoint: string | null;
  username: string | null;
  password: string | null;
  pseudonym_key: string;
  identify_by_email: boolean | number;
  collected_until: Date | number | string | null;
  updated_at: Date | number | string;
};

/** The installation's canonical URL: accounts live there (the first public origin). */
export function homePageOf(config: Config): string {
  return (config.publicOrigins[0] ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
}

export async function settingsRow(db: Knex, orgId: string, now: Date): Promise<SettingsRow> {
  const found: SettingsRow | undefined = await db('xapi_settings').where({ org_id: orgId }).first();
  if (found) return found;
  // Two first uses at once: the primary key keeps one row and both read it back.
  await db('xapi_settings')
    .insert({ org_id: orgId, enabled: false, pseudonym_key: randomBytes(32).toString('base64url'), updated_at: now })
    .onConflict('org_id')
    .ignore();
  return (await db('xapi_settings').where({ org_id: orgId }).first()) as SettingsRow;
}

export async function identityOf(db: Knex, config: Config, orgId: string, now: Date): Promise<Identity> {
  return identityFrom(await settingsRow(db, orgId, now), homePageOf(config));
}

const flag = (v: boolean | number) => v === true || v === 1;

/** How the organisation's statements name people: by pseudonym, or by e-mail when it chose so (addresses loaded as needed). */
export function identityFrom(row: SettingsRow, homePage: string): Identity {
  return { homePage, pseudonymKey: row.pseudonym_key, ...(flag(row.identify_by_email) ? { emails: new Map<string, string>() } : {}) };
}

/** Where and as whom to send; null while forwarding is off or not set up. */
export function lrsOf(row: SettingsRow, sealer: Sealer): { endpoint: string; username: string; password: string } | null {
  if (!(row.enabled === true || row.enabled === 1) || !row.endpoint) return null;
  const password = row.password === null ? '' : sealer.open(row.password, passwordContext(row.org_id));
  return { endpoint: row.endpoint.replace(/\/+$/, ''), username: row.username ?? '', password };
}

/** An organisation the caller administers (any, for the operator); another tenant's is "not found". */

export function presentSettings(row: SettingsRow): XapiSettingsViewT {
  return {
    orgId: row.org_id,
    enabled: flag(row.enabled),
    identifyByEmail: flag(row.identify_by_email),
    endpoint: row.endpoint,
    username: row.username,
    passwordSet: Boolean(row.password),
    updatedAt: toIso(row.updated_at)!,
  };
}

export async function putSettings(db: Knex, sealer: Sealer, actor: Actor, orgId: string, body: XapiSettingsBodyT, meta: { ip?: string }, now: Date): Promise<XapiSettingsViewT> {
  await administeredOrg(db, actor, orgId);
  if (body.enabled && !body.endpoint) throw errors.validation(msg('xapi.endpointRequired'), [issueOf('body.endpoint', msg('xapi.endpointRequired'))]);
  return db.transaction(async (trx) => {
    const before = await settingsRow(trx, orgId, now);
    await trx('xapi_settings')
      .where({ org_id: orgId })
      .update({
        enabled: body.enabled,
        endpoint: body.endpoint ? body.endpoint.replace(/\/+$/, '') : null,
        username: body.username ?? null,
        // Left out (a client from before the choice existed): keep the one stored.
        identify_by_email: body.identifyByEmail ?? flag(before.identify_by_email),
        // Left out: keep the one stored (the form never shows it); a new one is sealed.
        password: body.password === undefined ? before.password : body.password ? sealer.seal(body.password, passwordContext(orgId)) : null,
        updated_by: actor.id,
        updated_at: now,
      });
    await recordAudit(
      trx,
      {
        actor,
        orgId,
        action: 'xapi.configured',
        target: { kind: 'organisation', id: orgId },
        ip: meta.ip,
        // Never the password: only whether it changed.
        detail: {
          enabled: body.enabled,
          endpoint: body.endpoint ?? null,
          passwordChanged: body.password !== undefined,
          identifyByEmail: body.identifyByEmail ?? flag(before.identify_by_email),
        },
      },
      now,
    );
    return presentSettings(await settingsRow(trx, orgId, now));
  });
}
