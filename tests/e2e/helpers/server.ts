import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyDemoTemplate } from './demoTemplate';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const DEMO_PASSWORD = 'practicum-demo';

const START_TIMEOUT_MS = 150_000;
const STOP_TIMEOUT_MS = 8_000;

export type TestServer = {
  /** Base URL without a trailing slash, e.g. http://localhost:41234 */
  url: string;
  /** Everything the server printed so far, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
};

/**
 * Starts the real server exactly as `npm start` does, on a free port with a fresh data
 * directory (so SQLite and the demo world are new), and resolves once it says where it runs.
 * The demo world is seeded once per pass and copied in when this server would seed the same
 * one (helpers/demoTemplate.ts).
 */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<TestServer> {
  const ownDir = extraEnv.DATA_DIR ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-e2e-data-'));
  const dataDir = extraEnv.DATA_DIR ?? ownDir!;
  const removeOwnDir = () => {
    if (ownDir) fs.rmSync(ownDir, { recursive: true, force: true });
  };
  try {
    await copyDemoTemplate(dataDir, extraEnv, launch);
    const server = await launch(extraEnv, dataDir);
    return {
      ...server,
      stop: async () => {
        await server.stop();
        removeOwnDir();
      },
    };
  } catch (err) {
    removeOwnDir();
    throw err;
  }
}

/** One server process on `dataDir`, ready when it resolves; `stop` ends it and leaves the directory. */
async function launch(extraEnv: Record<string, string>, dataDir: string): Promise<TestServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', NODE_ENV: 'development', LOG_LEVEL: 'warn', ...extraEnv, DATA_DIR: dataDir };
  // Always the fresh SQLite database, whatever the surrounding shell points at.
  delete env.DATABASE_URL;
  delete env.SKIP_WEB_BUILD;

  const child = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(killer);
    }
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The server did not start within ${START_TIMEOUT_MS / 1000} s. Output:\n${output}`)), START_TIMEOUT_MS);
      child.stdout.on('data', () => {
        const match = /Practicum is running at (http:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!.replace(/\/$/, ''));
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`The server exited (${signal ?? code}) before it was ready. Output:\n${output}`));
      });
    });
    return { url, output: () => output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
