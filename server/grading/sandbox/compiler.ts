/**
 * Transpiling and type-checking a JS/TS job, under a time limit of their own (limits.compileMs,
 * COMPILE_TIME_MS by default), apart from the student's code time: the code has not run yet, and
 * a type-checker blow-up is not the code being slow. Neither compiler blocks this thread:
 *  - esbuild runs in its service process (the async API); at the limit it is stopped (SIGTERM,
 *    which a Go program obeys silently) and a fresh one starts with the next call;
 *  - the TypeScript checker runs in a worker thread (typecheckThread.ts); at the limit the thread
 *    is terminated and a new one warms up in the background.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { stop as stopEsbuild, transform } from 'esbuild';
import { transpileTooLong, typecheckTooLong } from './messages';
import { split, type Note } from '../notes';
import { COMPILE_TIME_MS, type JsJob, type RunStatus, type SourceFile } from './protocol';
import type { CheckReply, CheckRequest } from './typecheckThread';

/** `map`: esbuild's source map `mappings` (mode run only, to name the student's lines in errors). */
export type Compiled = { path: string; code: string; map?: string };
export type CompileOutcome = { ok: true; compiled: Compiled[] } | { ok: false; status: Extract<RunStatus, 'compile_error' | 'compile_timeout'>; messages: string[]; notes?: Note[] };

/** The type checker's heap, as the worker's own (--max-old-space-size=256) before it moved here. */
const CHECKER_HEAP_MB = 256;

/**
 * Compiles the job's files (`all`: the student's and the check file at its sandbox path).
 * `onStart` is called when the clock starts: after the type-checker thread is ready, so a job
 * never pays for a fresh thread's start-up.
 */
export async function compileJob(job: JsJob, all: SourceFile[], checkPath: string, onStart: () => void): Promise<CompileOutcome> {
  const compileMs = job.limits.compileMs ?? COMPILE_TIME_MS;
  const hasTs = job.files.some((f) => /\.tsx?$/.test(f.path));
  const typeChecker = hasTs ? checker() : undefined;
  await typeChecker?.ready;
  onStart();
  const deadline = performance.now() + compileMs;

  const compiled: Compiled[] = [];
  const errors: string[] = [];
  // One file at a time: a file that crashes esbuild's service is then the one reported.
  const sourceMaps = job.mode === 'run';
  for (const file of all) {
    const out = await transpile(file, deadline, sourceMaps);
    if (out === 'timeout') return { ok: false, status: 'compile_timeout', ...split([transpileTooLong(compileMs, job.limits.timeMs)]) };
    if ('error' in out) errors.push(out.path === checkPath && !sourceMaps ? `The check file does not compile: ${out.error}` : out.error);
    else compiled.push(out);
  }
  if (errors.length > 0) return { ok: false, status: 'compile_error', messages: errors };
  if (!typeChecker) return { ok: true, compiled };

  // Type errors fail the check as they fail a real TypeScript build.
  const checked = await typeChecker.check(job.files, deadline - performance.now());
  if (checked === 'timeout') return { ok: false, status: 'compile_timeout', ...split([typecheckTooLong(compileMs, job.limits.timeMs)]) };
  if ('failed' in checked) return { ok: false, status: 'compile_error', messages: [checked.failed] };
  if (checked.errors.length > 0) return { ok: false, status: 'compile_error', messages: checked.errors };
  return { ok: true, compiled };
}

// --- esbuild ---

/**
 * Input nested deeply enough (half a megabyte of `[`, `(`, `!` or `.a`) overflows the stack of
 * esbuild's parser and kills its service (its Go stack trace goes to stderr, which the pool
 * filters); every later call would then fail. The file whose transform was in flight is reported
 * as not compiling; the service is restarted (stop() makes the next call start a fresh one), and
 * a file that only found it already dead is transpiled again.
 */
const SERVICE_DIED = /The service was stopped/;
const SERVICE_GONE = /The service is no longer running/;

async function transpile(file: SourceFile, deadline: number, sourceMaps: boolean, retried = false): Promise<Compiled | { path: string; error: string } | 'timeout'> {
  const loader = /\.tsx?$/.test(file.path) ? 'ts' : 'js';
  const work = transform(file.source, {
    loader,
    format: 'cjs',
    target: 'es2022',
    sourcefile: file.path,
    logLevel: 'silent',
    ...(sourceMaps ? { sourcemap: 'external' as const, sourcesContent: false } : {}),
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - performance.now()))));
  try {
    const out = await Promise.race([work, late]);
    if (out === 'timeout') {
      work.catch(() => undefined);
      await stopEsbuild();
      return 'timeout';
    }
    if (!sourceMaps || !out.map) return { path: file.path, code: out.code };
    return { path: file.path, code: out.code, map: (JSON.parse(out.map) as { mappings: string }).mappings };
  } catch (err) {
    const raw = String((err as Error)?.message ?? err);
    if (SERVICE_DIED.test(raw) || SERVICE_GONE.test(raw)) {
      await stopEsbuild();
      if (SERVICE_GONE.test(raw) && !retried) return transpile(file, deadline, sourceMaps, true);
      return { path: file.path, error: `${file.path}: the compiler gave up on this file (is something nested far too deeply?)` };
    }
    const errors = (err as { errors?: { text: string; location?: { file: string; line: number; column: number } }[] }).errors ?? [];
    const text = errors
      .slice(0, 5)
      .map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column + 1}: ${e.text}` : e.text))
      .join('\n');
    return { path: file.path, error: text || raw };
  } finally {
    clearTimeout(timer);
  }
}

// --- the type-checker thread ---

/** The thread's entry. A worker thread does not inherit tsx's loader from the process's --import: it registers it first. */
function threadBoot(): string {
  const entry = pathToFileURL(path.join(import.meta.dirname, 'typecheckThread.ts')).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
}

type CheckResult = { errors: string[] } | { failed: string } | 'timeout';

class CheckerThread {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private nextId = 1;
  private pending: { id: number; settle: (r: CheckResult) => void } | undefined;
  private dead = false;

  constructor() {
    this.worker = new Worker(threadBoot(), { eval: true, resourceLimits: { maxOldGenerationSizeMb: CHECKER_HEAP_MB } });
    this.worker.unref();
    checkerListener?.(false);
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (m: CheckReply) => {
        if ('ready' in m) {
          resolve();
          if (thread === this) checkerListener?.(true);
        }
        else if (this.pending?.id === m.id) this.finish('errors' in m ? { errors: m.errors } : { failed: failedMessage(m.failed) });
      });
      this.worker.on('error', (err) => {
        reject(err);
        const oom = (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
        this.finish({ failed: oom ? `Type-checking needed more memory than the grader allows (${CHECKER_HEAP_MB} MB): simplify the types or split large files.` : `The TypeScript checker failed (${String(err.message).slice(0, 200)}).` });
        this.retire();
      });
      this.worker.on('exit', () => {
        reject(new Error('the type-checker thread ended before it was ready'));
        this.finish({ failed: 'The TypeScript checker stopped unexpectedly.' });
        this.retire();
      });
    });
    this.ready.catch(() => undefined);
  }

  check(files: SourceFile[], timeoutMs: number): Promise<CheckResult> {
    if (this.dead) return Promise.resolve({ failed: 'The TypeScript checker stopped unexpectedly.' });
    return new Promise((settle) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.finish('timeout');
        // terminate() stops even a checker busy in a loop; a fresh thread warms up meanwhile.
        this.retire(true);
        void this.worker.terminate();
      }, Math.max(0, timeoutMs));
      this.pending = {
        id,
        settle: (r) => {
          clearTimeout(timer);
          settle(r);
        },
      };
      this.worker.postMessage({ id, files } satisfies CheckRequest);
    });
  }

  private finish(result: CheckResult): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.settle(result);
  }

  /**
   * This thread is finished with. After a timeout its successor starts at once (the checker
   * worked; only that job was too much); after a failure the next job starts one, so a thread
   * that cannot start is not restarted in a loop.
   */
  private retire(startNext = false): void {
    if (this.dead) return;
    this.dead = true;
    if (thread !== this) return;
    thread = startNext ? new CheckerThread() : undefined;
    if (!thread) checkerListener?.(false);
  }
}

function failedMessage(reason: string): string {
  return `The TypeScript checker gave up on this code (${reason}); is something nested far too deeply?`;
}

let thread: CheckerThread | undefined;
const checker = () => (thread ??= new CheckerThread());
let checkerListener: ((warm: boolean) => void) | undefined;

/** Starts the type-checker thread ahead of the first job (the worker calls this while warming up). */
export const warmTypeChecker = () => checker().ready;

/** Tells `listener` whenever a type-checker thread starts (cold) and when it is ready (warm). */
export function watchTypeChecker(listener: (warm: boolean) => void): void {
  checkerListener = listener;
}
