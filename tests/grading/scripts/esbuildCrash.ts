/**
 * Run by compile.test.ts in a process of its own, so the test can read everything that process
 * writes to stderr: half a megabyte of `[` overflows the stack of esbuild's parser, and the Go
 * runtime prints its crash report (~30 KB of goroutine stacks). Three ways it can happen:
 * inside a live worker, when the compile limit stops esbuild mid-transform, and when the
 * worker is killed mid-transform. Prints what the pool answered, as JSON, on stdout.
 */
import fs from 'node:fs';
import { SandboxPool } from '../../../server/grading/sandbox/pool';
import type { JsJob } from '../../../server/grading/sandbox/protocol';

// Long time limits where the crash must happen inside a live worker, whichever limit applies to compiling.
const job = (compileMs: number, timeMs = compileMs): JsJob => ({
  kind: 'js',
  files: [{ path: 'src/bomb.js', source: `x = ${'['.repeat(500_000)}` }],
  check: { path: 'checks/c.test.js', source: "test('t', () => expect(1).toBe(1));" },
  limits: { timeMs, memoryMb: 32, outputBytes: 1_024, compileMs },
});

/** Children of `pid` named esbuild (the service a worker starts). */
function esbuildChildren(pid: number): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [, comm, rest] = /^\d+ \((.*)\) (.*)$/s.exec(stat)!;
      if (comm === 'esbuild' && Number(rest!.split(' ')[1]) === pid) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
const rssMb = (pid: number) => {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return -1;
  }
};
const alive = (pid: number) => fs.existsSync(`/proc/${pid}`);
const until = async (ok: () => boolean) => {
  while (!ok()) await new Promise((r) => setTimeout(r, 20));
};

const pool = new SandboxPool({ size: 1 });
const crashed = await pool.run(job(60_000));
const stopped = await pool.run(job(300, 1_000));

// Killed while esbuild's stack grows: wait until the service is well into the runaway parse.
const workerPid = pool.pids()[0]!;
const running = pool.run(job(60_000));
let settled = false;
void running.then(() => (settled = true));
let service = 0;
await until(() => {
  service = esbuildChildren(workerPid).find((pid) => rssMb(pid) > 200) ?? 0;
  return service > 0 || settled;
});
if (!settled) process.kill(workerPid, 'SIGKILL');
const killed = await running;
// However it ends (killed with the worker, or crashing on its own), wait for the service to be gone.
const zombie = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return true;
  }
};
if (service) await until(() => !alive(service) || zombie(service));
await pool.close();
console.log(JSON.stringify({ crashed, stopped, killed }));
process.exit(0);
