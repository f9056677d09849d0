/**
 * Cross-site request defence shared by HTTP and socket.io: a state-changing request must
 * carry an Origin (or, failing that, a Referer) naming this server or an allowed origin.
 * SameSite=Lax already stops most cross-site posts; this closes the rest (subdomains,
 * old browsers, top-level GET-turned-POST tricks).
 */
export function isAllowedOrigin(
  origin: string | undefined,
  request: { host: string | undefined; protocol: string },
  extraOrigins: readonly string[],
): boolean {
  if (!origin || origin === 'null') return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  const normalized = `${parsed.protocol}//${parsed.host}`;
  if (extraOrigins.includes(normalized)) return true;
  return request.host !== undefined && parsed.host === request.host && parsed.protocol === `${request.protocol}:`;
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
