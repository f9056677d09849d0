import { generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/**
 * A real OpenID Provider (oidc-provider, certified) run in-process over http, for sign-in
 * tests. Its login page is programmatic: whoever the test names in `loginAs` is signed in when
 * the browser reaches the interaction, and consent is granted for the test client (a first-party
 * client), so a test drives the whole redirect dance with plain requests.
 *
 * `rotateKeys()` replaces the provider by one signing with a new key (the old one still
 * published), at the same issuer: what a provider's key rotation looks like to a client.
 */
/** `emailVerified` defaults to true, as a school's provider says of the addresses it issues. */
export type IdpAccount = { sub: string; email?: string; emailVerified?: boolean; name?: string; role?: string | string[]; class?: string };

export type TestIdp = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The account the next interaction signs in. */
  loginAs(account: IdpAccount): void;
  rotateKeys(): void;
  /** How many times the provider's key set was fetched (the client's JWKS cache at work). */
  jwksFetches: number;
  /** The key id ID tokens are signed with now. */
  signingKid(): string;
  close(): Promise<void>;
};

type Jwk = Record<string, unknown> & { kid: string };

function newSigningKey(): Jwk {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...(privateKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: randomUUID(), use: 'sig', alg: 'RS256' };
}

export async function startTestIdp(redirectUris: string[]): Promise<TestIdp> {
  const clientId = 'practicum';
  const clientSecret = `secret-${randomUUID()}`;
  const accounts = new Map<string, IdpAccount>();
  let next: IdpAccount | undefined;
  let keys = [newSigningKey()];
  let provider: Provider;
  const state = { jwksFetches: 0 };

  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/jwks')) state.jwksFetches += 1;
    if (req.url?.startsWith('/interaction/')) {
      void (async () => {
        try {
          if (!next) throw new Error('the test named no account to sign in (loginAs)');
          accounts.set(next.sub, next);
          await provider.interactionFinished(req, res, { login: { accountId: next.sub } }, { mergeWithLastSubmission: false });
        } catch (err) {
          res.statusCode = 500;
          res.end(String(err));
        }
      })();
      return;
    }
    provider.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const build = () =>
    new Provider(issuer, {
      clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
      jwks: { keys },
      cookies: { keys: ['test-idp-cookie-key'] },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'school_role', 'class_name'] },
      features: { devInteractions: { enabled: false } },
      pkce: { required: () => true },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      // A first-party client: consent is taken as given.
      async loadExistingGrant(ctx: KoaContextWithOIDC) {
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
        grant.addOIDCScope('openid email profile');
        await grant.save();
        return grant;
      },
      async findAccount(_ctx, sub) {
        const a = accounts.get(sub);
        if (!a) return undefined;
        return {
          accountId: sub,
          claims: () => ({ sub, email: a.email, email_verified: a.emailVerified ?? true, name: a.name, school_role: a.role, class_name: a.class }),
        };
      },
    });
  provider = build();

  return {
    issuer,
    clientId,
    clientSecret,
    loginAs(account) {
      next = account;
    },
    rotateKeys() {
      keys = [newSigningKey(), ...keys];
      provider = build();
    },
    get jwksFetches() {
      return state.jwksFetches;
    },
    signingKid: () => keys[0]!.kid,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
