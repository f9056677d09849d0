import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { Job, JobResult, WorkerRequest, WorkerResponse } from './protocol';

const WORKER_ENTRY = path.join(import.meta.dirname, 'worker.ts');

/** Extra time past a job's own cap before the process is killed: covers IPC and isolate teardown. */
const KILL_MARGIN_MS = 1_500;

type Pending = { job: Job; resolve: (r: JobResult) => void; enqueuedAt: number };
type Slot = { child: ChildProcess; ready: Promise<void>; busy: Pending | null; timer?: NodeJS.Timeout; jobId: number };

export type PoolOptions = { size?: number; logger?: { warn(obj: object, msg: string): void } };

/**
 * A pool of sandbox worker processes. Each runs one job at a time; a job that outlives its cap
 * (or a process that dies: memory blow-ups can abort it) is answered here and the process is
 * replaced, so one hostile submission never stalls the queue.
 */
export class SandboxPool {
  private readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  /** How many worker processes were killed or died and were replaced (for tests and health). */
  replaced = 0;

  constructor(private readonly options: PoolOptions = {}) {
    this.size = options.size ?? Math.max(1, os.availableParallelism());
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  run(job: Job): Promise<JobResult> {
    if (this.closed) return Promise.reject(new Error('the sandbox pool is closed'));
    return new Promise((resolve) => {
      this.queue.push({ job, resolve, enqueuedAt: Date.now() });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots) {
      clearTimeout(slot.timer);
      slot.child.kill('SIGKILL');
    }
    for (const p of this.queue.splice(0)) p.resolve(failure('crashed', 'The grader shut down before this check ran.'));
  }

  /** Pids of the live workers (tests use them to prove a killed process is replaced). */
  pids(): number[] {
    return this.slots.map((s) => s.child.pid ?? -1);
  }

  private spawn(): Slot {
    const child = fork(WORKER_ENTRY, [], {
      execArgv: ['--no-node-snapshot', '--import', 'tsx', '--max-old-space-size=256'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'advanced',
      env: { NODE_ENV: process.env.NODE_ENV ?? 'production', PATH: process.env.PATH ?? '' },
    });
    const slot: Slot = {
      child,
      busy: null,
      jobId: 0,
      ready: new Promise((resolve) => {
        const onReady = (m: unknown) => {
          if ((m as { ready?: boolean }).ready) {
            child.off('message', onReady);
            resolve();
          }
        };
        child.on('message', onReady);
      }),
    };
    child.on('message', (m: WorkerResponse | { ready: true }) => {
      if (!('id' in m) || !slot.busy || m.id !== slot.jobId) return;
      this.settle(slot, m.result);
    });
    child.on('exit', (code, signal) => {
      if (this.closed) return;
      const pending = slot.busy;
      if (pending) {
        this.settle(
          slot,
          failure('crashed', `Stopped: the sandbox process ended while running this check (${signal ?? `exit ${code}`}); most often the code used too much memory.`),
          { replace: false },
        );
      }
      this.replace(slot);
    });
    void slot.ready.then(() => this.pump());
    return slot;
  }

  private replace(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index === -1 || this.closed) return;
    this.replaced++;
    this.slots[index] = this.spawn();
  }

  private settle(slot: Slot, result: JobResult, opts: { replace?: boolean } = {}): void {
    const pending = slot.busy;
    if (!pending) return;
    clearTimeout(slot.timer);
    slot.busy = null;
    pending.resolve(result);
    if (opts.replace) {
      slot.child.removeAllListeners('exit');
      slot.child.kill('SIGKILL');
      this.replace(slot);
    }
    this.pump();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy || !slot.child.connected) continue;
      void slot.ready.then(() => {
        if (slot.busy || this.queue.length === 0 || !slot.child.connected) return;
        const pending = this.queue.shift()!;
        slot.busy = pending;
        slot.jobId = this.nextId++;
        const started = Date.now();
        slot.timer = setTimeout(() => {
          this.options.logger?.warn({ pid: slot.child.pid, kind: pending.job.kind }, 'sandbox job outlived its cap; killing the worker');
          this.settle(
            slot,
            failure('timeout', `Stopped: the check ran longer than its time limit of ${pending.job.limits.timeMs} ms.`, Date.now() - started),
            { replace: true },
          );
        }, pending.job.limits.timeMs + KILL_MARGIN_MS);
        slot.child.send({ id: slot.jobId, job: pending.job } satisfies WorkerRequest);
      });
    }
  }
}

function failure(status: JobResult['status'], message: string, durationMs = 0): JobResult {
  return { status, tests: [], messages: [message], output: '', outputTruncated: false, durationMs };
}
