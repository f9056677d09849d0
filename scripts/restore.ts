import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config';
import { BackupError, restoreBackup } from '../server/ops/backup';

/**
 * `npm run restore -- <file>`: puts a backup made by `npm run backup` in place of the database
 * of a stopped installation (DATA_DIR), after checking it (server/ops/backup.ts says what).
 */
async function main(): Promise<number> {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    process.stderr.write('Usage: npm run restore -- <backup.sqlite>   (its .manifest.json beside it)\n');
    return 2;
  }
  const config = loadConfig(process.env, { web: false });
  if (config.databaseUrl) {
    process.stderr.write("This installation uses PostgreSQL (DATABASE_URL): restore a pg_dump file with pg_restore (README, 'Backups').\n");
    return 3;
  }
  const result = await restoreBackup({ file, dataDir: config.dataDir, now: new Date() });
  process.stdout.write(`Restored ${result.restoredFrom}.\n`);
  if (result.keptAside) process.stdout.write(`The database it replaced is kept at ${result.keptAside}.\n`);
  if (result.migrationsApplied.length > 0) process.stdout.write(`Brought up to date: ${result.migrationsApplied.join(', ')}.\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`Restore refused: ${err instanceof BackupError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
