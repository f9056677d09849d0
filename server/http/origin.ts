import type { AddressInfo } from 'node:net';
import os from 'node:os';

/**
 * Cross-site request defence shared by HTTP and socket.io: a state-changing request must carry
 * an Origin (or, failing that, a Referer) naming one of this server's own origins. SameSite=Lax
 * already stops most cross-site posts; this closes the rest (subdomains, old browsers,
 * top-level GET-turned-POST tricks).
 *
 * The server's own origins come from configuration (PUBLIC_ORIGINS), never from the request's
 * Host header: the client writes that header, so comparing Origin with it proves nothing (a
 * DNS-rebinding page at attacker.example sends `Host: attacker.example` and a matching Origin).
 * Without PUBLIC_ORIGINS (development and tests only; production refuses to start) they are
 * the addresses the server listens on, which it learns once it listens.
 */
export class OwnOrigins {
  private readonly origins: Set<string>;

  constructor(private readonly configured: readonly string[]) {
    this.origins = new Set(configured.map(normalizeOrigin).filter((o): o is string => o !== undefined));
  }

  /** The address from `server.address()` once listening; ignored when PUBLIC_ORIGINS is set. */
  listeningOn(address: AddressInfo | string | null): void {
    if (this.configured.length > 0 || address === null || typeof address === 'string') return;
    const { address: ip, port } = address;
    const unspecified = ip === '0.0.0.0' || ip === '::';
    const hosts = new Set<string>();
    if (unspecified || ip.startsWith('127.') || ip === '::1') for (const h of ['localhost', '127.0.0.1', '::1']) hosts.add(h);
    if (unspecified) {
      // Listening on every interface: each of the machine's addresses is this server.
      for (const nic of Object.values(os.networkInterfaces()).flat()) {
        if (nic && !(nic.family === 'IPv6' && nic.scopeid)) hosts.add(nic.address);
      }
    } else hosts.add(ip);
    for (const host of hosts) this.origins.add(`http://${host.includes(':') ? `[${host}]` : host}:${port}`);
  }

  allows(origin: string | undefined): boolean {
    const normalized = normalizeOrigin(origin);
    return normalized !== undefined && this.origins.has(normalized);
  }

  /** For the start-up message and for tests. */
  list(): string[] {
    return [...this.origins];
  }
}

/** `scheme://host[:port]` as the URL parser writes it (lower-case host, default port dropped). */
export function normalizeOrigin(origin: string | undefined): string | undefined {
  if (!origin || origin === 'null') return undefined;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return `${url.protocol}//${url.host}`;
  } catch {
    return undefined;
  }
}

export function originOf(headers: { origin?: string; referer?: string }): string | undefined {
  if (headers.origin) return headers.origin;
  if (!headers.referer) return undefined;
  try {
    return new URL(headers.referer).origin;
  } catch {
    return undefined;
  }
}
