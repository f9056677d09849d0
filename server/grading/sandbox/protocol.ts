/** Messages between the grading host and a sandbox worker process (copied over IPC). */

export type Limits = {
  /** Wall-clock cap for one check run, milliseconds. */
  timeMs: number;
  /** Heap cap of the isolate (JS) or resident memory of the query (SQL), megabytes. */
  memoryMb: number;
  /** Cap on what the run may print, bytes; the rest is dropped and marked truncated. */
  outputBytes: number;
};

export const DEFAULT_LIMITS: Limits = { timeMs: 2_000, memoryMb: 64, outputBytes: 64 * 1024 };
export const MAX_TIME_MS = 10_000;

export type SourceFile = { path: string; source: string };

export type JsJob = {
  kind: 'js';
  /** The student's files (workspace paths, e.g. `src/quote.js`), loadable with require/import. */
  files: SourceFile[];
  /** The check file; it runs as if it sat at the workspace root, so `./src/quote.js` resolves. */
  check: SourceFile;
  limits: Limits;
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
  limits: Limits & { maxRows: number };
};

export type Job = JsJob | SqlJob;

export type TestOutcome = { name: string; passed: boolean; messages: string[] };

export type RunStatus = 'ok' | 'timeout' | 'memory' | 'crashed' | 'rejected' | 'compile_error' | 'load_error';

export type JobResult = {
  status: RunStatus;
  tests: TestOutcome[];
  /** Messages about the run as a whole (compile errors, caps, load failures). */
  messages: string[];
  output: string;
  outputTruncated: boolean;
  durationMs: number;
};

export type WorkerRequest = { id: number; job: Job };
export type WorkerResponse = { id: number; result: JobResult };
