import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { EXIT_CONFIG, supervise, type SuperviseOptions } from '../../server/supervisor';

/**
 * The supervisor's restart policy, over tiny child programs (node -e) with short delays: the
 * real server under it is tests/process/restart.test.ts.
 */
type Line = { msg: string; level: number; restarts?: number };

function run(program: string, opts: Partial<SuperviseOptions> = {}) {
  const lines: Line[] = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  let ended: (code: number) => void;
  const end = new Promise<number>((resolve) => (ended = resolve));
  const supervisor = supervise({ command: process.execPath, args: ['-e', program], logger, firstDelayMs: 10, maxDelayMs: 50, onEnd: (code) => ended(code), ...opts });
  const starts = () => lines.filter((l) => l.msg === 'server started').length;
  return { supervisor, lines, end, starts };
}

async function until(what: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!what()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const READY_THEN_CRASH = `process.send({ type: 'ready' }, () => process.exit(3))`;
const READY_AND_STAY = `process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000); process.send({ type: 'ready' })`;
const DEAF = `process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); process.send({ type: 'ready' })`;

/** The child, once it has said it is ready (its signal handlers are in place by then). */
async function readyChild(r: ReturnType<typeof run>) {
  await until(() => r.lines.some((l) => l.msg === 'server ready'));
  return r.supervisor.child()!;
}

describe('supervise', () => {
  it('restarts a server that crashes after it was ready, however often', async () => {
    const r = run(READY_THEN_CRASH, { maxFailedStarts: 2 });
    await until(() => r.starts() >= 6);
    r.supervisor.stop('SIGTERM');
    expect(await r.end).toBe(0);
    const restarts = r.lines.filter((l) => l.msg === 'server exited unexpectedly; restarting');
    expect(restarts.length).toBeGreaterThanOrEqual(5);
    expect(restarts.every((l) => l.level === 40)).toBe(true); // warn
  });

  it('gives up, saying so, when the server cannot get ready several times in a row', async () => {
    const r = run('process.exit(1)', { maxFailedStarts: 4 });
    expect(await r.end).toBe(1);
    expect(r.starts()).toBe(4);
    expect(r.lines.at(-1)!.msg).toMatch(/failed to start 4 times in a row; giving up/);
  });

  it('does not restart a server that refuses its configuration', async () => {
    const r = run(`process.exit(${EXIT_CONFIG})`);
    expect(await r.end).toBe(EXIT_CONFIG);
    expect(r.starts()).toBe(1);
    expect(r.lines.at(-1)!.msg).toMatch(/cannot run with this configuration/);
  });

  it('passes a stop signal on and ends when the server has stopped', async () => {
    const r = run(READY_AND_STAY);
    const child = await readyChild(r);
    r.supervisor.stop('SIGTERM');
    expect(await r.end).toBe(0);
    expect(child.exitCode).toBe(0);
    expect(r.starts()).toBe(1);
  });

  it('kills a server that does not stop within the grace period', async () => {
    const r = run(DEAF, { stopGraceMs: 200 });
    const child = await readyChild(r);
    r.supervisor.stop('SIGTERM');
    await r.end;
    expect(child.signalCode).toBe('SIGKILL');
  });
});
