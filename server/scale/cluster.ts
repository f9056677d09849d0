import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import knex from 'knex';

const ROOT = path.resolve(import.meta.dirname, '../..');

export type Child = {
  name: string;
  child: ChildProcess;
  /** For a web node: the URL it listens on. */
  url?: string;
  port?: number;
  output: () => string;
  /** Ends the process (SIGTERM: gracefully; SIGKILL: a crash) and waits for it to exit. */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

/**
 * A Practicum process (`script`) as a child, resolved once its output matches `ready` (the
 * match is returned: the URL it listens on, for a web process). Used by the cluster, the
 * benchmarks and the tests that kill processes.
 */
export function spawnProcess(name: string, script: string, env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs: number, echo?: (line: string) => void): Promise<Child & { match: RegExpMatchArray }> {
  // CPU_PROFILE_DIR: a V8 CPU profile of the child, written on exit (node refuses --cpu-prof in NODE_OPTIONS).
  const profile = env.CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${env.CPU_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, ['--no-node-snapshot', ...profile, '--import', 'tsx', path.join(ROOT, script)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const onOutput = (d: Buffer) => {
    out += d.toString();
    if (echo) for (const line of String(d).split('\n').filter(Boolean)) echo(`[${name}] ${line}`);
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = () => {
      const match = out.match(ready);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve({
        name,
        child,
        match,
        output: () => out,
        async stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${out}`));
    });
  });
}

export type ClusterEnv = { DATABASE_URL: string; REDIS_URL: string } & Record<string, string | undefined>;

/** One web process (server/index.ts) on `port` (0: any free port). */
export async function spawnNode(name: string, port: number, env: ClusterEnv, echo?: (line: string) => void): Promise<Child> {
  const c = await spawnProcess(
    name,
    'server/index.ts',
    { ...process.env, HOST: '127.0.0.1', SKIP_WEB_BUILD: '1', TRUST_PROXY: '1', ...env, PORT: String(port) },
    /running at (http:\/\/localhost:(\d+))/,
    120_000,
    echo,
  );
  return { ...c, url: c.match[1]!.replace('localhost', '127.0.0.1'), port: Number(c.match[2]) };
}

/** One grading worker (server/worker.ts). */
export function spawnWorker(name: string, env: ClusterEnv, echo?: (line: string) => void): Promise<Child> {
  return spawnProcess(name, 'server/worker.ts', { ...process.env, ...env }, /Grading worker ready/, 60_000, echo);
}

/** Creates the database named in the URL when it does not exist (a fresh machine's first start). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const db = knex({ client: 'pg', connection: admin.toString(), pool: { min: 0, max: 1 } });
  try {
    const { rows } = await db.raw('select 1 from pg_database where datname = ?', [name]);
    if (rows.length === 0) await db.raw('create database ??', [name]);
  } finally {
    await db.destroy();
  }
}
