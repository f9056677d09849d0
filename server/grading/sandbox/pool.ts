import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { say, type Said } from '../notes';
import { typecheckTooLongFallback } from './messages';
import {
  COMPILE_TIME_MS,
  type Job,
  type JobResult,
  sqlHeapLimitBytes,
  usesSqlite,
  type WorkerChecker,
  type WorkerPhase,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol';
import { filterWorkerStderr } from './stderr';

const WORKER_ENTRY = path.join(import.meta.dirname, 'worker.ts');

/** Extra time past a job's own cap before the process is killed: covers IPC and isolate teardown. */
const KILL_MARGIN_MS = 1_500;
/**
 * Backstop for a JS job before its compile clock starts: the worker is only waiting for its own
 * type-checker thread to be ready (a fresh one after a type-check that took too long), which
 * nothing in the job can prolong.
 */
const START_GRACE_MS = 30_000;

type Pending = { job: Job; resolve: (r: JobResult) => void; enqueuedAt: number };
type Slot = {
  child: ChildProcess;
  ready: boolean;
  busy: Pending | null;
  timer?: NodeJS.Timeout;
  jobId: number;
  /** Killed by the pool: its exit is expected and what it still prints is dropped. */
  killed: boolean;
  /** Its type-checker thread is ready (a fresh worker's warms up after the worker reports ready). */
  checkerWarm: boolean;
  /** SQLite's hard heap limit in this process (bytes), once a SQL job set it; it only goes down. */
  sqlHeapBytes?: number;
  /** The job this fresh process was started for: it needs a higher SQLite limit than any free worker had. */
  reserved?: Pending;
};

export type PoolOptions = { size?: number; logger?: { warn(obj: object, msg: string): void } };

/**
 * `interactive`: someone waits for the answer (a check run, Run, the data explorer).
 * `background`: nobody watches it happen (grading a submission). At a shared deadline thousands
 * of background jobs queue at once; interactive ones go ahead of them so a student still
 * working is answered in the time of one job, not of the whole backlog.
 */
export type JobPriority = 'interactive' | 'background';

/**
 * A pool of sandbox worker processes. Each runs one job at a time; a job that outlives its cap
 * (or a process that dies: memory blow-ups can abort it) is answered here and the process is
 * replaced, so one hostile submission never stalls the queue.
 *
 * Each worker is the leader of its own process group, so killing it also kills the esbuild
 * service it started (an orphaned service would finish a runaway transform on its own, and
 * print its crash). Workers' stderr passes through filterWorkerStderr.
 */
export class SandboxPool {
  private readonly size: number;
  private readonly slots: Slot[] = [];
  /** Jobs waiting for a worker, oldest first within each priority. */
  private readonly queues: Record<JobPriority, Pending[]> = { interactive: [], background: [] };
  private nextId = 1;
  private closed = false;
  /** How many worker processes were killed or died and were replaced (for tests and health). */
  replaced = 0;
  /** How many were replaced because a SQL job needed a higher memory limit than a worker could still give. */
  recycled = 0;

  constructor(private readonly options: PoolOptions = {}) {
    this.size = options.size ?? Math.max(1, os.availableParallelism());
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  run(job: Job, opts: { priority?: JobPriority } = {}): Promise<JobResult> {
    if (this.closed) return Promise.reject(new Error('the sandbox pool is closed'));
    return new Promise((resolve) => {
      this.queues[opts.priority ?? 'interactive'].push({ job, resolve, enqueuedAt: Date.now() });
      this.pump();
    });
  }

  /** Jobs waiting for a worker, by priority (health and tests). */
  waiting(): Record<JobPriority, number> {
    return { interactive: this.queues.interactive.length, background: this.queues.background.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots) {
      clearTimeout(slot.timer);
      this.kill(slot);
      slot.reserved?.resolve(failure('crashed', say('grading.sandbox.shutDown')));
    }
    for (const p of [...this.queues.interactive.splice(0), ...this.queues.background.splice(0)]) p.resolve(failure('crashed', say('grading.sandbox.shutDown')));
  }

  /** How many jobs run at once. */
  get workers(): number {
    return this.size;
  }

  /** Pids of the live workers (tests use them to prove a killed process is replaced). */
  pids(): number[] {
    return this.slots.map((s) => s.child.pid ?? -1);
  }

  private spawn(reserved?: Pending): Slot {
    const child = fork(WORKER_ENTRY, [], {
      execArgv: ['--no-node-snapshot', '--import', 'tsx', '--max-old-space-size=256'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
      detached: true,
      env: { NODE_ENV: process.env.NODE_ENV ?? 'production', PATH: process.env.PATH ?? '' },
    });
    const slot: Slot = { child, busy: null, jobId: 0, ready: false, killed: false, checkerWarm: false, reserved };
    filterWorkerStderr(
      child.stderr!,
      {
        line: (text) => process.stderr.write(`${text}\n`),
        goCrash: (first) => {
          const msg = `esbuild's service crashed (${first}); its Go stack trace is not printed`;
          if (this.options.logger) this.options.logger.warn({ pid: child.pid }, msg);
          else process.stderr.write(`sandbox worker ${child.pid}: ${msg}\n`);
        },
      },
      () => slot.killed,
    );
    child.on('message', (m: WorkerResponse | WorkerPhase | WorkerChecker | { ready: true }) => {
      if ('checker' in m) {
        slot.checkerWarm = m.checker === 'warm';
        return;
      }
      if ('ready' in m) {
        slot.ready = true;
        const job = slot.reserved;
        slot.reserved = undefined;
        if (job) this.dispatch(slot, job);
        this.pump();
        return;
      }
      if (!slot.busy || m.id !== slot.jobId) return;
      if ('phase' in m) this.arm(slot, m.phase);
      else this.settle(slot, m.result, { replace: m.retire === true });
    });
    // A failed send or kill is reported as 'error'; without a listener it would end the server.
    // The exit that follows (if any) replaces the worker.
    child.on('error', (err) => this.options.logger?.warn({ pid: child.pid, err: err.message }, 'sandbox worker error'));
    child.on('exit', (code, signal) => {
      if (this.closed || slot.killed) return;
      const pending = slot.busy;
      if (pending) {
        this.settle(
          slot,
          failure('crashed', say('grading.sandbox.processEnded', { reason: signal ?? `exit ${code}` })),
          { replace: false },
        );
      }
      this.replace(slot);
    });
    return slot;
  }

  /** Kills the worker's whole process group (the worker and the esbuild service it started). */
  private kill(slot: Slot): void {
    slot.killed = true;
    try {
      process.kill(-slot.child.pid!, 'SIGKILL');
    } catch {
      slot.child.kill('SIGKILL');
    }
  }

  private replace(slot: Slot, opts: { recycle?: Pending } = {}): void {
    const index = this.slots.indexOf(slot);
    if (index === -1 || this.closed) return;
    if (opts.recycle) this.recycled++;
    else this.replaced++;
    // A job the old process was started for moves to the new one.
    this.slots[index] = this.spawn(opts.recycle ?? slot.reserved);
  }

  private settle(slot: Slot, result: JobResult, opts: { replace?: boolean } = {}): void {
    const pending = slot.busy;
    if (!pending) return;
    clearTimeout(slot.timer);
    slot.busy = null;
    pending.resolve(result);
    if (opts.replace) {
      this.kill(slot);
      this.replace(slot);
    }
    this.pump();
  }

  /**
   * Hands queued jobs to free workers, interactive ones first, oldest first within each. A SQL job goes to the free worker with the
   * lowest SQLite limit that is still at least its own (the higher ones stay for jobs that need
   * them); when every free worker's limit is below it, one of them is replaced by a fresh process
   * started for this job. A JS job takes the free worker with the lowest limit, and one with TypeScript
   * a worker whose type checker is warm if one is free (it would otherwise wait for the warm-up).
   */
  private pump(): void {
    while (!this.closed && this.queues.interactive.length + this.queues.background.length > 0) {
      const free = this.slots.filter((s) => s.ready && !s.busy && !s.killed && s.child.connected);
      if (free.length === 0) return;
      const pending = (this.queues.interactive.length > 0 ? this.queues.interactive : this.queues.background).shift()!;
      const { job } = pending;
      const need = usesSqlite(job) ? sqlHeapLimitBytes(job) : 0;
      const typescript = job.kind === 'js' && job.files.some((f) => /\.tsx?$/.test(f.path));
      const limitOf = (s: Slot) => s.sqlHeapBytes ?? Infinity;
      const cold = (s: Slot) => (typescript && !s.checkerWarm ? 1 : 0);
      const fits = free.filter((s) => limitOf(s) >= need).sort((a, b) => cold(a) - cold(b) || limitOf(a) - limitOf(b));
      if (fits[0]) this.dispatch(fits[0], pending);
      else {
        const slot = free[0]!;
        this.kill(slot);
        this.replace(slot, { recycle: pending });
      }
    }
  }

  private dispatch(slot: Slot, pending: Pending): void {
    slot.busy = pending;
    slot.jobId = this.nextId++;
    if (usesSqlite(pending.job)) slot.sqlHeapBytes = Math.min(slot.sqlHeapBytes ?? Infinity, sqlHeapLimitBytes(pending.job));
    this.arm(slot, usesSqlite(pending.job) ? 'run' : 'start');
    slot.child.send({ id: slot.jobId, job: pending.job } satisfies WorkerRequest);
  }

  /**
   * The backstop timer for the job's current phase: its compile limit while it compiles, its
   * time limit while its code runs, each plus a margin. A worker that outlives it is killed.
   */
  private arm(slot: Slot, phase: 'start' | WorkerPhase['phase']): void {
    const pending = slot.busy!;
    const { limits } = pending.job;
    const compileMs = limits.compileMs ?? COMPILE_TIME_MS;
    const cap = phase === 'start' ? START_GRACE_MS : phase === 'compile' ? compileMs : limits.timeMs;
    const armedAt = Date.now();
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      this.options.logger?.warn({ pid: slot.child.pid, kind: pending.job.kind, phase }, 'sandbox job outlived its cap; killing the worker');
      const took = Date.now() - armedAt;
      const result =
        phase === 'compile'
          ? failure('compile_timeout', typecheckTooLongFallback(compileMs, limits.timeMs), took)
          : phase === 'run'
            ? failure('timeout', say('grading.sandbox.timeout', { what: ranWhat(pending.job), ms: limits.timeMs }), took)
            : failure('crashed', say('grading.sandbox.notReady'), took);
      this.settle(slot, result, { replace: true });
    }, cap + KILL_MARGIN_MS);
  }
}

/** What the student is told ran too long: their own Run, a data explorer query, or a check. */
const ranWhat = (job: Job) => (job.kind === 'explore' ? 'query' : job.kind === 'js' && job.mode === 'run' ? 'run' : 'check');

function failure(status: JobResult['status'], said: Said, durationMs = 0): JobResult {
  return { status, tests: [], messages: [said.text], notes: [said.note], output: '', outputTruncated: false, durationMs };
}
