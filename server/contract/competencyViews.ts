import { z } from 'zod';
import {
  MASTERY_KINDS,
  type AdjustmentView,
  type CompetencyRef,
  type CourseReport,
  type FrameworkSummary,
  type LevelView,
  type MasteryJobView,
  type MethodView,
  type ModuleView,
  type StudentRecord,
} from './competency';
import { AssignmentCreated } from './courses';

/**
 * Response bodies of the competency routes (the API document; held to real responses under
 * test). The hand types in ./competency stay what the web reads; each schema here is checked
 * against its type at compile time (`z.ZodType<T>`), so the two cannot drift apart silently.
 */

const Level: z.ZodType<LevelView> = z.object({ id: z.string(), label: z.string(), min: z.number() });
const Ref = { code: z.string(), title: z.string(), parent: z.string().nullable() };
const CompetencyRefSchema: z.ZodType<CompetencyRef> = z.object(Ref);
const nullableNumber = z.number().nullable();

const Method: z.ZodType<MethodView> = z.object({
  kind: z.enum(MASTERY_KINDS),
  weight: z.number(),
  n: z.number(),
  threshold: z.number(),
  description: z.string(),
  sources: z.object({ simulated: z.number(), workplace: z.number(), description: z.string() }),
});

const MasteryJob: z.ZodType<MasteryJobView> = z.object({
  id: z.string(),
  courseId: z.string(),
  status: z.enum(['pending', 'running', 'done', 'superseded']),
  done: z.number().int(),
  total: z.number().int(),
  method: Method,
});

const Framework: z.ZodType<FrameworkSummary> = z.object({
  id: z.string(),
  identifier: z.string(),
  title: z.string(),
  items: z.number().int(),
  levels: z.array(Level),
  owner: z.object({ id: z.string(), name: z.string() }).nullable(),
  canManage: z.boolean(),
});

const Module: z.ZodType<ModuleView> = z.object({
  id: z.string(),
  position: z.number(),
  title: z.string(),
  description: z.string(),
  competencies: z.array(z.object({ ...Ref, weight: z.number() })),
});

const Side = z.object({ mean: nullableNumber, n: z.number().int() });
const Adjustment: z.ZodType<AdjustmentView> = z.object({
  id: z.string(),
  module: z.object({ id: z.string(), title: z.string() }),
  madeOn: z.string(),
  what: z.string(),
  why: z.string(),
  by: z.string(),
  comparison: z.array(z.object({ ...Ref, before: Side, after: Side, enough: z.boolean() })),
});

const BelowCount = z.object({ below: z.number().int(), assessed: z.number().int() });
const SourceSide = z.object({ mean: nullableNumber, level: z.string().nullable(), students: z.number().int() });
const PracticeReason = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('belowPassMark'), scenario: z.string(), score: z.number(), passAt: z.number() }),
  z.object({ kind: z.literal('noResult'), competency: z.string(), attempts: z.number().int() }),
  z.object({ kind: z.literal('belowThreshold'), competency: z.string(), value: z.number(), threshold: z.number() }),
]);

const Report: z.ZodType<CourseReport> = z.object({
  course: z.object({ id: z.string(), title: z.string() }),
  method: Method,
  recompute: MasteryJob.nullable(),
  levels: z.array(Level),
  competencies: z.array(CompetencyRefSchema),
  students: z.array(z.object({ id: z.string(), name: z.string() })),
  heatmap: z.object({ values: z.array(z.array(nullableNumber)), attempts: z.array(z.array(z.number().int())) }),
  distribution: z.array(z.object({ ...Ref, counts: z.record(z.string(), z.number().int()) })),
  gaps: z.array(
    z.object({
      ...Ref,
      below: z.number().int(),
      assessed: z.number().int(),
      share: z.number(),
      bySource: z.object({ simulated: BelowCount, workplace: BelowCount }),
      modules: z.array(z.object({ id: z.string(), title: z.string(), weight: z.number() })),
      quotes: z.array(z.object({ text: z.string(), scenario: z.string(), at: z.string() })),
    }),
  ),
  sources: z.array(
    z.object({
      ...Ref,
      onCampus: SourceSide,
      offCampus: SourceSide,
      both: z.number().int(),
      disagreeing: z.number().int(),
      disagree: z.enum(['workplaceLower', 'workplaceHigher']).nullable(),
    }),
  ),
  practice: z.array(
    z.object({
      student: z.object({ id: z.string(), name: z.string() }),
      reasons: z.array(z.string()),
      why: z.array(PracticeReason),
      weakest: z.array(z.object({ ...Ref, value: nullableNumber })),
      scenarios: z.array(z.object({ versionId: z.string(), slug: z.string(), title: z.string(), version: z.string(), covers: z.array(z.string()) })),
    }),
  ),
  modules: z.array(Module),
  adjustments: z.array(Adjustment),
});

const SourceValue = z.object({ value: nullableNumber, pieces: z.number().int() });
const Record_: z.ZodType<StudentRecord> = z.object({
  student: z.object({ id: z.string(), name: z.string() }),
  course: z.object({ id: z.string(), title: z.string() }),
  method: Method,
  levels: z.array(Level),
  competencies: z.array(
    z.object({
      ...Ref,
      depth: z.number().int(),
      value: nullableNumber,
      level: z.string().nullable(),
      attempts: z.number().int(),
      bySource: z.object({ simulated: SourceValue, workplace: SourceValue }),
      rollup: z.object({ value: z.number(), level: z.string().nullable(), competencies: z.number().int(), work: z.number().int() }).nullable(),
      trend: z.array(z.object({ at: z.string(), score: z.number() })),
      evidence: z.array(
        z.object({
          id: z.number().int(),
          score: z.number(),
          weight: z.number(),
          source: z.enum(['check', 'rubric', 'regrade', 'workplace']),
          attemptId: z.string().nullable(),
          scenario: z.string(),
          ref: z.object({ kind: z.enum(['check', 'criterion', 'assessment']), id: z.string(), title: z.string() }),
          placement: z.object({ id: z.string(), base: z.string(), enterprise: z.string(), role: z.string() }).nullable(),
          assessor: z.string().nullable(),
          comment: z.string().nullable(),
          submittedAt: z.string(),
        }),
      ),
    }),
  ),
});

/** A CASE package is an open JSON object (1EdTech CASE 1.0): the document, its items and associations as imported. */
export const CasePackageView = z
  .object({ CFDocument: z.record(z.string(), z.unknown()), CFItems: z.array(z.record(z.string(), z.unknown())), CFAssociations: z.array(z.record(z.string(), z.unknown())) })
  .meta({ description: 'A 1EdTech CASE 1.0 package (CFPackage): the document, items and associations as imported.' });

export const FrameworkList = z.object({ frameworks: z.array(Framework) });
export const FrameworkImported = z.object({
  framework: z.object({ id: z.string(), identifier: z.string(), title: z.string(), items: z.number().int() }),
  /** Items a re-import dropped, with how much evidence and how many modules still name them. */
  removed: z.array(z.object({ identifier: z.string(), code: z.string(), title: z.string(), evidence: z.number().int(), modules: z.number().int() })),
});
export const LevelsView = z.object({ levels: z.array(Level) });
export const MasteryJobEnvelope = z.object({ job: MasteryJob });
export const ModuleList = z.object({ modules: z.array(Module) });
export const ModuleEnvelope = z.object({ module: Module }).meta({ id: 'ModuleEnvelope' });
export const AdjustmentEnvelope = z.object({ adjustment: Adjustment });
export const CourseReportView = Report;
export const PracticeAssigned = AssignmentCreated;
export const StudentRecordView = Record_;
export const RecordCourseList = z.object({ courses: z.array(z.object({ id: z.string(), title: z.string() })) });
