/** Messages between the grading host and a sandbox worker process (copied over IPC). */

import type { Note } from '../notes';

export type Limits = {
  /** Wall-clock cap for one check run, milliseconds. */
  timeMs: number;
  /** Heap cap of the isolate (JS) or resident memory of the query (SQL), megabytes. */
  memoryMb: number;
  /** Cap on what the run may print, bytes; the rest is dropped and marked truncated. */
  outputBytes: number;
  /**
   * JS/TS: wall-clock cap on transpiling and type-checking, apart from `timeMs` (the student's
   * code never runs during it). COMPILE_TIME_MS unless a test sets a shorter one.
   */
  compileMs?: number;
};

/**
 * Why 10 s: on the 2-core reference machine, 1 MB of ordinary TypeScript type-checks in 2–3.5 s
 * (the issue measured 3.4 s), a type-heavy megabyte (5,000 interfaces and generic classes) in
 * 6–8 s, and the sample scenarios' files (4–7 KB) in 0.1–0.25 s; esbuild needs well under a
 * second for a megabyte. 10 s lets any honest workspace of that size through, and it equals the
 * longest time a package may give the code itself (MAX_TIME_MS), so a type-checker blow-up holds
 * a worker no longer than a slow check may.
 */
export const COMPILE_TIME_MS = 10_000;
export const DEFAULT_LIMITS: Limits = { timeMs: 2_000, memoryMb: 64, outputBytes: 64 * 1024, compileMs: COMPILE_TIME_MS };
export const MAX_TIME_MS = 10_000;

export type SourceFile = { path: string; source: string };

export type JsJob = {
  kind: 'js';
  /** The student's files (workspace paths, e.g. `src/quote.js`), loadable with require/import. */
  files: SourceFile[];
  /**
   * The check file; it runs as if it sat at the workspace root, so `./src/quote.js` resolves.
   * In mode `run`, the entry the student runs (their snippet, or a line that loads their file).
   */
  check: SourceFile;
  limits: Limits;
  /**
   * `run`: the student's own try-out (the workspace's Run): the entry loads and runs, nothing is
   * tested, and an error names its line in the student's file. Checks leave it out.
   */
  mode?: 'check' | 'run';
  /** Mode run: the workspace's other text files (a log, a CSV), each loadable as a string (JSON parsed). */
  texts?: SourceFile[];
};

export type SqlJob = {
  kind: 'sql';
  mode: 'query' | 'state';
  /** Schema and seed statements of the fixture database (trusted: from the package). */
  fixtureSql: string;
  /** What the student wrote. */
  studentSql: string;
  /** The reference query (mode query) or the verification query (mode state). */
  referenceSql: string;
  /** Mode state: the reference solution's statements, run on a second copy before referenceSql. */
  referenceStateSql?: string;
  ordered: boolean;
  tolerance: number;
  /** Partial credit for a result that is not right (sqlCompare.ts); all or nothing without. */
  partial?: ('rows' | 'columns')[];
  limits: Limits & { maxRows: number };
};

/**
 * The data explorer: the fixture of a task's `data`, cut down to the tables the author lists
 * (the others are dropped before anything is read, so they are not even named), then read only.
 * `query` null describes the tables (columns, row counts, first rows); otherwise the one
 * read-only statement runs and its first `maxRows` rows come back.
 */
export type ExploreJob = {
  kind: 'explore';
  fixtureSql: string;
  /** The tables and views students may see; null: everything the fixture makes. */
  tables: string[] | null;
  query: string | null;
  /** Describe: how many rows of each table to show. */
  sampleRows: number;
  limits: Limits & { maxRows: number };
};

export type Cell = string | number | null;
export type ExploreTable = { name: string; kind: 'table' | 'view'; columns: { name: string; type: string }[]; rowCount: number; rows: Cell[][] };
export type ExploreOutcome = {
  tables?: ExploreTable[];
  result?: { columns: string[]; rows: Cell[][]; truncated: boolean };
  /** What went wrong with the query (refused, an SQL error, a cap), in the student's words. */
  error?: string;
  /** What is wrong with the author's data (it names tables, so it is for validation, never a student). */
  problem?: string;
  /** Listed tables or views whose definition names one that is not listed: such data is refused (validation names them). */
  leaks?: string[];
};

export type Job = JsJob | SqlJob | ExploreJob;

/** `score`: the share earned by a test that did not pass, where the check gives partial credit. */
export type TestOutcome = { name: string; passed: boolean; score?: number; messages: string[]; notes?: Note[] };

/** `compile_timeout`: transpiling or type-checking outlived `compileMs` (the code never ran). */
export type RunStatus = 'ok' | 'timeout' | 'memory' | 'crashed' | 'rejected' | 'compile_error' | 'compile_timeout' | 'load_error';

export type JobResult = {
  status: RunStatus;
  tests: TestOutcome[];
  /** Messages about the run as a whole (compile errors, caps, load failures). */
  messages: string[];
  /** `messages` as message keys (see grading/notes.ts), one for each. */
  notes?: Note[];
  output: string;
  outputTruncated: boolean;
  durationMs: number;
  /** Explore jobs: what the explorer shows. */
  explore?: ExploreOutcome;
};

export type WorkerRequest = { id: number; job: Job };
/**
 * `retire`: the worker asks to be replaced after this answer. Set when the student's code
 * overflowed the isolate's stack or reached its memory limit: isolated-vm has been seen to abort
 * the *next* job in such a process (SIGABRT: after a recursion, and in CI after a Map that grew
 * to the cap), which would charge an honest student for someone else's code.
 */
export type WorkerResponse = { id: number; result: JobResult; retire?: boolean };
/**
 * Sent while a JS job runs, so the pool's backstop timer follows the phase: `compile` when
 * transpiling and type-checking start (capped by compileMs), `run` when the code starts (timeMs).
 */
export type WorkerPhase = { id: number; phase: 'compile' | 'run' };
/** Sent when the worker's type-checker thread starts (cold) and when it is ready (warm). */
export type WorkerChecker = { checker: 'warm' | 'cold' };

/**
 * SQLite's hard heap limit for a SQL job, bytes. The limit is process-wide and can only be
 * lowered, so the pool tracks each worker's and gives a job a worker whose limit it can lower
 * to exactly this (sqlRunner checks it got it).
 */
export const sqlHeapLimitBytes = (job: SqlJob | ExploreJob) => Math.round(job.limits.memoryMb * 1024 * 1024);

/** Jobs that run on SQLite in the worker (and so set its process-wide heap limit). */
export const usesSqlite = (job: Job): job is SqlJob | ExploreJob => job.kind === 'sql' || job.kind === 'explore';
