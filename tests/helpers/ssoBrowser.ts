/**
 * A browser as far as a redirect-based sign-in needs one: it follows redirects by hand, keeps
 * cookies (like a browser, by host and not by port, so the app's and the provider's cookies share
 * a jar on 127.0.0.1 without clashing names), and lets a test change a URL on the way (an
 * attacker's tampering) before following it.
 */
export type Hop = { url: string; status: number; location?: string };

export class SsoBrowser {
  readonly cookies = new Map<string, string>();

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k = '', v = ''] = a.trim().split('=');
        return (k.toLowerCase() === 'expires' && new Date(v).getTime() <= Date.now()) || (k.toLowerCase() === 'max-age' && Number(v) <= 0);
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /**
   * GETs `start` and follows redirects until one leaves for `stopAt` (not followed) or a page
   * answers. `tamper` may rewrite each next URL before it is requested.
   */
  async follow(start: string, opts: { tamper?: (url: URL) => URL | void; stopAt?: (url: URL) => boolean; headers?: Record<string, string>; maxHops?: number } = {}) {
    const hops: Hop[] = [];
    let url = new URL(start);
    for (let i = 0; i < (opts.maxHops ?? 12); i++) {
      url = opts.tamper?.(url) ?? url;
      if (i > 0 && opts.stopAt?.(url)) return { hops, final: undefined, body: '', stoppedAt: url };
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: this.cookieHeader(), ...opts.headers } });
      this.keep(res);
      const location = res.headers.get('location') ?? undefined;
      hops.push({ url: url.href, status: res.status, location });
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url);
        continue;
      }
      return { hops, final: res, body: await res.text(), stoppedAt: undefined };
    }
    throw new Error(`too many redirects: ${hops.map((h) => h.url).join(' → ')}`);
  }
}
