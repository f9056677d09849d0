import { parse as parseYaml } from 'yaml';
import type { FileCheckT } from '../../scenarios/schema';
import { deepEqual, describeValue } from '../sandbox/compare';
import { say, split, verbatim, type Said } from '../notes';
import type { CheckRunner } from '../types';

const MAX_FILE_CHARS = 256 * 1024;

/** `a.b[0].c`, `a.b.0.c` or `messages["phone.required"]` → ['a', 'b', 0, 'c'] / ['messages', 'phone.required']. */
export function parsePath(p: string): (string | number)[] {
  const keys: (string | number)[] = [];
  const re = /\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]|([^.[\]]+)/g;
  for (const m of p.matchAll(re)) {
    if (m[1] !== undefined) keys.push(m[1].replace(/\\(.)/g, '$1'));
    else if (m[2] !== undefined) keys.push(Number(m[2]));
    else keys.push(/^\d+$/.test(m[3]!) ? Number(m[3]) : m[3]!);
  }
  return keys;
}

function getPath(value: unknown, p: string): { found: boolean; value?: unknown } {
  let cur: unknown = value;
  for (const key of parsePath(p)) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) return { found: false };
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return { found: true, value: cur };
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF; the first row is the header. */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      if (record.some((f) => f !== '')) records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  record.push(field);
  if (record.some((f) => f !== '')) records.push(record);
  const [header = [], ...rows] = records;
  return { header: header.map((h) => h.trim()), rows };
}

/** Assertions on a file the student edits: regex, JSON/YAML path, CSV shape and sums. */
export const runFileCheck: CheckRunner<FileCheckT> = async (check, ctx) => {
  const content = ctx.workspace.get(check.file);
  if (content === undefined) return { passed: false, score: 0, ...split([say('grading.file.missing', { file: check.file })]), output: '', status: 'ok' };
  if (content.length > MAX_FILE_CHARS) {
    return { passed: false, score: 0, ...split([say('grading.file.tooLarge', { file: check.file, kb: MAX_FILE_CHARS / 1024 })]), output: '', status: 'rejected' };
  }
  const parsed: { json?: unknown; yaml?: unknown; csv?: ReturnType<typeof parseCsv>; error?: string } = {};
  const structured = (kind: 'json' | 'yaml'): { value?: unknown; error?: Said } => {
    try {
      if (kind === 'json') return { value: (parsed.json ??= JSON.parse(content)) };
      return { value: (parsed.yaml ??= parseYaml(content, { maxAliasCount: 50 })) };
    } catch (e) {
      return { error: say('grading.file.invalid', { file: check.file, format: kind.toUpperCase(), error: (e as Error).message.split('\n')[0] ?? '' }) };
    }
  };
  const csv = () => (parsed.csv ??= parseCsv(content));
  const failures: Said[] = [];
  let ok = 0;
  for (const a of check.assertions) {
    let failure: Said | undefined;
    if ('regex' in a) {
      const matched = new RegExp(a.regex, a.flags).test(content);
      if (matched !== a.mustMatch) failure = say(a.mustMatch ? 'grading.file.noMatch' : 'grading.file.stillContains', { file: check.file });
    } else if ('jsonPath' in a || 'yamlPath' in a) {
      const kind = 'jsonPath' in a ? 'json' : 'yaml';
      const p = 'jsonPath' in a ? a.jsonPath : a.yamlPath;
      const doc = structured(kind);
      if (doc.error) failure = doc.error;
      else {
        const got = getPath(doc.value, p);
        if (!got.found) failure = say('grading.file.pathMissing', { path: p, file: check.file });
        else if (!deepEqual(got.value, a.equals, false)) failure = say('grading.file.pathWrong', { path: p, file: check.file, value: describeValue(got.value) });
      }
    } else if ('csvRowCount' in a) {
      const n = csv().rows.length;
      if (n !== a.csvRowCount) failure = say('grading.file.csvRowCount', { file: check.file, count: n, expected: a.csvRowCount });
    } else if ('csvColumnSum' in a) {
      const { header, rows } = csv();
      const col = header.indexOf(a.csvColumnSum.column);
      if (col === -1) failure = say('grading.file.csvNoColumn', { file: check.file, column: a.csvColumnSum.column });
      else {
        const sum = rows.reduce((s, r) => s + Number((r[col] ?? '').replace(/,/g, '')), 0);
        if (!(Math.abs(sum - a.csvColumnSum.equals) <= a.csvColumnSum.tolerance)) failure = say('grading.file.csvSum', { column: a.csvColumnSum.column });
      }
    } else {
      const { header, rows } = csv();
      const row = rows[a.csvRowEquals.row - 1];
      if (!row) failure = say('grading.file.csvNoRow', { file: check.file, row: a.csvRowEquals.row });
      else {
        for (const [column, expected] of Object.entries(a.csvRowEquals.values)) {
          const i = header.indexOf(column);
          const cell = i === -1 ? undefined : row[i]?.trim();
          const same = typeof expected === 'number' ? cell !== undefined && Math.abs(Number(cell) - expected) < 0.005 : cell === expected;
          if (!same) {
            failure = say('grading.file.csvCell', { row: a.csvRowEquals.row, column, file: check.file });
            break;
          }
        }
      }
    }
    if (failure) failures.push(a.message !== undefined ? verbatim(a.message) : failure);
    else ok++;
  }
  return { passed: failures.length === 0, score: ok / check.assertions.length, ...split(failures), output: '', status: 'ok' };
};
