import { createLocalJWKSet, errors as joseErrors, type JSONWebKeySet, type JWSHeaderParameters, type FlattenedJWSInput } from 'jose';

/**
 * A platform's signing keys, fetched from its JWKS URL and cached. A token signed with a kid the
 * cache does not know makes one new fetch (the platform rotated its key), but at most one per
 * REFETCH_COOLDOWN_MS per URL on the app's clock, so tokens with made-up kids cannot turn the
 * tool into a flood against the platform. Cached sets are fetched again after MAX_AGE_MS.
 */
export const REFETCH_COOLDOWN_MS = 10_000;
export const MAX_AGE_MS = 10 * 60_000;
const FETCH_TIMEOUT_MS = 5_000;

type Entry = { jwks: JSONWebKeySet; fetchedAt: number };

export class PlatformKeys {
  private readonly cache = new Map<string, Entry>();

  constructor(private readonly fetchJwks: (url: string) => Promise<JSONWebKeySet> = fetchJson) {}

  /** A key resolver for jose's jwtVerify, for one platform at one moment. */
  resolver(url: string, now: Date) {
    return async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
      let entry = this.cache.get(url);
      if (!entry || now.getTime() - entry.fetchedAt >= MAX_AGE_MS) entry = await this.refresh(url, now);
      try {
        return await createLocalJWKSet(entry.jwks)(header, token);
      } catch (err) {
        if (!(err instanceof joseErrors.JWKSNoMatchingKey) || now.getTime() - entry.fetchedAt < REFETCH_COOLDOWN_MS) throw err;
        return createLocalJWKSet((await this.refresh(url, now)).jwks)(header, token);
      }
    };
  }

  private async refresh(url: string, now: Date): Promise<Entry> {
    const entry = { jwks: await this.fetchJwks(url), fetchedAt: now.getTime() };
    this.cache.set(url, entry);
    return entry;
  }
}

async function fetchJson(url: string): Promise<JSONWebKeySet> {
  const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error', headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`platform JWKS answered ${res.status}`);
  const body = (await res.json()) as JSONWebKeySet;
  if (!body || !Array.isArray(body.keys)) throw new Error('platform JWKS has no keys');
  return body;
}
