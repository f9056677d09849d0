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
