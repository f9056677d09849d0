import { z } from 'zod';

/**
 * Service tokens of an organisation (issue 19, "A documented API with tokens"). A scope names
 * a kind of work a script does; the route table says which routes each one opens
 * (`tokenScopes` on a route), and a token reaches nothing else — never accounts, sessions or
 * administration.
 */
export const TOKEN_SCOPES = ['reports:read', 'enrolments:write', 'evidence:read', 'frameworks:write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** A token lives at most a year: a forgotten script's credential runs out on its own. */
export const MAX_TOKEN_DAYS = 366;

export const ApiTokenParams = z.object({ orgId: z.string().uuid('must be an id') });
export const ApiTokenIdParams = z.object({ orgId: z.string().uuid('must be an id'), tokenId: z.string().uuid('must be an id') });

export const CreateApiTokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z
    .array(z.enum(TOKEN_SCOPES))
    .min(1)
    .max(TOKEN_SCOPES.length)
    .refine((s) => new Set(s).size === s.length, 'must not repeat a scope'),
  /** Whole days from now; the token stops working at that moment. */
  expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS),
});
export type CreateApiTokenInput = z.infer<typeof CreateApiTokenBody>;

/** What the list shows: never the secret nor its hash, only the prefix that tells tokens apart. */
export const ApiTokenView = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  /** The first characters of the secret, as shown once at creation: enough to recognise it in a script. */
  prefix: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
});
export type ApiTokenViewT = z.infer<typeof ApiTokenView>;

export const ApiTokenList = z.object({ tokens: z.array(ApiTokenView) });
/** The one response that carries the secret: it is stored only as a hash, so it cannot be shown again. */
export const CreatedApiToken = z.object({ token: ApiTokenView, secret: z.string() });
export type CreatedApiTokenT = z.infer<typeof CreatedApiToken>;
