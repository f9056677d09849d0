import { z } from 'zod';

/** A school's retention of finished courses' attempts (issue 17, "Personal data"). */
export const RetentionParams = z.object({ orgId: z.string().uuid('must be an id') });

/** Months after a course ended that its attempts' work is kept; null keeps it. Up to 20 years. */
export const RetentionBody = z.object({ months: z.number().int().min(1).max(240).nullable() });
export type RetentionInput = z.infer<typeof RetentionBody>;

export const RetentionViewSchema = z.object({
  orgId: z.string(),
  months: z.number().int().nullable(),
  /** When the daily job last ran for this school (null: not yet). */
  appliedAt: z.string().nullable(),
  /** Courses of the school that have ended (every assignment closed), and how many attempts' work is still kept in them. */
  finishedCourses: z.number().int(),
  keptAttempts: z.number().int(),
  /** Of those, the attempts the next pass removes at the current setting. */
  dueAttempts: z.number().int(),
});
export type RetentionView = z.infer<typeof RetentionViewSchema>;
export const RetentionEnvelope = z.object({ retention: RetentionViewSchema }).meta({ id: 'RetentionEnvelope' });
