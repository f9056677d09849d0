import fs from 'node:fs';
import path from 'node:path';

/**
 * Which processes have the SQLite file open: each server and worker leaves `<DATA_DIR>/running/<pid>`
 * while it runs. `npm run restore` refuses while any of those processes is alive: swapping the file
 * under an open connection would lose what it writes next and could corrupt the WAL. A file left by
 * a process killed with SIGKILL names a pid that no longer exists, so it does not block a restore.
 */
const runningDir = (dataDir: string) => path.join(dataDir, 'running');

export function markRunning(dataDir: string, pid = process.pid): () => void {
  fs.mkdirSync(runningDir(dataDir), { recursive: true });
  const file = path.join(runningDir(dataDir), String(pid));
  fs.writeFileSync(file, `${new Date().toISOString()}\n`);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    fs.rmSync(file, { force: true });
  };
  process.once('exit', release);
  return release;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user — still running.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pids of live processes that have this data directory's database open. */
export function runningProcesses(dataDir: string): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(runningDir(dataDir));
  } catch {
    return [];
  }
  return names
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .filter((pid) => pid !== process.pid && alive(pid));
}
