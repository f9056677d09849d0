/**
 * npm start — the server (server/index.ts) in a child process, started again within seconds
 * when it exits unexpectedly (see supervisor.ts). No process manager is needed for that; in
 * production, systemd or the container runtime restarts this process in turn (README).
 */
import path from 'node:path';
import pino from 'pino';
import { supervise } from './supervisor';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' }).child({ role: 'supervisor' });

const supervisor = supervise({
  command: process.execPath,
  args: ['--no-node-snapshot', '--import', 'tsx', path.join(import.meta.dirname, 'index.ts')],
  logger,
  onEnd: (code) => process.exit(code),
});

// A terminal's Ctrl+C reaches the server too (same process group); it stops once either way.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => supervisor.stop(signal));
