import { z } from 'zod';

/** The competency record and curriculum feedback: wire shapes shared by server and web. */

const uuid = z.string().uuid();
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((t) => !t.includes('\u0000'), 'must not contain NUL characters');
const code = z.string().trim().min(1).max(100);

export const MASTERY_KINDS = ['latest', 'highest', 'average', 'weighted_average', 'decaying_average', 'n_mastery'] as const;

export const MasterySettingsBody = z
  .object({
    method: z.enum(MASTERY_KINDS),
    weight: z.number().gt(0, 'must be more than 0').lt(1, 'must be less than 1').optional(),
    n: z.number().int().min(1).max(20).optional(),
    threshold: z.number().min(0).max(1).optional(),
    /** How much simulated work and workplace assessments count against each other (only the ratio matters). */
    simulatedWeight: z.number().gt(0, 'must be more than 0').max(10, 'must be at most 10').optional(),
    workplaceWeight: z.number().gt(0, 'must be more than 0').max(10, 'must be at most 10').optional(),
  })
  .strict();

/** Follow a course's mastery recompute over socket.io (mastery.join). */
export const MasteryJoin = z.object({ courseId: z.string().uuid() });

export const ModuleBody = z.object({
  title: text(200).pipe(z.string().min(2, 'must be at least 2 characters')),
  description: text(2_000).default(''),
  competencies: z
    .array(z.object({ code, weight: z.number().gt(0).max(1).default(1) }))
    .max(100)
    .default([]),
  /** 1-based place in the course's order; omitted → last. */
  position: z.number().int().min(1).max(1_000).optional(),
});

export const AdjustmentBody = z.object({
  moduleId: uuid,
  madeOn: z.iso.date({ message: 'field.dateExample' }),
  what: text(2_000).pipe(z.string().min(3, 'field.sayWhat')),
  why: text(2_000).pipe(z.string().min(3, 'field.sayWhy')),
  /** The scenarios whose results prompted the change: the owning enterprise reads the note beside them. */
  scenarioIds: z.array(uuid).max(20, 'must cite at most 20 scenarios').optional(),
});

export const PracticeBody = z.object({
  scenarioVersionId: uuid,
  studentIds: z.array(uuid).min(1, 'field.nameStudent').max(500),
  title: text(200).pipe(z.string().min(2, 'must be at least 2 characters')).optional(),
});

/** Whose framework an import is: one of the caller's organisations (needed when they administer several). */
export const FrameworkImportQuery = z.object({ orgId: z.string().uuid('must be an organisation id').optional() });

/** A framework's proficiency levels: ascending from 0, one of them `proficient` (the line gaps are measured against). */
export const FrameworkLevelsBody = z.object({
  levels: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'field.levelId'),
        label: text(60).pipe(z.string().min(1, 'is required')),
        min: z.number().min(0).max(1),
      }),
    )
    .min(2, 'needs at least two levels')
    .max(8, 'has more than 8 levels')
    .refine((l) => l[0]?.min === 0, 'must start with a level from 0')
    .refine((l) => l.every((x, i) => i === 0 || x.min > l[i - 1]!.min), 'must have ascending minimums')
    .refine((l) => new Set(l.map((x) => x.id)).size === l.length, 'must not repeat an id')
    .refine((l) => l.some((x) => x.id === 'proficient'), 'must include a level with id "proficient"'),
});

/** `lang`: the page's language, for the headers (else the request's Accept-Language decides). */
export const ReportCsvQuery = z.object({ part: z.enum(['heatmap', 'gaps', 'sources']), lang: z.enum(['en', 'zh-CN']).optional() });
export const StudentRecordParams = z.object({ id: uuid, studentId: uuid });

/** A targeted practice assignment of a course (its undo). */
export const PracticeParams = z.object({ id: uuid, assignmentId: uuid });

export type LevelId = 'beginner' | 'developing' | 'proficient' | 'advanced';
export type LevelView = { id: string; label: string; min: number };

export type MethodView = {
  kind: (typeof MASTERY_KINDS)[number];
  weight: number;
  n: number;
  threshold: number;
  description: string;
  /** Simulated work vs workplace assessments: the method runs over each, then a weighted mean (`description` in English words). */
  sources: { simulated: number; workplace: number; description: string };
};

/**
 * A whole-course recompute after a change of method or source weights (issue 18): it runs in
 * the background; until `done` the course keeps its old method and values. `done`/`total`
 * count students. `superseded`: a later change replaced it before it finished. `failed`: it
 * failed on every try; the course keeps its old method and values.
 */
export type MasteryJobView = {
  id: string;
  courseId: string;
  status: 'pending' | 'running' | 'done' | 'superseded' | 'failed';
  done: number;
  total: number;
  /** The method it applies (the course's method once it is done). */
  method: MethodView;
};

export type CompetencyRef = { code: string; title: string; parent: string | null };

export type FrameworkSummary = {
  id: string;
  identifier: string;
  title: string;
  items: number;
  levels: LevelView[];
  /** The organisation that imported it for itself; null for a shared framework (the platform's). */
  owner: { id: string; name: string } | null;
  /** Whether the caller may re-import it or change its levels. */
  canManage: boolean;
};

export type ModuleView = { id: string; position: number; title: string; description: string; competencies: (CompetencyRef & { weight: number })[] };

export type ReportCell = { studentId: string; code: string; value: number | null; level: string | null; attempts: number };

export type ComparisonSide = { mean: number | null; n: number };

export type AdjustmentView = {
  id: string;
  module: { id: string; title: string };
  madeOn: string;
  what: string;
  why: string;
  by: string;
  /** Mastery evidence on the module's competencies before and after the change. */
  comparison: (CompetencyRef & { before: ComparisonSide; after: ComparisonSide; enough: boolean })[];
};

export type GapView = CompetencyRef & {
  /** Students with a mastery value below proficient / students with one. */
  below: number;
  assessed: number;
  share: number;
  /** The same counted on each kind of evidence alone: simulated work and workplace assessments. */
  bySource: { simulated: { below: number; assessed: number }; workplace: { below: number; assessed: number } };
  modules: { id: string; title: string; weight: number }[];
  /** What enterprise reviewers wrote on work that scored low on criteria training this competency. */
  quotes: { text: string; scenario: string; at: string }[];
};

export type PracticeScenario = { versionId: string; slug: string; title: string; version: string; covers: string[] };

/** Why a student needs practice, as data, so each reader's page says it in their language. */
export type PracticeReason =
  | { kind: 'belowPassMark'; scenario: string; score: number; passAt: number }
  | { kind: 'noResult'; competency: string; attempts: number }
  | { kind: 'belowThreshold'; competency: string; value: number; threshold: number };

export type PracticeNeed = {
  student: { id: string; name: string };
  /** The reasons in English words (API clients, logs); `why` holds the same as data. */
  reasons: string[];
  why: PracticeReason[];
  weakest: (CompetencyRef & { value: number | null })[];
  scenarios: PracticeScenario[];
};

/**
 * On-campus and off-campus mastery that differ by this much (or fall in different levels) are
 * a disagreement: 15 points is most of a level's width on the default levels (20 to 25 points),
 * so two means inside one level that far apart still say something about the curriculum.
 */
export const SOURCE_DISAGREEMENT = 0.15;

/** One side of the comparison: the mean mastery of the students with that kind of evidence. */
export type SourceSide = { mean: number | null; level: string | null; students: number };

/**
 * Per competency: mastery from simulated work (on campus) beside mastery from workplace
 * assessments (off campus). `disagree` says which way when the means fall in different levels
 * or differ by SOURCE_DISAGREEMENT or more, null when they agree or a side has no students;
 * `both` students have both kinds and `disagreeing` of them sit in different levels.
 */
export type SourceComparison = CompetencyRef & {
  onCampus: SourceSide;
  offCampus: SourceSide;
  both: number;
  disagreeing: number;
  disagree: 'workplaceLower' | 'workplaceHigher' | null;
};

export type CourseReport = {
  course: { id: string; title: string };
  method: MethodView;
  /** A recompute not finished yet (the values shown are the old method's until it is), or null. */
  recompute: MasteryJobView | null;
  levels: LevelView[];
  competencies: CompetencyRef[];
  students: { id: string; name: string }[];
  /**
   * Students × competencies, in the order of `students` and `competencies`: mastery 0..1
   * (4 decimals) or null where there is no evidence yet, and the pieces of work behind it.
   * A matrix, not a list of cells: a cohort of 1,000 × 50 stays a few hundred kilobytes.
   */
  heatmap: { values: (number | null)[][]; attempts: number[][] };
  distribution: (CompetencyRef & { counts: Record<string, number> })[];
  gaps: GapView[];
  /** On-campus vs off-campus per competency (issue 16); empty when nobody has workplace evidence. */
  sources: SourceComparison[];
  practice: PracticeNeed[];
  modules: ModuleView[];
  adjustments: AdjustmentView[];
};

export type EvidenceView = {
  id: number;
  score: number;
  weight: number;
  source: 'check' | 'rubric' | 'regrade' | 'workplace';
  /** null for a workplace assessment (there is no attempt at a workplace). */
  attemptId: string | null;
  /** The scenario's title; empty for a workplace assessment. */
  scenario: string;
  ref: { kind: 'check' | 'criterion' | 'assessment'; id: string; title: string };
  /** Where a workplace assessment was made: the placement's base, enterprise and role. */
  placement: { id: string; base: string; enterprise: string; role: string } | null;
  assessor: string | null;
  /** The reviewer's overall comment on that work, for rubric evidence. */
  comment: string | null;
  submittedAt: string;
};

/**
 * A parent competency's summary of the children below it: the mean of their mastery weighted
 * by the pieces of work behind each (server/competency/rollup.ts). Not evidence of its own.
 */
export type RollUp = { value: number; level: string | null; competencies: number; work: number };

export type RecordCompetency = CompetencyRef & {
  depth: number;
  value: number | null;
  level: string | null;
  attempts: number;
  /** The mastery of each kind of evidence alone (the course's method over it) and its pieces of work. */
  bySource: { simulated: { value: number | null; pieces: number }; workplace: { value: number | null; pieces: number } };
  /** Set for a competency with evidence below it in the tree; null otherwise. */
  rollup: RollUp | null;
  /** One score per piece of work, oldest first (the trend line). */
  trend: { at: string; score: number }[];
  evidence: EvidenceView[];
};

export type StudentRecord = {
  student: { id: string; name: string };
  course: { id: string; title: string };
  method: MethodView;
  levels: LevelView[];
  competencies: RecordCompetency[];
};

export type MasterySettingsInput = z.infer<typeof MasterySettingsBody>;
export type ModuleInput = z.input<typeof ModuleBody>;
export type AdjustmentInput = z.infer<typeof AdjustmentBody>;
export type PracticeInput = z.infer<typeof PracticeBody>;
