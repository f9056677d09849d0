import type sqlite3 from 'sqlite3';
import type { Cell, ExploreJob, ExploreOutcome, ExploreTable, JobResult } from './protocol';
import { close, exec, fixtureDb, runCapped, type Row } from './sqlRunner';
import { screenSql } from './sqlGuard';

/** A text cell longer than this is cut for display (the explorer is for looking, not exporting). */
export const MAX_CELL_CHARS = 500;
/** A blob shows as x'…' with at most this many bytes. */
const MAX_BLOB_BYTES = 32;

const all = <T>(db: sqlite3.Database, sql: string) => new Promise<T[]>((resolve, reject) => db.all(sql, (err, rows: T[]) => (err ? reject(err) : resolve(rows))));
const quoteName = (name: string) => `"${name.replaceAll('"', '""')}"`;

function cell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return String(v);
  if (Buffer.isBuffer(v)) return `x'${v.subarray(0, MAX_BLOB_BYTES).toString('hex')}${v.length > MAX_BLOB_BYTES ? '…' : ''}'`;
  const text = String(v); // eslint-disable-line @typescript-eslint/no-base-to-string -- a driver's value of a type we did not foresee
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}…` : text;
}

type SchemaRow = { type: 'table' | 'view'; name: string; sql: string | null };

/**
 * Keeps only the listed tables and views: views go first (they may read the tables), then the
 * tables (their indexes and triggers go with them). SQLite removes a dropped table's rows from
 * sqlite_sequence and sqlite_stat1 itself; what is left names nothing unlisted.
 */
async function keepOnly(db: sqlite3.Database, objects: SchemaRow[], tables: string[]): Promise<{ missing: string[]; leaks: string[] }> {
  const wanted = new Set(tables.map((t) => t.toLowerCase()));
  const missing = tables.filter((t) => !objects.some((o) => o.name.toLowerCase() === t.toLowerCase()));
  const hidden = objects.filter((o) => !wanted.has(o.name.toLowerCase()));
  // A listed table whose CREATE statement names a hidden one would show that name in sqlite_schema.
  const leaks = objects
    .filter((o) => wanted.has(o.name.toLowerCase()))
    .flatMap((o) => hidden.filter((h) => new RegExp(`(^|[^A-Za-z0-9_$])${h.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_$])`, 'i').test(o.sql ?? '')).map((h) => `${o.name} names ${h.name}`));
  // Such data is refused whole (dropping what a listed view reads would fail anyway).
  if (missing.length > 0 || leaks.length > 0) return { missing, leaks };
  for (const o of [...hidden.filter((o) => o.type === 'view'), ...hidden.filter((o) => o.type === 'table')]) {
    await exec(db, `DROP ${o.type === 'view' ? 'VIEW' : 'TABLE'} ${quoteName(o.name)}`);
  }
  return { missing, leaks };
}

async function describe(db: sqlite3.Database, objects: SchemaRow[], job: ExploreJob, deadline: number): Promise<ExploreTable[] | { error: string; status: JobResult['status'] }> {
  const tables: ExploreTable[] = [];
  for (const o of objects) {
    const info = await all<{ name: string; type: string }>(db, `PRAGMA table_info(${quoteName(o.name)})`);
    const count = await runCapped(db, [`SELECT count(*) AS n FROM ${quoteName(o.name)}`], job, deadline);
    if ('error' in count) return count;
    const first = await runCapped(db, [`SELECT * FROM ${quoteName(o.name)} LIMIT ${job.sampleRows}`], job, deadline, { truncate: true });
    if ('error' in first) return first;
    tables.push({
      name: o.name,
      kind: o.type,
      columns: info.map((c) => ({ name: c.name, type: c.type })),
      rowCount: Number(count.rows[0]?.n ?? 0),
      rows: first.rows.map((r) => info.map((c) => cell(r[c.name]))),
    });
  }
  return tables;
}

/** Runs one explore job (worker side): describe the visible tables, or one read-only query on them. */
export async function runExploreJob(job: ExploreJob): Promise<JobResult> {
  const started = Date.now();
  const done = (status: JobResult['status'], explore: ExploreOutcome, messages: string[] = []): JobResult => ({
    status,
    tests: [],
    messages,
    output: '',
    outputTruncated: false,
    durationMs: Date.now() - started,
    explore,
  });

  let screened: ReturnType<typeof screenSql> | undefined;
  if (job.query !== null) {
    screened = screenSql(job.query, { mode: 'query' });
    if (!screened.ok) return done('rejected', { error: screened.message.replace('The answer must be a query', 'The data explorer runs queries only') });
  }
  const deadline = started + job.limits.timeMs;
  const db = await fixtureDb(job);
  try {
    let objects = await all<SchemaRow>(db, "SELECT type, name, sql FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY rowid");
    if (job.tables) {
      const kept = await keepOnly(db, objects, job.tables);
      // The author's mistakes, not the student's: validation reports them by name.
      if (kept.missing.length > 0) return done('crashed', { problem: `the fixture makes no table or view named ${kept.missing.join(', ')}` });
      if (kept.leaks.length > 0) return done('crashed', { problem: `listed tables name tables that are not listed (${kept.leaks.join('; ')})`, leaks: kept.leaks });
      objects = objects.filter((o) => job.tables!.some((t) => t.toLowerCase() === o.name.toLowerCase()));
    }
    // From here on nothing can change the database, temporary tables included.
    await exec(db, 'PRAGMA query_only = ON');
    if (!screened) {
      const tables = await describe(db, objects, job, deadline);
      return 'error' in tables ? done(tables.status, { error: tables.error }) : done('ok', { tables });
    }
    if (!screened.ok) throw new Error('unreachable');
    const out = await runCapped(db, [screened.statements[0]!.text], job, deadline, { truncate: true, maxBytes: job.limits.outputBytes * 4 });
    if ('error' in out) return done(out.status, { error: readOnlyWords(out.error) });
    const rows = out.rows.map((r: Row) => out.columns.map((c) => cell(r[c])));
    return done('ok', { result: { columns: out.columns, rows, truncated: out.truncated === true } });
  } finally {
    await close(db);
  }
}

/** SQLite's "attempt to write a readonly database", said for this place. */
const readOnlyWords = (error: string) =>
  /readonly database/i.test(error) ? 'The data explorer is read-only: it runs queries (SELECT, WITH) and cannot change the data.' : error;
