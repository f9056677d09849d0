import { z } from 'zod';

/** E-mail notification settings (#17): the kinds a person chooses, and how each reaches them. */

export const NOTICE_KINDS = ['reviewReleased', 'courseReviewReleased', 'regradeAnswered', 'assignmentDue', 'placementDue'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
/** each: one e-mail per notice; digest: gathered into one e-mail a day; off: none. */
export const DELIVERIES = ['each', 'digest', 'off'] as const;
export type Delivery = (typeof DELIVERIES)[number];

const DeliverySchema = z.enum(DELIVERIES);

export const NotificationSettingsBody = z.object({
  kinds: z.partialRecord(z.enum(NOTICE_KINDS), DeliverySchema),
});
export type NotificationSettingsInput = z.infer<typeof NotificationSettingsBody>;

export const NotificationSettings = z
  .object({
    /** Where notices go (the account's e-mail address). */
    email: z.string(),
    kinds: z.array(z.object({ kind: z.enum(NOTICE_KINDS), delivery: DeliverySchema })),
  })
  .meta({ id: 'NotificationSettings' });
export type NotificationSettingsView = z.infer<typeof NotificationSettings>;

export const UnsubscribeQuery = z.object({ token: z.string().min(1).max(500) });
