import type { ChildProcess } from 'node:child_process';
import { spawnProcess } from '../../server/scale/cluster';

export type ServerProcess = { url: string; child: ChildProcess; output: () => string; stop(signal?: NodeJS.Signals): Promise<void> };

/**
 * The real server (`server/index.ts`) as a child process, the way `npm start`'s supervisor runs it, on a
 * free port. Resolves once it prints the URL it listens on.
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const c = await spawnProcess(
    'server',
    'server/index.ts',
    { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'development', SKIP_WEB_BUILD: '1', LOG_LEVEL: 'warn', ...env },
    /running at (http:\/\/localhost:\d+)/,
    timeoutMs,
  );
  return { url: c.match[1]!.replace('localhost', '127.0.0.1'), child: c.child, output: c.output, stop: c.stop };
}
