import { z } from 'zod';

/** An organisation's learning record store connection (issue 19). The password is write-only. */
export const XapiSettingsBody = z.object({
  enabled: z.boolean(),
  endpoint: z
    .string()
    .trim()
    .max(500)
    .url('must be the LRS endpoint URL, e.g. https://lrs.example.edu/data/xAPI')
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http or https URL')
    .nullable()
    .optional(),
  username: z.string().max(200).nullable().optional(),
  /** Left out: keep the stored one; an empty string removes it. */
  password: z.string().max(500).optional(),
  /**
   * Name people in statements by e-mail (xAPI `mbox`) instead of a pseudonymous account. Off by
   * default; left out: keep the stored choice.
   */
  identifyByEmail: z.boolean().optional(),
});
export type XapiSettingsBodyT = z.infer<typeof XapiSettingsBody>;

export const XapiSettingsView = z.object({
  orgId: z.string(),
  enabled: z.boolean(),
  /** Statements name people by e-mail (`mbox`), not by pseudonym. */
  identifyByEmail: z.boolean(),
  endpoint: z.string().nullable(),
  username: z.string().nullable(),
  passwordSet: z.boolean(),
  updatedAt: z.string(),
});
export type XapiSettingsViewT = z.infer<typeof XapiSettingsView>;

export const XapiQueueView = z.object({
  pending: z.number().int(),
  sent: z.number().int(),
  /** Pending rows the LRS has refused or not answered at least once. */
  failing: z.number().int(),
  oldestPendingAt: z.string().nullable(),
  lastSentAt: z.string().nullable(),
  failures: z.array(z.object({ statementId: z.string(), attempts: z.number().int(), lastError: z.string(), nextAttemptAt: z.string() })),
});
export type XapiQueueViewT = z.infer<typeof XapiQueueView>;
