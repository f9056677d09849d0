import { z } from 'zod';
import { LOCALES } from './constants';

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
  'xapi.configured',
  'lti.registered',
  'lti.unregistered',
  'lti.signIn',
  'sso.signIn',
  'organisation.created',
  'organisation.changed',
  'partnership.changed',
  'solution.shared',
  'framework.imported',
  'regrade.decided',
  'scenario.published',
  'scenario.visibilityChanged',
  'data.exported',
  'data.erased',
  'retention.applied',
  'apiToken.created',
  'apiToken.revoked',
  'apiToken.used',
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
  /** The target's current name (a person, an organisation, a framework…), when it has one and still exists. */
  targetLabel: z.string().nullable(),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntryViewT = z.infer<typeof AuditEntryView>;

/** A moment, or a day (UTC): `from` a day starts at its beginning, `to` a day includes all of it. */
const Moment = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

/** Filters of the audit log's reading routes (the list and the CSV take the same ones). */
export const AuditFilterQuery = z.object({
  /** The operator may narrow to one organisation; an organisation's admin may name only one of theirs. */
  orgId: z.string().uuid().optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  actorId: z.string().max(36).optional(),
  targetId: z.string().max(64).optional(),
  from: Moment.optional(),
  to: Moment.optional(),
});
export type AuditFilter = z.infer<typeof AuditFilterQuery>;

export const AuditListQuery = AuditFilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Opaque: the `next` of the previous page (newest first, so the next page is older). */
  cursor: z.string().max(200).optional(),
});
export type AuditListInput = z.infer<typeof AuditListQuery>;

export const AuditCsvQuery = AuditFilterQuery.extend({ lang: z.enum(LOCALES).optional() });

export const AuditPage = z.object({ entries: z.array(AuditEntryView), next: z.string().nullable() });
export type AuditPageT = z.infer<typeof AuditPage>;
