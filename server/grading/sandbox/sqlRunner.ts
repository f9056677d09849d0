import sqlite3 from 'sqlite3';
import { type ExploreJob, type JobResult, type SqlJob, sqlHeapLimitBytes, type TestOutcome } from './protocol';
import { compareResults, partialCredit, type Row } from './sqlCompare';
import { screenSql } from './sqlGuard';
import { say, split, verbatim, type Said } from '../notes';

export type { Row };
/** `said`: the error with its message key, where the words are the grader's (`error` is its English). */
export type RunOutcome = { rows: Row[]; columns: string[]; truncated?: boolean } | { error: string; status: JobResult['status']; said?: Said };

const open = (): Promise<sqlite3.Database> =>
  new Promise((resolve, reject) => {
    const db = new sqlite3.Database(':memory:', (err) => (err ? reject(err) : resolve(db)));
  });
export const exec = (db: sqlite3.Database, sql: string) => new Promise<void>((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
export const close = (db: sqlite3.Database) => new Promise<void>((resolve) => db.close(() => resolve()));
export const get = <T>(db: sqlite3.Database, sql: string) => new Promise<T>((resolve, reject) => db.get(sql, (err, row: T) => (err ? reject(err) : resolve(row))));

/**
 * A fresh in-memory copy of the fixture. The heap limit makes SQLite itself refuse to grow
 * past the cap (randomblob, cross joins), and trusted_schema keeps fixture views inert.
 * The limit is process-wide and the pragma only ever lowers it: the pool sends a SQL job only to
 * a worker whose limit is not below the job's, and this refuses a job that would run with
 * another job's (lower) limit rather than grade it against a cap that is not its own.
 */
export async function fixtureDb(job: SqlJob | ExploreJob): Promise<sqlite3.Database> {
  const db = await open();
  const wanted = sqlHeapLimitBytes(job);
  await exec(db, `PRAGMA hard_heap_limit = ${wanted}; PRAGMA trusted_schema = OFF;`);
  const { hard_heap_limit: actual } = await get<{ hard_heap_limit: number }>(db, 'PRAGMA hard_heap_limit');
  if (actual !== wanted) {
    await close(db);
    throw new Error(`this worker's SQLite memory limit is ${actual} bytes, not the ${wanted} the check needs`);
  }
  await exec(db, job.fixtureSql);
  return db;
}

/**
 * Runs statements one by one under the caps; the last one's rows are collected (streamed, capped).
 * Past the row or byte cap a check's query is refused; with `truncate` (the data explorer) the rows
 * so far come back, marked truncated.
 */
export function runCapped(
  db: sqlite3.Database,
  statements: string[],
  job: Pick<SqlJob | ExploreJob, 'limits'>,
  deadline: number,
  opts: { truncate?: boolean; maxBytes?: number } = {},
): Promise<RunOutcome> {
  const maxBytes = opts.maxBytes ?? job.limits.outputBytes * 16;
  return new Promise((resolve) => {
    let stopped: { status: JobResult['status']; error: string; said: Said } | undefined;
    let truncated = false;
    const stop = (status: JobResult['status'], said: Said) => {
      if (stopped) return;
      stopped = { status, error: said.text, said };
      db.interrupt();
    };
    const timer = setTimeout(() => stop('timeout', say('grading.sql.timeout', { ms: job.limits.timeMs })), Math.max(1, deadline - Date.now()));
    const finish = (outcome: RunOutcome) => {
      clearTimeout(timer);
      resolve(stopped ? { status: stopped.status, error: stopped.error, said: stopped.said } : outcome);
    };
    /** The explorer's cap: keep what came, stop the statement, say so. */
    const cut = () => {
      truncated = true;
      db.interrupt();
    };
    const runNext = (i: number) => {
      const sql = statements[i]!;
      if (i < statements.length - 1) {
        db.run(sql, (err) => (err ? finish(sqliteError(err)) : runNext(i + 1)));
        return;
      }
      const rows: Row[] = [];
      let bytes = 0;
      let rowError: Error | null = null;
      // node-sqlite3 reports an error raised while stepping (out of memory, malformed JSON,
      // integer overflow, …) to the row callback, and the end of the rows to the completion
      // callback, in either order. Settling on the completion alone sometimes graded a query
      // that failed as one that returned no rows. finalize() is queued behind the statement's
      // work, so its callback comes after any error: settle once both have arrived.
      let rowsDone = false;
      let finalized = false;
      const settle = () => {
        if (!rowsDone || !finalized) return;
        // The interrupt that cut the rows is reported as an error: it is not the query's.
        if (rowError && !truncated) finish(sqliteError(rowError));
        else finish({ rows, columns: rows[0] ? Object.keys(rows[0]) : [], ...(truncated ? { truncated } : {}) });
      };
      // A statement that does not prepare reports here, and nothing else follows.
      const statement = db.prepare(sql, (err) => {
        if (err) finish(sqliteError(err));
      });
      statement.each(
        (err, row: Row) => {
          if (err) rowError ??= err;
          if (err || stopped || truncated) return;
          if (opts.truncate && (rows.length >= job.limits.maxRows || bytes > maxBytes)) return cut();
          rows.push(row);
          bytes += approxBytes(row);
          if (opts.truncate) return;
          if (rows.length > job.limits.maxRows) stop('rejected', say('grading.sql.tooManyRows', { max: job.limits.maxRows }));
          else if (bytes > maxBytes) stop('rejected', say('grading.sql.tooMuchData', { kb: Math.round(maxBytes / 1024) }));
        },
        (err) => {
          if (err) rowError ??= err;
          rowsDone = true;
          settle();
        },
      );
      statement.finalize(() => {
        finalized = true;
        settle();
      });
    };
    runNext(0);
  });
}

function approxBytes(row: Row): number {
  let n = 0;
  for (const v of Object.values(row)) n += typeof v === 'string' ? v.length : Buffer.isBuffer(v) ? v.length : 8;
  return n;
}

export function sqliteMessage(err: Error): string {
  return sqliteSaid(err).text;
}

const sqliteError = (err: Error): RunOutcome => {
  const said = sqliteSaid(err);
  return { status: 'ok', error: said.text, said };
};

function sqliteSaid(err: Error): Said {
  const text = err.message.replace(/^SQLITE_[A-Z]+: /, '');
  if (/out of memory|NOMEM/i.test(err.message)) return say('grading.sql.outOfMemory');
  if (/too big/i.test(text)) return say('grading.sql.tooBig');
  // SQLite's own words stay English.
  return say('grading.sql.error', { error: text });
}

export async function runSqlJob(job: SqlJob): Promise<JobResult> {
  const started = Date.now();
  const base = { output: '', outputTruncated: false };
  const done = (status: JobResult['status'], test: TestOutcome, messages: string[] = []): JobResult => ({
    ...base,
    status,
    tests: [test],
    messages,
    durationMs: Date.now() - started,
  });
  const name = job.mode === 'query' ? 'query result matches' : 'database state matches';

  const screened = screenSql(job.studentSql, { mode: job.mode });
  if (!screened.ok) return done('rejected', { name, passed: false, ...split([screened.said ?? verbatim(screened.message)]) });

  const deadline = started + job.limits.timeMs;
  const studentDb = await fixtureDb(job);
  const referenceDb = await fixtureDb(job);
  try {
    let actual: RunOutcome;
    const reference = screenSql(job.referenceSql, { mode: 'query' });
    if (!reference.ok) throw new Error(`reference query: ${reference.message}`);
    if (job.mode === 'query') {
      actual = await runCapped(studentDb, [screened.statements[0]!.text], job, deadline);
    } else {
      const run = await runCapped(studentDb, [...screened.statements.map((s) => s.text), 'select 1'], job, deadline);
      actual = 'error' in run ? run : await runCapped(studentDb, [job.referenceSql], job, deadline);
      const refState = screenSql(job.referenceStateSql ?? '', { mode: 'state' });
      if (refState.ok) await runCapped(referenceDb, [...refState.statements.map((s) => s.text), 'select 1'], job, Date.now() + 10_000);
    }
    const expected = await runCapped(referenceDb, [job.referenceSql], job, Date.now() + 10_000);
    if ('error' in expected) throw new Error(`reference query failed: ${expected.error}`);
    if ('error' in actual) return done(actual.status, { name, passed: false, ...split([actual.said ?? verbatim(actual.error)]) });
    const opts = { ordered: job.ordered, tolerance: job.tolerance };
    const diff = compareResults(expected, actual, opts);
    if (diff.length === 0 || !job.partial?.length) return done('ok', { name, passed: diff.length === 0, ...split(diff) });
    const partial = partialCredit(expected, actual, { ...opts, by: job.partial });
    return done('ok', { name, passed: false, score: partial.score, ...split([...diff, partial.said] satisfies Said[]) });
  } finally {
    await Promise.all([close(studentDb), close(referenceDb)]);
  }
}
