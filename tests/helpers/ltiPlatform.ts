import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/**
 * A real LTI 1.3 platform (an LMS, as far as the tool can tell) on 127.0.0.1: its own key pair,
 * its JWKS, and an OIDC authorization endpoint that answers the tool's login redirect with a
 * signed id_token in an auto-submitting form_post, as Moodle or Canvas do. Tests say who is
 * launching (`person`, `context`) and may bend the next token (`tweakNext`) to prove each refusal.
 */
export const LTI = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
} as const;

export type Person = { sub: string; roles: string[]; name?: string; email?: string };
type Key = { kid: string; privateKey: CryptoKey; publicJwk: JWK };
/** Changes the next id_token: its claims, and which key signs it (a key the JWKS does not publish: a forgery). */
export type Tweak = (claims: JWTPayload) => { signWith?: 'unpublished' } | void;

export type TestPlatform = {
  issuer: string;
  jwksUrl: string;
  authUrl: string;
  tokenUrl: string;
  deploymentId: string;
  person: Person;
  context: { id: string; title: string; label?: string } | null;
  tweakNext(tweak: Tweak): void;
  /** Signs with a new key from now on; the JWKS publishes only the new one (the old is withdrawn). */
  rotateKey(): Promise<void>;
  jwksFetches: number;
  /** What the authorization endpoint was last asked (the tool's redirect's parameters). */
  lastAuthRequest: URLSearchParams | null;
  close(): Promise<void>;
};

async function newKey(): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `k-${Math.random().toString(36).slice(2)}`;
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startTestPlatform(clock: () => Date): Promise<TestPlatform> {
  let key = await newKey();
  const unpublished = await newKey();
  let tweak: Tweak | undefined;
  const app = express();
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const platform: TestPlatform = {
    issuer: base,
    jwksUrl: `${base}/jwks`,
    authUrl: `${base}/auth`,
    tokenUrl: `${base}/token`,
    deploymentId: 'deployment-1',
    person: { sub: 'learner-1', roles: [LTI.learner], name: 'Lin Wei', email: 'lin.wei@lms.example' },
    context: { id: 'ctx-1', title: 'Web development 1', label: 'WEB1' },
    tweakNext: (t) => {
      tweak = t;
    },
    rotateKey: async () => {
      key = await newKey();
    },
    jwksFetches: 0,
    lastAuthRequest: null,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  app.get('/jwks', (_req, res) => {
    platform.jwksFetches += 1;
    res.json({ keys: [key.publicJwk] });
  });
  app.get('/auth', async (req, res) => {
    const q = new URLSearchParams(req.url.split('?')[1] ?? '');
    platform.lastAuthRequest = q;
    const p = platform.person;
    const nowSeconds = Math.floor(clock().getTime() / 1000);
    const claims: JWTPayload = {
      iss: platform.issuer,
      aud: q.get('client_id') ?? '',
      sub: p.sub,
      nonce: q.get('nonce') ?? '',
      iat: nowSeconds,
      exp: nowSeconds + 300,
      ...(p.name ? { name: p.name } : {}),
      ...(p.email ? { email: p.email } : {}),
      [LTI.messageType]: 'LtiResourceLinkRequest',
      [LTI.version]: '1.3.0',
      [LTI.deploymentId]: platform.deploymentId,
      [LTI.roles]: p.roles,
      'https://purl.imsglobal.org/spec/lti/claim/resource_link': { id: 'link-1' },
      'https://purl.imsglobal.org/spec/lti/claim/target_link_uri': 'https://tool.example/lti/launch',
      ...(platform.context ? { [LTI.context]: platform.context } : {}),
    };
    const how = tweak?.(claims) ?? {};
    tweak = undefined;
    const signer = how.signWith === 'unpublished' ? { ...unpublished, kid: key.kid } : key;
    const idToken = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: signer.kid, typ: 'JWT' }).sign(signer.privateKey);
    const fields = { id_token: idToken, state: q.get('state') ?? '' };
    res.type('html').send(
      `<!doctype html><html><body onload="document.forms[0].submit()"><form method="post" action="${escape(q.get('redirect_uri') ?? '')}">` +
        Object.entries(fields)
          .map(([k, v]) => `<input type="hidden" name="${k}" value="${escape(v)}">`)
          .join('') +
        '</form></body></html>',
    );
  });
  return platform;
}

/** The form_post page's target and fields, as a browser would submit them. */
export function parseFormPost(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form in: ${html.slice(0, 200)}`);
  const unescape = (s: string) => s.replace(/&#(\d+);/g, (_m, c: string) => String.fromCharCode(Number(c)));
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1]!] = unescape(m[2]!);
  return { action: unescape(action), fields };
}
