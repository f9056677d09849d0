import { z } from 'zod';
import { FilePath } from '../contract/paths';

/**
 * The authority on `scenario.yaml`. Every refinement here produces a message that says what
 * was expected, because the people reading it are enterprise technicians, not our team.
 */

const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase letters and digits joined by single hyphens');
/** A file the manifest refers to: the package's file rule (so it names what is wrong), then its folder. */
const relPath = (folder?: string) => FilePath.refine((p) => !folder || p.startsWith(`${folder}/`), `must be a file inside ${folder}/`);
/** A file of the student's workspace, relative to workspace/. */
const workspacePath = FilePath;

const competencyWeights = z
  .record(z.string(), z.number().positive('must be a positive weight').max(1, 'must be at most 1'))
  .refine((r) => Object.keys(r).length > 0, 'must name at least one competency');

const checkBase = {
  id,
  title: z.string().min(1).max(200),
  /** Visible checks can be run by the student during the attempt; hidden ones run at submit. */
  visible: z.boolean().default(false),
  points: z.number().positive('must be more than 0'),
  competencies: competencyWeights,
};

const limits = {
  timeoutMs: z.number().int().min(100).max(10_000, 'must be at most 10000 (10 s)').optional(),
  memoryMb: z.number().int().min(16).max(256, 'must be at most 256').optional(),
};

export const JsCheck = z.object({ ...checkBase, ...limits, kind: z.enum(['js', 'ts']), file: relPath('checks') });

export const SqlCheck = z.object({
  ...checkBase,
  ...limits,
  kind: z.literal('sql'),
  mode: z.enum(['query', 'state']).default('query'),
  /** The workspace file holding the student's SQL; its solution/ twin is the reference. */
  submission: workspacePath,
  /**
   * The fixture database: one SQL file, or several run in order — so a hidden check's data
   * can be the visible data plus a file of extra rows instead of a copy of it all.
   */
  fixture: z.union([relPath('fixtures'), z.array(relPath('fixtures')).min(1)]).transform((f) => (Array.isArray(f) ? f : [f])),
  /** Mode state: the query that reads the resulting state, compared between student and solution. */
  verify: relPath('checks').optional(),
  ordered: z.boolean().default(false),
  /** Absolute tolerance for numbers: only floating-point noise by default. */
  tolerance: z.number().min(0).default(0.000001),
});

const numberAnswer = z.object({
  type: z.literal('number'),
  value: z.number(),
  tolerance: z.number().min(0).default(0),
  relative: z.boolean().default(false),
  unit: z.string().optional(),
});
const textAnswer = z.object({
  type: z.literal('text'),
  value: z.string(),
  match: z.enum(['exact', 'normalised', 'regex']).default('normalised'),
});
const choiceAnswer = z.object({
  type: z.literal('choice'),
  options: z.array(z.object({ id, text: z.string().min(1) })).min(2, 'must offer at least two options'),
  correct: z.array(id).min(1, 'must mark at least one option correct'),
  multiple: z.boolean().default(false),
});

export const AnswerCheck = z.object({
  ...checkBase,
  kind: z.literal('answer'),
  question: z.string().min(1),
  answer: z.discriminatedUnion('type', [numberAnswer, textAnswer, choiceAnswer], {
    error: (issue) => (issue.code === 'invalid_union' ? 'must be one of: number, text, choice (what kind of answer is expected)' : undefined),
  }),
});

const fileAssertion = z.union([
  z.object({ regex: z.string(), flags: z.string().regex(/^[imsu]*$/).default(''), mustMatch: z.boolean().default(true), message: z.string().optional() }),
  z.object({ jsonPath: z.string(), equals: z.unknown(), message: z.string().optional() }),
  z.object({ yamlPath: z.string(), equals: z.unknown(), message: z.string().optional() }),
  z.object({ csvRowCount: z.number().int().min(0), message: z.string().optional() }),
  z.object({
    csvColumnSum: z.object({ column: z.string(), equals: z.number(), tolerance: z.number().min(0).default(0.005) }),
    message: z.string().optional(),
  }),
  z.object({
    csvRowEquals: z.object({ row: z.number().int().min(1), values: z.record(z.string(), z.union([z.string(), z.number()])) }),
    message: z.string().optional(),
  }),
]);

export const FileCheck = z.object({
  ...checkBase,
  kind: z.literal('file'),
  file: workspacePath,
  assertions: z.array(fileAssertion).min(1, 'needs at least one assertion'),
});

export const Check = z.discriminatedUnion('kind', [JsCheck, SqlCheck, AnswerCheck, FileCheck], {
  error: (issue) => (issue.code === 'invalid_union' ? 'must be one of: js, ts, sql, answer, file (what kind of check this is)' : undefined),
});

export const RubricCriterion = z.object({
  id,
  title: z.string().min(1).max(200),
  description: z.string().optional(),
  points: z.number().positive(),
  levels: z
    .array(
      // A comma in an unquoted flow-style text ends it: `{ score: 0, text: Missing, or vague }`
      // parses as text "Missing" plus a stray key. Say so instead of showing a cut-off descriptor.
      z.looseObject({ score: z.number().min(0), text: z.string().min(1) }).superRefine((level, ctx) => {
        const extra = Object.keys(level).filter((k) => k !== 'score' && k !== 'text');
        if (extra.length > 0) {
          ctx.addIssue({
            code: 'custom',
            path: ['text'],
            message: `ends at a comma (“${extra[0]}” is left over): put the text in quotes, e.g. text: "${level.text}, ${extra[0]}"`,
          });
        }
      }),
    )
    .min(2, 'needs at least two levels'),
  competencies: competencyWeights,
});

/** One fixture file, or several run in order (as a SQL check's `fixture`). */
const fixtureFiles = z.union([relPath('fixtures'), z.array(relPath('fixtures')).min(1)]).transform((f) => (Array.isArray(f) ? f : [f]));
const sqlName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a table or view name: letters, digits and _, not starting with a digit');

/**
 * Task data for the workspace's data explorer: what a student may look at and query (read
 * only) while the task is unlocked. Name only what students may see: the visible fixture, never
 * the files hidden checks add. `tables` keeps only those tables and views; the others are
 * dropped before the student's database is read, so they are not even named. Tasks that
 * declare the same data share one dataset in the explorer.
 */
export const TaskData = z.strictObject({
  /** What the explorer calls it ("Receivables ledger, 30 June"); the fixture's file name otherwise. */
  title: z.string().min(1).max(200).optional(),
  fixture: fixtureFiles,
  tables: z.array(sqlName).min(1, 'must list at least one table (leave `tables` out to show them all)').optional(),
});

export const Task = z.object({
  id,
  title: z.string().min(1).max(200),
  instructions: relPath('tasks'),
  checks: z.array(Check).default([]),
  rubric: z.array(RubricCriterion).default([]),
  /** The data explorer's data for this task (TaskData); no `data`, no explorer for it. */
  data: TaskData.optional(),
});

const duration = z.string().regex(/^\d+(s|m|h)$/, 'must be a duration such as 90s, 20m or 1h');

export const ScenarioEvent = z
  .object({
    id,
    at: duration.optional(),
    after: z
      .string()
      .regex(/^(start|task:[a-z0-9-]+)$/, 'must be "start" or "task:<task id>"')
      .optional(),
    from: z.string().min(1),
    channel: z.enum(['email', 'chat', 'ticket', 'phone']).default('email'),
    subject: z.string().min(1).max(200),
    body: relPath('events'),
    unlocks: z
      .string()
      .regex(/^task:[a-z0-9-]+$/, 'must be "task:<task id>"')
      .optional(),
  })
  .refine((e) => e.at !== undefined || e.after !== undefined, { message: 'needs "at" (a time) or "after" (start or a task)', path: ['at'] });

export const INDUSTRIES = ['software', 'logistics', 'ecommerce', 'finance', 'manufacturing', 'it-operations', 'data'] as const;

export const ScenarioManifest = z.object({
  id,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version such as 1.0.0'),
  title: z.string().min(1).max(200),
  enterprise: z.string().min(1),
  industry: z.enum(INDUSTRIES),
  role: z.string().min(1),
  durationMinutes: z.number().int().min(5).max(8 * 60),
  brief: relPath().default('brief.md'),
  competencies: z.array(z.string().min(1)).min(1, 'must list the competencies the scenario trains'),
  tasks: z.array(Task).min(1, 'needs at least one task'),
  events: z.array(ScenarioEvent).default([]),
  scoring: z
    .object({
      autoWeight: z.number().min(0).max(1),
      reviewWeight: z.number().min(0).max(1),
      passAt: z.number().gt(0).max(1),
    })
    .refine((s) => Math.abs(s.autoWeight + s.reviewWeight - 1) < 1e-9, { message: 'autoWeight + reviewWeight must equal 1', path: ['autoWeight'] }),
});

export type ScenarioManifestT = z.infer<typeof ScenarioManifest>;
export type TaskT = z.infer<typeof Task>;
export type CheckT = z.infer<typeof Check>;
export type JsCheckT = z.infer<typeof JsCheck>;
export type SqlCheckT = z.infer<typeof SqlCheck>;
export type AnswerCheckT = z.infer<typeof AnswerCheck>;
export type FileCheckT = z.infer<typeof FileCheck>;
export type RubricCriterionT = z.infer<typeof RubricCriterion>;
export type ScenarioEventT = z.infer<typeof ScenarioEvent>;
export type TaskDataT = z.infer<typeof TaskData>;

/** Where the workspace keeps answers to `answer` checks, keyed by check id. */
export const ANSWERS_FILE = 'answers.json';
