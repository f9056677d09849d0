import { z } from 'zod';

/** Erasing a student: the admin types the student's e-mail, so nobody erases the wrong person by a slip. */
export const ErasureBody = z.object({ confirmEmail: z.string().trim().min(1, 'required').max(254) });
export type ErasureInput = z.infer<typeof ErasureBody>;

/** The README's language: the page's (the browser's Accept-Language is not the interface's choice). */
export const ExportQuery = z.object({ lang: z.enum(['en', 'zh-CN']).optional() });

export const ErasureResultView = z.object({
  user: z.object({ id: z.string(), name: z.string() }),
  /** Whether the student's assessment records were kept under the pseudonym (the organisation's setting). */
  keptScores: z.boolean(),
});
export type ErasureResult = z.infer<typeof ErasureResultView>;

/** The most a data export may hold before compression: it is built in memory (fflate). */
export const EXPORT_LIMIT_BYTES = 200 * 1024 * 1024;

/** An organisation's choice: does erasing a student keep their assessment records (under the pseudonym)? */
export const ErasurePolicyBody = z.object({ keepsScores: z.boolean() });
export const ErasurePolicyView = z.object({ orgId: z.string(), keepsScores: z.boolean() });
export type ErasurePolicyT = z.infer<typeof ErasurePolicyView>;
