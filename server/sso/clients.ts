import * as oidc from 'openid-client';
import type { SsoConfig } from './config';

/**
 * One openid-client Configuration per organisation, from the provider's discovery document.
 * Cached, so a sign-in costs no discovery round trip and the provider's keys (JWKS, held by the
 * library per Configuration) are fetched once; when an ID token names a key id the cached set
 * lacks, the library fetches the set again (key rotation). A changed setting (issuer, client,
 * secret) makes a new entry; a failed discovery is not kept, so the next sign-in tries again.
 */
export class SsoClients {
  private readonly cache = new Map<string, { fingerprint: string; config: Promise<oidc.Configuration> }>();

  /**
   * @param allowHttpIssuers development and tests only (SSO_ALLOW_HTTP_ISSUERS, refused in
   * production): lets openid-client talk to a provider over plain http, as the in-process test
   * provider is. Everywhere else the library refuses http, as it should.
   */
  constructor(private readonly allowHttpIssuers: boolean) {}

  get(config: SsoConfig): Promise<oidc.Configuration> {
    const fingerprint = JSON.stringify([config.issuer, config.clientId, config.clientSecret, config.updatedAt?.getTime()]);
    const hit = this.cache.get(config.orgId);
    if (hit && hit.fingerprint === fingerprint) return hit.config;
    const pending = oidc.discovery(
      new URL(config.issuer),
      config.clientId,
      config.clientSecret ?? undefined,
      config.clientSecret ? oidc.ClientSecretBasic(config.clientSecret) : oidc.None(),
      // Non-repudiation checks: the ID token's signature is verified against the provider's
      // published keys even though it came straight from the token endpoint (the library would
      // otherwise trust the TLS channel alone), so a rotated key is noticed and fetched.
      { execute: this.allowHttpIssuers ? [oidc.allowInsecureRequests, oidc.enableNonRepudiationChecks] : [oidc.enableNonRepudiationChecks], timeout: 10 },
    );
    this.cache.set(config.orgId, { fingerprint, config: pending });
    pending.catch(() => {
      if (this.cache.get(config.orgId)?.config === pending) this.cache.delete(config.orgId);
    });
    return pending;
  }
}
