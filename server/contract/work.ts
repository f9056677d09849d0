import { z } from 'zod';

/**
 * A student's work as it travels: one file of the workspace, and one check's result. Both the
 * workspace's wire shapes and the review's are built of these, so they live below both
 * (`review.ts` importing them from `workspace.ts`, which embeds the review, was a circle).
 */

export type WorkspaceFile = { path: string; revision: number; content: string };

export type CheckNote = { key: string; params?: Record<string, string | number> };

export type CheckResultView = {
  id: string;
  task: string;
  title: string;
  kind: string;
  visible: boolean;
  passed: boolean | null;
  points: number;
  earned: number | null;
  messages: string[];
  /**
   * `messages` as message keys of the `messages` namespace (`grading.*`), one for each, so the
   * reader sees the grader's sentences in their language; absent on results stored before them.
   */
  notes?: CheckNote[];
  /** What the student's code printed while a visible check ran (never for hidden checks). */
  output?: string;
};

/*
 * Response schemas of the same (the OpenAPI document of issue 19; under test every real
 * response is held to them), typed against the types above so tsc proves the two agree.
 */

export const WorkspaceFileJson: z.ZodType<WorkspaceFile> = z.object({ path: z.string(), revision: z.number().int(), content: z.string() });

const CheckNoteJson: z.ZodType<CheckNote> = z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() });

export const CheckResultJson: z.ZodType<CheckResultView> = z.object({
  id: z.string(),
  task: z.string(),
  title: z.string(),
  kind: z.string(),
  visible: z.boolean(),
  passed: z.boolean().nullable(),
  points: z.number(),
  earned: z.number().nullable(),
  messages: z.array(z.string()),
  notes: z.array(CheckNoteJson).optional(),
  output: z.string().optional(),
});
