import { z } from 'zod';

/** The feedback channel: enterprise insights and threaded comments. Wire shapes shared by server and web. */

/** Per-scenario figures built on fewer students than this are held back. */
export const MIN_STUDENTS = 3;

export const REPORT_SECTIONS = ['heatmap', 'gaps', 'practice', 'adjustments', 'modules'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export const SUBJECT_KINDS = ['report_section', 'scenario_version'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECTION_SUBJECT = new RegExp(`^([0-9a-f-]{36}):(${REPORT_SECTIONS.join('|')})$`, 'i');

/** The subject id of a course report section: `<courseId>:<section>`. */
export const reportSubject = (courseId: string, section: ReportSection) => `${courseId}:${section}`;

export const ThreadParams = z
  .object({
    kind: z.enum(SUBJECT_KINDS, { message: `must be one of: ${SUBJECT_KINDS.join(', ')}` }),
    subjectId: z.string().max(100, 'must be at most 100 characters'),
  })
  .superRefine((p, ctx) => {
    if (p.kind === 'report_section') {
      const m = SECTION_SUBJECT.exec(p.subjectId);
      if (!m || !UUID.test(m[1]!)) ctx.addIssue({ code: 'custom', path: ['subjectId'], message: 'field.reportSubject', params: { format: '<courseId>:<section>', sections: REPORT_SECTIONS.join(', ') } });
    } else if (!UUID.test(p.subjectId)) {
      ctx.addIssue({ code: 'custom', path: ['subjectId'], message: 'field.versionSubject' });
    }
  });

export const CommentBody = z.object({
  body: z
    .string({ message: 'is required' })
    .trim()
    .min(1, 'must not be empty')
    .max(5_000, 'must be at most 5000 characters')
    .refine((t) => !t.includes('\u0000'), 'must not contain NUL characters'),
  /** Replying: a top-level comment of the same thread. */
  parentId: z.string().uuid('must be a comment id').optional(),
});

export const InsightsQuery = z.object({ enterpriseId: z.string().uuid('must be an organisation id').optional() });

export type CommentView = {
  id: string;
  parentId: string | null;
  /** Professionals talking: the author is named, with the organisation they speak for. */
  author: { id: string; name: string; affiliation: string | null };
  body: string;
  createdAt: string;
  /** Replies, oldest first (top-level comments only). */
  replies: CommentView[];
};

export type ThreadView = { kind: SubjectKind; subjectId: string; count: number; comments: CommentView[] };

export type MissedCompetency = {
  code: string;
  title: string;
  /** Graded attempts with evidence on the competency, and those whose evidence is below the threshold; null when held back. */
  assessed: number | null;
  missed: number | null;
  share: number | null;
  /** Built on fewer than MIN_STUDENTS students. */
  suppressed: boolean;
};

export type AdjustmentNote = {
  id: string;
  madeOn: string;
  module: string;
  what: string;
  why: string;
  school: string;
};

export type ScenarioInsight = {
  scenario: { id: string; slug: string; title: string };
  /** Published versions, newest first: each has its own comment thread. */
  versions: { id: string; version: string; title: string; publishedAt: string }[];
  /** True when fewer than MIN_STUDENTS students have graded work on it: the figures below are null. */
  suppressed: boolean;
  /** Why figures are missing, in words ("fewer than 3 students so far"); null when shown. */
  note: string | null;
  gradedAttempts: number | null;
  schools: number | null;
  meanFinalScore: number | null;
  /** "Which competencies students most often miss": highest share below the threshold first. */
  competencies: MissedCompetency[];
  adjustments: AdjustmentNote[];
};

export type EnterpriseInsights = {
  enterprise: { id: string; name: string };
  minStudents: number;
  /** Evidence below this on a competency counts as missing it (the proficient threshold). */
  threshold: number;
  scenarios: ScenarioInsight[];
};

export type AssignedScenario = { id: string; slug: string; title: string; enterprise: string | null };

export type CommentInput = z.infer<typeof CommentBody>;

/** Pushed to everyone who has a thread open when a comment is added to it. */
export type ThreadCommented = { kind: SubjectKind; subjectId: string; comment: CommentView };

/*
 * Response bodies (the OpenAPI document of issue 19; under test every real response is held
 * to them). Each is typed against the view type above, so tsc proves the two agree.
 */

const CommentJson: z.ZodType<CommentView> = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  author: z.object({ id: z.string(), name: z.string(), affiliation: z.string().nullable() }),
  body: z.string(),
  createdAt: z.iso.datetime(),
  get replies() {
    return z.array(CommentJson);
  },
});

const ThreadJson: z.ZodType<ThreadView> = z.object({ kind: z.enum(SUBJECT_KINDS), subjectId: z.string(), count: z.number().int(), comments: z.array(CommentJson) });

const ScenarioInsightJson: z.ZodType<ScenarioInsight> = z.object({
  scenario: z.object({ id: z.string(), slug: z.string(), title: z.string() }),
  versions: z.array(z.object({ id: z.string(), version: z.string(), title: z.string(), publishedAt: z.iso.datetime() })),
  suppressed: z.boolean(),
  note: z.string().nullable(),
  gradedAttempts: z.number().int().nullable(),
  schools: z.number().int().nullable(),
  meanFinalScore: z.number().nullable(),
  competencies: z.array(
    z.object({
      code: z.string(),
      title: z.string(),
      assessed: z.number().int().nullable(),
      missed: z.number().int().nullable(),
      share: z.number().nullable(),
      suppressed: z.boolean(),
    }),
  ),
  adjustments: z.array(z.object({ id: z.string(), madeOn: z.iso.date(), module: z.string(), what: z.string(), why: z.string(), school: z.string() })),
});

export const EnterpriseInsightsResponse: z.ZodType<EnterpriseInsights> = z.object({
  enterprise: z.object({ id: z.string(), name: z.string() }),
  minStudents: z.number().int(),
  threshold: z.number(),
  scenarios: z.array(ScenarioInsightJson),
});

export const AssignedScenariosResponse = z.object({
  scenarios: z.array(z.object({ id: z.string(), slug: z.string(), title: z.string(), enterprise: z.string().nullable() }) satisfies z.ZodType<AssignedScenario>),
});
export const ThreadResponse = z.object({ thread: ThreadJson });
export const CommentResponse = z.object({ comment: CommentJson });
