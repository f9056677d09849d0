import { z } from 'zod';

/**
 * What the audit log records. One name per kind of action, `area.verb`; the web shows each in
 * the reader's language (audit.action.<name> in both catalogs). Add a name here before recording it.
 */
export const AUDIT_ACTIONS = [
  'session.signIn',
  'session.signInFailed',
  'session.signOut',
  'password.changed',
  'password.resetRequested',
  'password.resetIssued',
  'password.reset',
  'user.created',
  'user.disabled',
  'user.enabled',
  'membership.granted',
  'membership.removed',
  'accounts.imported',
  'sso.configured',
  'sso.signIn',
  'organisation.created',
  'organisation.changed',
  'partnership.changed',
  'solution.shared',
  'framework.imported',
  'regrade.decided',
  'scenario.published',
  'data.exported',
  'data.erased',
  'retention.applied',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AuditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string().nullable(),
  orgId: z.string().nullable(),
  action: z.enum(AUDIT_ACTIONS),
  targetKind: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntryViewT = z.infer<typeof AuditEntryView>;
