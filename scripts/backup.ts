import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config';
import { BackupError, createBackup, postgresCommands, stampOf } from '../server/ops/backup';

/**
 * `npm run backup [-- --out <dir>]`: a consistent copy of the SQLite database and its manifest,
 * safe while the server runs (default directory: <DATA_DIR>/backups). With DATABASE_URL it
 * prints the pg_dump command instead: PostgreSQL's own tool is the right one there.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const config = loadConfig(process.env, { web: false });
  const outDir = path.resolve(values.out ?? path.join(config.dataDir, 'backups'));
  const now = new Date();
  if (config.databaseUrl) {
    const { backup, restore } = postgresCommands(config.databaseUrl, outDir, stampOf(now));
    process.stdout.write(`This installation uses PostgreSQL (DATABASE_URL). Back it up with pg_dump:\n  ${backup}\nand restore into a stopped installation with:\n  ${restore}\n`);
    return 3;
  }
  const { file, manifestFile, manifest } = await createBackup({ dataDir: config.dataDir, outDir, now });
  process.stdout.write(`Backup written: ${file} (${manifest.sizeBytes} bytes, schema ${manifest.schemaVersion})\nManifest: ${manifestFile}\nsha256 ${manifest.sha256}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`Backup failed: ${err instanceof BackupError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
