import { z } from 'zod';
import { FilePath } from '../contract/paths';
import { nearest } from './issues';
import { SCENARIO_LANGUAGES } from './languages';

/**
 * The authority on `scenario.yaml`. Every refinement here produces a message that says what
 * was expected, because the people reading it are enterprise technicians, not our team.
 * Every object is strict: a key the format does not know (`visibel: true`) is an error, never
 * silently ignored. A new key is declared here, in its object, and nowhere else; the messages
 * for unknown and missing keys come from ./issues.
 */

/** The message of a discriminated union whose `key` is missing or names no option. */
function oneOf(input: unknown, key: string, options: string[], noun: string, what: string): string {
  const given = input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[key] : undefined;
  const list = options.join(', ');
  if (given === undefined || given === null) return `\`${key}\` is required for ${noun}: one of ${list} (${what})`;
  const [near] = typeof given === 'string' ? nearest(given, options) : [];
  return `must be one of: ${list} (${what}), not ${typeof given === 'string' ? `"${given}"` : JSON.stringify(given)}${near ? ` — did you mean ${near}?` : ''}`;
}

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

export const JsCheck = z.strictObject({ ...checkBase, ...limits, kind: z.enum(['js', 'ts']), file: relPath('checks') });

const sqlPartial = z.enum(['rows', 'columns'], { error: () => 'must be rows or columns' });

export const SqlCheck = z.strictObject({
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
  /**
   * Partial credit instead of all or nothing: `rows` scores the share of rows that match,
   * `columns` the share of columns whose values all match; both: the better of the two.
   */
  partial: z
    .union([sqlPartial, z.array(sqlPartial).min(1, 'must name rows, columns or both')], { error: () => 'must be rows, columns or [rows, columns]' })
    .transform((p) => [...new Set(Array.isArray(p) ? p : [p])])
    .optional(),
});

const numberAnswer = z.strictObject({
  type: z.literal('number'),
  value: z.number(),
  tolerance: z.number().min(0).default(0),
  relative: z.boolean().default(false),
  unit: z.string().optional(),
});
const textAnswer = z.strictObject({
  type: z.literal('text'),
  value: z.string(),
  match: z.enum(['exact', 'normalised', 'regex']).default('normalised'),
});
const choiceAnswer = z.strictObject({
  type: z.literal('choice'),
  options: z.array(z.strictObject({ id, text: z.string().min(1) })).min(2, 'must offer at least two options'),
  correct: z.array(id).min(1, 'must mark at least one option correct'),
  multiple: z.boolean().default(false),
});

export const AnswerCheck = z.strictObject({
  ...checkBase,
  kind: z.literal('answer'),
  question: z.string().min(1),
  answer: z.discriminatedUnion('type', [numberAnswer, textAnswer, choiceAnswer], {
    error: (issue) => (issue.code === 'invalid_union' ? oneOf(issue.input, 'type', ['number', 'text', 'choice'], 'an answer', 'what kind of answer is expected') : undefined),
  }),
  /** Shown to the student after a wrong answer (with the reveal policy of any other message). */
  hint: z.string().min(1).max(500, 'must be at most 500 characters').optional(),
});

const ASSERTION_KEYS = ['regex', 'jsonPath', 'yamlPath', 'csvRowCount', 'csvColumnSum', 'csvRowEquals'];

/** An assertion is told apart by its first key; without one of them, say which there are (or which one was meant). */
function assertionKindMessage(input: unknown): string {
  const keys = input !== null && typeof input === 'object' && !Array.isArray(input) ? Object.keys(input) : [];
  const meant = keys.map((k) => ({ k, near: nearest(k, ASSERTION_KEYS)[0] })).find((x) => x.near);
  const list = ASSERTION_KEYS.map((k) => `\`${k}\``).join(', ');
  return meant ? `unknown key \`${meant.k}\` — did you mean \`${meant.near}\`? (an assertion needs one of ${list})` : `needs one of ${list}`;
}

const fileAssertion = z.union([
  z.strictObject({ regex: z.string(), flags: z.string().regex(/^[imsu]*$/).default(''), mustMatch: z.boolean().default(true), message: z.string().optional() }),
  z.strictObject({ jsonPath: z.string(), equals: z.unknown(), message: z.string().optional() }),
  z.strictObject({ yamlPath: z.string(), equals: z.unknown(), message: z.string().optional() }),
  z.strictObject({ csvRowCount: z.number().int().min(0), message: z.string().optional() }),
  z.strictObject({
    csvColumnSum: z.strictObject({ column: z.string(), equals: z.number(), tolerance: z.number().min(0).default(0.005) }),
    message: z.string().optional(),
  }),
  z.strictObject({
    csvRowEquals: z.strictObject({ row: z.number().int().min(1), values: z.record(z.string(), z.union([z.string(), z.number()])) }),
    message: z.string().optional(),
  }),
], { error: (issue) => (issue.code === 'invalid_union' ? assertionKindMessage(issue.input) : undefined) });

export const FileCheck = z.strictObject({
  ...checkBase,
  kind: z.literal('file'),
  file: workspacePath,
  assertions: z.array(fileAssertion).min(1, 'needs at least one assertion'),
});

export const Check = z.discriminatedUnion('kind', [JsCheck, SqlCheck, AnswerCheck, FileCheck], {
  error: (issue) => (issue.code === 'invalid_union' ? oneOf(issue.input, 'kind', ['js', 'ts', 'sql', 'answer', 'file'], 'a check', 'what kind of check this is') : undefined),
});

export const RubricCriterion = z.strictObject({
  id,
  title: z.string().min(1).max(200),
  description: z.string().optional(),
  points: z.number().positive(),
  levels: z
    .array(
      // A comma in an unquoted flow-style text ends it (`{ score: 0, text: Missing, or vague }`):
      // the rest become unknown keys, which ./issues reports as the cut text and how to quote it.
      z.strictObject({ score: z.number().min(0), text: z.string().min(1) }),
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

export const Task = z.strictObject({
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
  .strictObject({
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

/**
 * What is still to come when a student submits before the scenario is over (the submit dialog
 * lists it either way). `lockedTasks`: a task whose unlocking event had not arrived is graded
 * as usual, its checks earning nothing ("the events arrive regardless", the default: submitting
 * early must not raise a score), or left out of the score and the evidence (`omit`).
 * `announce`: the workspace tells the student when each event is expected.
 */
export const Upcoming = z.strictObject({
  lockedTasks: z.enum(['grade', 'omit']).default('grade'),
  announce: z.boolean().default(false),
});

export const INDUSTRIES = ['software', 'logistics', 'ecommerce', 'finance', 'manufacturing', 'it-operations', 'data'] as const;

export const ScenarioManifest = z.strictObject({
  id,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version such as 1.0.0'),
  /**
   * The package's default language: its Markdown files and single-language texts are in it.
   * `languages` lists every language the package is complete in (./languages); left out, only
   * the default. Manifests published before these keys have neither: English.
   */
  language: z.enum(SCENARIO_LANGUAGES).optional(),
  languages: z.array(z.enum(SCENARIO_LANGUAGES)).min(1).optional(),
  title: z.string().min(1).max(200),
  enterprise: z.string().min(1),
  industry: z.enum(INDUSTRIES),
  role: z.string().min(1),
  durationMinutes: z.number().int().min(5).max(8 * 60),
  brief: relPath().default('brief.md'),
  /**
   * The competency framework the package's codes are read in: its CASE identifier or its exact
   * title. Without it a code is looked up in every framework the author can see (./competencyRefs).
   */
  framework: z.string().min(1).max(300).optional(),
  competencies: z.array(z.string().min(1)).min(1, 'must list the competencies the scenario trains'),
  tasks: z.array(Task).min(1, 'needs at least one task'),
  events: z.array(ScenarioEvent).default([]),
  upcoming: Upcoming.default({ lockedTasks: 'grade', announce: false }),
  scoring: z
    .strictObject({
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
export type UpcomingT = z.infer<typeof Upcoming>;

/** A manifest's `upcoming` rules; versions published before the key existed stored none. */
export const upcomingOf = (manifest: ScenarioManifestT): UpcomingT => manifest.upcoming ?? { lockedTasks: 'grade', announce: false };

export type TaskDataT = z.infer<typeof TaskData>;

/** Where the workspace keeps answers to `answer` checks, keyed by check id. */
export const ANSWERS_FILE = 'answers.json';
