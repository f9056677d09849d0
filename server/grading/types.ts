import type { ScenarioPackage } from '../scenarios/package';
import type { CheckT } from '../scenarios/schema';
import type { Limits } from './sandbox/protocol';
import type { JobPriority, SandboxPool } from './sandbox/pool';
import type { Note } from './notes';

/** The student's files by workspace path (`src/quote.js`, `answers.json`). */
export type Workspace = Map<string, string>;

export type CheckContext = { pkg: ScenarioPackage; workspace: Workspace; pool: SandboxPool; limits: Limits; priority?: JobPriority };

/** What one check says about a workspace; `score` is the share of the check's points earned. */
export type CheckOutcome = {
  passed: boolean;
  score: number;
  messages: string[];
  /** `messages` as message keys, one for each (results stored before they existed have none). */
  notes?: Note[];
  /** What the student's code printed (JS/TS only); hidden checks never show it to the student. */
  output: string;
  status: string;
  /** Time the sandbox spent on the run itself, without waiting for a free worker. */
  runMs?: number;
};

export type CheckRunner<C extends CheckT = CheckT> = (check: C, ctx: CheckContext) => Promise<CheckOutcome>;

export type CheckResult = CheckOutcome & {
  id: string;
  task: string;
  kind: CheckT['kind'];
  title: string;
  visible: boolean;
  points: number;
  earned: number;
  durationMs: number;
};

export type GradeReport = {
  scenario: string;
  version: string;
  /** Earned automated points over all automated points, 0..1. */
  autoScore: number;
  passed: boolean;
  checks: CheckResult[];
  /** Tasks left out of the score: still locked at submission, and the package says `omit`. */
  omittedTasks: string[];
};
