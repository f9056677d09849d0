import { z } from 'zod';

/** LTI 1.3 (issue 20): a platform an organisation's admin registers by hand. */
const httpsUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be an http or https URL');

export const LtiOrgParams = z.object({ orgId: z.string().uuid() });
export const LtiRegistrationParams = z.object({ orgId: z.string().uuid(), id: z.string().uuid() });

export const LtiRegistrationBody = z.object({
  issuer: z.string().trim().min(1).max(255),
  clientId: z.string().trim().min(1).max(255),
  /** The platform's OIDC authorization endpoint, where the login sends the browser. */
  authLoginUrl: httpsUrl,
  tokenUrl: httpsUrl,
  jwksUrl: httpsUrl,
  deploymentIds: z.array(z.string().trim().min(1).max(255)).min(1).max(50),
});
export type LtiRegistrationBodyT = z.infer<typeof LtiRegistrationBody>;

export const LtiRegistrationView = z.object({
  id: z.string(),
  orgId: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  authLoginUrl: z.string(),
  tokenUrl: z.string(),
  jwksUrl: z.string(),
  deploymentIds: z.array(z.string()),
  createdAt: z.string(),
});
export type LtiRegistrationViewT = z.infer<typeof LtiRegistrationView>;

export const LtiRegistrationEnvelope = z.object({ registration: LtiRegistrationView });
export const LtiRegistrationList = z.object({ registrations: z.array(LtiRegistrationView) });

/** The tool's public keys (RFC 7517), for platforms to verify what the tool signs. */
export const LtiJwks = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });

/** The platform's third-party initiated login (query on GET, form on POST). */
export const LtiLoginInput = z.object({
  iss: z.string().min(1).max(255),
  login_hint: z.string().min(1).max(2000),
  target_link_uri: z.string().max(2000).optional(),
  lti_message_hint: z.string().max(4000).optional(),
  client_id: z.string().max(255).optional(),
  lti_deployment_id: z.string().max(255).optional(),
});
export type LtiLoginInputT = z.infer<typeof LtiLoginInput>;
