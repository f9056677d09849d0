import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from 'pino';

/** The server's exit code for a configuration it cannot run with: starting it again would not help. */
export const EXIT_CONFIG = 78;

export type SuperviseOptions = {
  /** The program and its arguments, e.g. node with server/index.ts. */
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  /** The first restart waits this long; each quick exit in a row doubles it, up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** A run at least this long resets the backoff. */
  stableAfterMs?: number;
  /** Give up after this many exits in a row before the child said it was ready. */
  maxFailedStarts?: number;
  /** After a stop signal, how long the child may take before it is killed. */
  stopGraceMs?: number;
  /** Called once when supervision ends: the child stopped on purpose, or starting it again is hopeless. */
  onEnd: (code: number) => void;
};

export type Supervisor = {
  /** The running child, if any (between a crash and its restart there is none). */
  child(): ChildProcess | null;
  /** Passes the signal on, waits for the child (killing it after the grace period), and ends. */
  stop(signal: NodeJS.Signals): void;
};

/**
 * Runs a child process and starts it again when it exits unexpectedly. The child tells it is
 * ready with an IPC message `{ type: 'ready' }`. A child that crashes after it was ready is
 * always restarted, however often: giving up would turn any crash someone can trigger into an
 * outage. A child that cannot get ready (a database that is down, a port in use) is tried
 * `maxFailedStarts` times in a row and then given up on, with a message that says so.
 * A clean exit (0) is the child's own decision to stop; EXIT_CONFIG says a restart cannot help.
 */
export function supervise(opts: SuperviseOptions): Supervisor {
  const firstDelayMs = opts.firstDelayMs ?? 1_000;
  const maxDelayMs = opts.maxDelayMs ?? 10_000;
  const stableAfterMs = opts.stableAfterMs ?? 60_000;
  const maxFailedStarts = opts.maxFailedStarts ?? 5;
  const log = opts.logger;
  let child: ChildProcess | null = null;
  let pendingStart: ReturnType<typeof setTimeout> | null = null;
  let stopping = false;
  let ended = false;
  let failedStarts = 0;
  let quickExits = 0;
  let restarts = 0;

  const end = (code: number) => {
    if (ended) return;
    ended = true;
    opts.onEnd(code);
  };

  const start = () => {
    pendingStart = null;
    const startedAt = Date.now();
    let ready = false;
    const c = spawn(opts.command, opts.args, { env: opts.env ?? process.env, stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
    child = c;
    log.info({ serverPid: c.pid, restarts }, 'server started');
    c.on('message', (m: unknown) => {
      if ((m as { type?: unknown } | null)?.type !== 'ready') return;
      ready = true;
      failedStarts = 0;
      log.info({ serverPid: c.pid, startedInMs: Date.now() - startedAt }, 'server ready');
    });
    c.on('error', (err) => log.error({ err }, 'could not start the server process'));
    c.on('exit', (code, signal) => {
      child = null;
      if (stopping || code === 0) {
        log.info({ code, signal }, 'server stopped');
        return end(code ?? 0);
      }
      if (code === EXIT_CONFIG) {
        log.fatal({ code }, 'the server cannot run with this configuration (see the message above); fix it and start again');
        return end(code);
      }
      if (!ready && ++failedStarts >= maxFailedStarts) {
        log.fatal({ code, signal, failedStarts }, `the server failed to start ${failedStarts} times in a row; giving up (see the errors above)`);
        return end(1);
      }
      quickExits = Date.now() - startedAt >= stableAfterMs ? 1 : quickExits + 1;
      const delay = Math.min(firstDelayMs * 2 ** (quickExits - 1), maxDelayMs);
      restarts++;
      log.warn({ code, signal, serverPid: c.pid, restartInMs: delay, restarts, wasReady: ready }, 'server exited unexpectedly; restarting');
      pendingStart = setTimeout(start, delay);
    });
  };

  start();
  return {
    child: () => child,
    stop(signal) {
      if (stopping) return;
      stopping = true;
      if (pendingStart) clearTimeout(pendingStart);
      const c = child;
      if (!c) return end(0);
      c.kill(signal);
      setTimeout(() => {
        if (c.exitCode === null && c.signalCode === null) {
          log.warn({ serverPid: c.pid }, 'server did not stop in time; killing it');
          c.kill('SIGKILL');
        }
      }, opts.stopGraceMs ?? 10_000).unref();
    },
  };
}
