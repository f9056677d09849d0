/**
 * Compares a student's result set with the reference's, on the host (rows arrive as plain data
 * from SQLite). All or nothing by default, with the first differences named; a check may ask for
 * partial credit by rows or by columns.
 */
import { say, verbatim, type Said } from '../notes';

export type Row = Record<string, unknown>;
type ResultSet = { rows: Row[]; columns: string[] };
type CompareOptions = { ordered: boolean; tolerance: number };

function normalizeValue(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return `x'${v.toString('hex')}'`;
  return v;
}

function sameValue(a: unknown, b: unknown, tolerance: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= tolerance;
  return Object.is(normalizeValue(a), normalizeValue(b));
}

const show = (row: unknown[], columns: string[]) => `(${row.map((v, i) => `${columns[i]}=${JSON.stringify(normalizeValue(v))}`).join(', ')})`;

/** Compares result sets; the message names the first difference like a colleague would. */
export function compareResults(expected: ResultSet, actual: ResultSet, opts: CompareOptions): Said[] {
  const lower = (c: string[]) => c.map((x) => x.toLowerCase());
  if (expected.rows.length > 0 && actual.rows.length > 0) {
    const e = lower(expected.columns);
    const a = lower(actual.columns);
    const missing = e.filter((c) => !a.includes(c));
    const extra = a.filter((c) => !e.includes(c));
    if (missing.length || extra.length) {
      return [
        say('grading.sql.columns', {
          expected: expected.columns.join(', '),
          actual: actual.columns.join(', '),
          hasMissing: missing.length ? 'yes' : 'no',
          missing: missing.join(', '),
          hasExtra: extra.length ? 'yes' : 'no',
          extra: extra.join(', '),
        }),
      ];
    }
  }
  const cols = expected.columns.length > 0 ? expected.columns : actual.columns;
  const pick = (row: Row) => {
    const byLower = new Map(Object.entries(row).map(([k, v]) => [k.toLowerCase(), v]));
    return cols.map((c) => byLower.get(c.toLowerCase()));
  };
  const e = expected.rows.map(pick);
  const a = actual.rows.map(pick);
  const same = (x: unknown[], y: unknown[]) => x.every((v, i) => sameValue(v, y[i], opts.tolerance));
  const messages: Said[] = [];
  if (e.length !== a.length) messages.push(say('grading.sql.rowCount', { expected: e.length, actual: a.length }));
  if (opts.ordered) {
    for (let k = 0; k < Math.max(e.length, a.length); k++) {
      const er = e[k];
      const ar = a[k];
      if (er && ar && same(er, ar)) continue;
      messages.push(say('grading.sql.firstDifference', { row: k + 1, hasExpected: er ? 'yes' : 'no', expected: er ? show(er, cols) : '', hasActual: ar ? 'yes' : 'no', actual: ar ? show(ar, cols) : '' }));
      break;
    }
    return messages;
  }
  // Order does not matter: match rows as a multiset and name what is missing and what is extra.
  const unmatched = [...a];
  const missing: unknown[][] = [];
  for (const er of e) {
    const k = unmatched.findIndex((ar) => same(er, ar));
    if (k === -1) missing.push(er);
    else unmatched.splice(k, 1);
  }
  if (missing.length > 0) messages.push(say('grading.sql.missingRows', { count: missing.length, example: show(missing[0]!, cols) }));
  if (unmatched.length > 0) messages.push(say('grading.sql.unexpectedRows', { count: unmatched.length, example: show(unmatched[0]!, cols) }));
  return messages;
}

/**
 * Partial credit for a result that is not right. `rows`: the rows that match (on the expected
 * columns; in place when order matters) over the larger of the two row counts, so extra rows cost
 * as much as missing ones. `columns`: the expected columns whose values all match (as a list when
 * order matters, as a multiset otherwise) over the expected columns plus any extra ones. Both: the
 * better of the two.
 */
export function partialCredit(expected: ResultSet, actual: ResultSet, opts: CompareOptions & { by: ('rows' | 'columns')[] }): { score: number; said: Said } {
  const lower = (c: string[]) => c.map((x) => x.toLowerCase());
  const e = lower(expected.columns.length > 0 ? expected.columns : actual.columns);
  const a = lower(actual.columns);
  const valueOf = (row: Row, col: string) => Object.entries(row).find(([k]) => k.toLowerCase() === col)?.[1];
  const same = (x: unknown, y: unknown) => sameValue(x, y, opts.tolerance);
  const parts: { score: number; said: Said }[] = [];

  if (opts.by.includes('rows')) {
    const total = Math.max(expected.rows.length, actual.rows.length);
    const columnsRight = e.every((c) => a.includes(c)) && a.every((c) => e.includes(c));
    let matched = 0;
    if (columnsRight) {
      const rowSame = (x: Row, y: Row) => e.every((c) => same(valueOf(x, c), valueOf(y, c)));
      if (opts.ordered) {
        expected.rows.forEach((r, k) => {
          if (actual.rows[k] && rowSame(r, actual.rows[k])) matched++;
        });
      } else {
        const unmatched = [...actual.rows];
        for (const r of expected.rows) {
          const k = unmatched.findIndex((x) => rowSame(r, x));
          if (k !== -1) {
            unmatched.splice(k, 1);
            matched++;
          }
        }
      }
    }
    const score = total === 0 ? 0 : matched / total;
    parts.push({ score, said: say('grading.sql.partialRows', { matched, total, percent: percent(score), columnsRight: columnsRight ? 'yes' : 'no' }) });
  }
  if (opts.by.includes('columns')) {
    const extra = a.filter((c) => !e.includes(c)).length;
    const columnRight = (c: string) => {
      if (!a.includes(c) || expected.rows.length !== actual.rows.length) return false;
      const want = expected.rows.map((r) => valueOf(r, c));
      const got = actual.rows.map((r) => valueOf(r, c));
      if (opts.ordered) return want.every((v, k) => same(v, got[k]));
      const left = [...got];
      return want.every((v) => {
        const k = left.findIndex((g) => same(v, g));
        return k !== -1 && left.splice(k, 1).length === 1;
      });
    };
    const right = e.filter(columnRight).length;
    const total = e.length + extra;
    const score = total === 0 ? 0 : right / total;
    parts.push({ score, said: say('grading.sql.partialColumns', { right, total, percent: percent(score) }) });
  }
  return parts.reduce((best, p) => (p.score > best.score ? p : best), parts[0] ?? { score: 0, said: verbatim('') });
}

const percent = (share: number) => `${Math.floor(share * 100)} %`;
