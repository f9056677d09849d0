import { z } from 'zod';

/** Single sign-on wire shapes, shared by the server and the web client (the web imports types only). */

/** Roles a provider may hand out: an organisation's admin is always appointed by a person, never by a claim. */
export const SSO_ROLES = ['student', 'teacher', 'author', 'reviewer', 'mentor'] as const;
export type SsoRole = (typeof SSO_ROLES)[number];

const claimName = z.string().trim().min(1, 'is required').max(100);

export const ClaimMapping = z
  .object({
    email: claimName.default('email'),
    name: claimName.default('name'),
    /** Empty: the provider sends no role; new people get `defaultRole`. */
    role: z.string().trim().max(100).default(''),
    class: z.string().trim().max(100).default(''),
    /** The provider's role value → a Practicum role, e.g. { "faculty": "teacher" }. */
    roleValues: z.record(z.string().trim().min(1).max(100), z.enum(SSO_ROLES, { message: `must be one of: ${SSO_ROLES.join(', ')}` })).default({}),
    /** For a new person whose role claim is missing or unmapped; null refuses them. */
    defaultRole: z.enum(SSO_ROLES).nullable().default(null),
  })
  .strict();
export type ClaimMappingT = z.infer<typeof ClaimMapping>;

export const OrgIdParams = z.object({ orgId: z.string().uuid('must be an organisation id') });
export const OrgSlugParams = z.object({ orgSlug: z.string().trim().min(1).max(64) });

export const SsoConfigBody = z
  .object({
    enabled: z.boolean(),
    issuer: z
      .string()
      .trim()
      .max(500)
      .url('must be a URL like https://id.school.edu.cn')
      .refine((u) => /^https?:\/\//.test(u), 'must start with https://'),
    clientId: z.string().trim().min(1, 'is required').max(255),
    /** Omitted or empty: keep the stored secret (the form never shows it back). */
    clientSecret: z.string().max(500).optional(),
    scopes: z.string().trim().max(300).regex(/\bopenid\b/, 'must include openid').default('openid email profile'),
    claims: ClaimMapping,
    passwordSignInDisabled: z.boolean().default(false),
  })
  .strict();
export type SsoConfigBodyT = z.infer<typeof SsoConfigBody>;

export const SsoConfigView = z.object({
  orgId: z.string(),
  /** false: nothing saved yet (the other fields are defaults to start from). */
  configured: z.boolean(),
  enabled: z.boolean(),
  issuer: z.string(),
  clientId: z.string(),
  /** Whether a secret is stored; the secret itself never leaves the server. */
  clientSecretSet: z.boolean(),
  scopes: z.string(),
  claims: ClaimMapping,
  passwordSignInDisabled: z.boolean(),
  /** Where the provider must send people back (register it at the provider). */
  redirectUri: z.string(),
  updatedAt: z.string().nullable(),
});
export type SsoConfigViewT = z.infer<typeof SsoConfigView>;
export const SsoConfigEnvelope = z.object({ sso: SsoConfigView }).meta({ id: 'SsoConfigEnvelope' });

/** An organisation whose people can sign in through its provider (the sign-in page lists these). */
const SsoOrg = z.object({ slug: z.string(), name: z.string(), kind: z.enum(['school', 'enterprise']) });
export type SsoOrgT = z.infer<typeof SsoOrg>;
export const SsoOrgList = z.object({ orgs: z.array(SsoOrg) });

/** What the settings form sends (defaults may be left out). */
export type SsoConfigInputT = z.input<typeof SsoConfigBody>;
