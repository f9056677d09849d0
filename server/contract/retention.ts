import { z } from 'zod';

/** A school's retention of finished courses' attempts (issue 17, "Personal data"). */
export const RetentionParams = z.object({ orgId: z.string().uuid('must be an id') });

/** Months after a course ended that its attempts' work is kept; null keeps it. Up to 20 years. */
export const RetentionBody = z.object({ months: z.number().int().min(1).max(240).nullable() });
export type RetentionInput = z.infer<typeof RetentionBody>;

export type RetentionView = {
  orgId: string;
  months: number | null;
  /** When the daily job last ran for this school (null: not yet). */
  appliedAt: string | null;
  /** Courses of the school that have ended (every assignment closed), and how many attempts' work is still kept in them. */
  finishedCourses: number;
  keptAttempts: number;
  /** Of those, the attempts the next pass removes at the current setting. */
  dueAttempts: number;
};
