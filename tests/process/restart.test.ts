import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnProcess, type Child } from '../../server/scale/cluster';

/**
 * `npm start` (server/start.ts) as a real process: the server it runs is killed with SIGKILL
 * and comes back on its own; a stop signal to the supervisor stops both.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-restart-'));
const scenariosDir = fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-restart-pkg-'));
let supervisor: Child | undefined;

afterAll(async () => {
  await supervisor?.stop('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(scenariosDir, { recursive: true, force: true });
});

/** A port nobody listens on now; the restarted server must come back on the same one. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Pids of the servers the supervisor said it started, in order. */
function serverPids(output: string): number[] {
  return [...output.matchAll(/"serverPid":(\d+)[^\n]*"msg":"server started"/g)].map((m) => Number(m[1]));
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/api/health`)).status === 200;
  } catch {
    return false;
  }
}

/** Running, not merely a zombie waiting for whoever adopted it to reap it. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Waits, with a generous deadline, for something that takes a restart to become true. */
async function eventually(what: () => Promise<boolean> | boolean, label: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error(`${label}: not within 120 s\n${supervisor?.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function startSupervised(port: number): Promise<Child> {
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'development',
    SKIP_WEB_BUILD: '1',
    LOG_LEVEL: 'info',
    SEED_DEMO: '0',
    DATA_DIR: dataDir,
    SCENARIOS_DIR: scenariosDir,
  };
  return spawnProcess('supervisor', 'server/start.ts', env, /running at (http:\/\/localhost:\d+)/, 120_000);
}

describe('npm start', () => {
  it('brings the server back after it is killed, and stops it on SIGTERM', { timeout: 300_000 }, async () => {
    const port = await freePort();
    supervisor = await startSupervised(port);
    const url = `http://127.0.0.1:${port}`;
    expect(await healthy(url)).toBe(true);
    const [first] = serverPids(supervisor.output());
    expect(first).toBeGreaterThan(0);

    process.kill(first!, 'SIGKILL');
    await eventually(() => serverPids(supervisor!.output()).length === 2, 'a second server started');
    await eventually(() => healthy(url), 'health answers again');
    const second = serverPids(supervisor.output())[1]!;
    expect(second).not.toBe(first);
    expect(supervisor.output()).toMatch(/"signal":"SIGKILL".*"msg":"server exited unexpectedly; restarting"/);

    await supervisor.stop('SIGTERM');
    expect(supervisor.child.exitCode).toBe(0);
    await eventually(() => !alive(second), 'the server stopped with its supervisor');
  });

  it('does not leave the server running when the supervisor itself is killed', { timeout: 300_000 }, async () => {
    supervisor = await startSupervised(await freePort());
    const [server] = serverPids(supervisor.output());
    await supervisor.stop('SIGKILL');
    await eventually(() => !alive(server!), 'the orphaned server stopped');
  });
});
