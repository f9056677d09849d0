import type { Knex } from 'knex';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Sealer } from '../secrets/sealer';

/**
 * The tool's own signing keys (RS256, as LTI 1.3 requires platforms to accept). The private half
 * is sealed at rest like every secret Practicum reads back; the sealing context names the key, so
 * a sealed value copied to another row does not open. A rotation adds a key (signing moves to
 * it at once) and retires all but it and the one before: the JWKS serves every key not retired,
 * so during a rotation two are live and a platform that cached the old one, or still holds
 * something signed with it, keeps verifying until the next rotation.
 */

const privateContext = (kid: string) => `tool_keys.private_jwk:${kid}`;

type KeyRow = { kid: string; public_jwk: string; private_jwk: string; created_at: Date | string; retired_at: Date | string | null };

async function createKey(db: Knex, sealer: Sealer, now: Date): Promise<string> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = await exportJWK(privateKey);
  await db('tool_keys').insert({
    kid,
    public_jwk: JSON.stringify({ ...publicJwk, kid, alg: 'RS256', use: 'sig' }),
    private_jwk: sealer.seal(JSON.stringify({ ...privateJwk, kid, alg: 'RS256' }), privateContext(kid)),
    created_at: now,
    retired_at: null,
  });
  return kid;
}

/** The key the tool signs with now; made on first use. */
export async function currentKey(db: Knex, sealer: Sealer, now: Date): Promise<{ kid: string; privateJwk: JWK }> {
  let row = (await db('tool_keys').whereNull('retired_at').orderBy('created_at', 'desc').first()) as KeyRow | undefined;
  if (!row) {
    const kid = await createKey(db, sealer, now);
    row = (await db('tool_keys').where({ kid }).first()) as KeyRow;
  }
  return { kid: row.kid, privateJwk: JSON.parse(sealer.open(row.private_jwk, privateContext(row.kid))) as JWK };
}

/** Starts signing with a new key; the previous one stays live, older ones are retired. Returns the new key's id. */
export async function rotateKeys(db: Knex, sealer: Sealer, now: Date): Promise<string> {
  const previous: { kid: string } | undefined = await db('tool_keys').whereNull('retired_at').orderBy('created_at', 'desc').first('kid');
  const kid = await createKey(db, sealer, now);
  await db('tool_keys')
    .whereNull('retired_at')
    .whereNotIn('kid', previous ? [kid, previous.kid] : [kid])
    .update({ retired_at: now });
  return kid;
}

/** The public keys platforms verify the tool's messages with: every key not retired. */
export async function toolJwks(db: Knex, sealer: Sealer, now: Date): Promise<{ keys: JWK[] }> {
  // Public halves only: nothing here needs a private key opened.
  const live = () => db('tool_keys').whereNull('retired_at').orderBy('created_at').select('public_jwk') as Promise<Pick<KeyRow, 'public_jwk'>[]>;
  let rows = await live();
  if (rows.length === 0) {
    await createKey(db, sealer, now);
    rows = await live();
  }
  return { keys: rows.map((r) => JSON.parse(r.public_jwk) as JWK) };
}
