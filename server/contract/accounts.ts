import { z } from 'zod';
import { LOCALES, ORG_KINDS, PASSWORD_MIN, ROLES } from './constants';

/** Wire shapes shared by the server and the web client (the web imports types only). */

export const RoleSchema = z.enum(ROLES, { message: `must be one of: ${ROLES.join(', ')}` });
export const OrgKindSchema = z.enum(ORG_KINDS, { message: `must be one of: ${ORG_KINDS.join(', ')}` });
export const LocaleSchema = z.enum(LOCALES, { message: `must be one of: ${LOCALES.join(', ')}` });

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }));

export const LoginBody = z.object({
  email,
  password: z.string().min(1, 'is required').max(1024),
});

export const MembershipView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  orgKind: OrgKindSchema,
  role: RoleSchema,
  lead: z.boolean().optional(),
});

export const UserView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  disabled: z.boolean(),
  /** Runs the installation (creates organisations, manages shared frameworks); no organisation role. */
  operator: z.boolean(),
  memberships: z.array(MembershipView),
  /** The interface language the person chose; null until they choose one (their browser decides). */
  locale: LocaleSchema.nullable(),
  createdAt: z.string(),
  /** When the person last signed in; null if never. */
  lastSignInAt: z.string().nullable(),
  /** Someone else chose the password: the person is asked to choose their own before anything else. */
  mustChangePassword: z.boolean(),
});

export const SessionView = z
  .object({
    user: UserView,
    roles: z.array(RoleSchema),
    operator: z.boolean(),
    /** The default language of the person's (first) organisation, for a browser that names none we speak. */
    orgLocale: LocaleSchema.nullable(),
    expiresAt: z.string(),
  })
  .meta({ id: 'SessionView' });

/** The signed-in person's own interface language. */
export const LocaleBody = z.object({ locale: LocaleSchema }).strict();

export { PASSWORD_MIN };

const MembershipInput = z
  .object({
    orgId: z.string().uuid('must be an organisation id'),
    role: RoleSchema,
    /** A lead reviewer moderates disagreements, reads agreement and keeps the calibration set. */
    lead: z.boolean().optional(),
  })
  .refine((m) => !m.lead || m.role === 'reviewer', { message: 'field.leadNeedsReviewer', path: ['lead'] });

export const CreateUserBody = z.object({
  email,
  name: z.string().trim().min(1, 'is required').max(200),
  password: z.string().min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`).max(1024),
  memberships: z.array(MembershipInput).min(1, 'field.needsRole').max(20),
});

/** One more role for an existing person, in an organisation the caller administers. */
export const GrantMembershipBody = MembershipInput;

export const UpdateUserBody = z.object({ disabled: z.boolean().optional() }).strict();

export const MembershipParams = z.object({ id: z.string().uuid('must be an id'), membershipId: z.string().uuid('must be an id') });

export const ListUsersQuery = z.object({
  q: z.string().trim().max(100).optional(),
  orgId: z.string().uuid().optional(),
  role: RoleSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** The signed-in person's new password; the current one proves it is them at the keyboard. */
export const ChangePasswordBody = z.object({ current: z.string().min(1, 'is required').max(1024), next: z.string().max(1024) }).strict();

/** "Forgot password": the answer is the same whether an account has this address or not. */
export const RequestResetBody = z.object({ email }).strict();

/** The token travels in the body, never in a URL a log or a Referer could keep. */
export const CompleteResetBody = z.object({ token: z.string().max(100), password: z.string().max(1024) }).strict();

/** A reset link an admin hands over in person; shown once (only its hash is kept). */
export const IssuedResetLink = z.object({ link: z.string(), expiresAt: z.string() });

export const OrgView = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  kind: OrgKindSchema,
  memberCount: z.number(),
  partners: z.array(z.object({ id: z.string(), name: z.string(), status: z.string() })),
  createdAt: z.string(),
});

/** What every admin may know of an organisation they do not run: enough to propose a partnership. */
export const DirectoryOrg = z.object({ id: z.string(), name: z.string(), kind: OrgKindSchema });

export const CreateOrgBody = z.object({
  name: z.string().trim().min(2, 'must be at least 2 characters').max(200),
  slug: z
    .string()
    .trim()
    .min(2)
    .max(64)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens'),
  kind: OrgKindSchema,
});

export const IdParams = z.object({ id: z.string().uuid('must be an id') });

// Response bodies (the API document; held to real responses under test).
export const UserEnvelope = z.object({ user: UserView }).meta({ id: 'UserEnvelope' });
export const UserList = z.object({ users: z.array(UserView), total: z.number().int() });
export const LocaleView = z.object({ locale: LocaleSchema });
/** "Forgot password" says the same whatever the address: the request was taken. */
export const ResetAccepted = z.object({ accepted: z.literal(true) });

export type { Role, OrgKind } from './constants';
export type LoginInput = z.infer<typeof LoginBody>;
export type UserViewT = z.infer<typeof UserView>;
export type MembershipViewT = z.infer<typeof MembershipView>;
export type SessionViewT = z.infer<typeof SessionView>;
export type CreateUserInput = z.infer<typeof CreateUserBody>;
export type ListUsersInput = z.infer<typeof ListUsersQuery>;
export type OrgViewT = z.infer<typeof OrgView>;
export type GrantMembershipInput = z.infer<typeof GrantMembershipBody>;
export type UpdateUserInput = z.infer<typeof UpdateUserBody>;
export type ChangePasswordInput = z.infer<typeof ChangePasswordBody>;
export type IssuedResetLinkT = z.infer<typeof IssuedResetLink>;
export type DirectoryOrgT = z.infer<typeof DirectoryOrg>;
export type CreateOrgInput = z.infer<typeof CreateOrgBody>;
