/**
 * Static screening of student SQL before it reaches SQLite. Comments, string literals and
 * quoted identifiers are blanked out first, so a forbidden word cannot hide in them and a
 * harmless word inside a string does not trip the screen.
 */

import { say, type Said } from '../notes';
import type { MessageKey, MessageParams } from '../../messages';

export type SqlStatement = { text: string; firstWord: string };
/** `said`: the refusal with its message key (`message` is its English). */
export type ScreenResult = { ok: true; statements: SqlStatement[] } | { ok: false; message: string; said?: Said };

function refuse(key: MessageKey, params?: MessageParams): ScreenResult {
  const said = say(key, params);
  return { ok: false, message: said.text, said };
}

/** Words that reach outside the in-memory database or change how SQLite itself behaves. */
const FORBIDDEN = new Map<string, string>([
  ['attach', 'ATTACH opens other database files'],
  ['detach', 'DETACH manages other database files'],
  ['pragma', 'PRAGMA changes how the database engine behaves'],
  ['vacuum', 'VACUUM can write database files'],
  ['load_extension', 'load_extension loads native code'],
  ['readfile', 'readfile reads server files'],
  ['writefile', 'writefile writes server files'],
  ['fts3_tokenizer', 'fts3_tokenizer exposes native pointers'],
  ['sqlite_dbpage', 'sqlite_dbpage reads raw database pages'],
]);

/**
 * Replaces comments, strings and quoted identifiers with spaces, keeping offsets. The quoted
 * identifiers are returned too: SQLite accepts `"load_extension"(…)`, `[readfile](…)` and
 * `FROM "sqlite_dbpage"`, so a forbidden name must be caught inside quotes as well.
 */
export function blankLiterals(sql: string): { blanked: string; unterminated?: string; quotedNames: string[] } {
  const quotedNames: string[] = [];
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end === -1) return { blanked: out, unterminated: 'a /* comment is never closed', quotedNames };
      out += ' '.repeat(end + 2 - i);
      i = end + 2;
    } else if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      let j = i + 1;
      for (;;) {
        const k = sql.indexOf(close, j);
        if (k === -1) return { blanked: out, unterminated: `a ${c === "'" ? 'string' : 'quoted name'} starting with ${c} is never closed`, quotedNames };
        // A doubled quote is an escaped quote inside the literal.
        if (close !== ']' && sql[k + 1] === close) {
          j = k + 2;
          continue;
        }
        j = k + 1;
        break;
      }
      // Keep quoted identifiers distinguishable from nothing: a placeholder letter.
      out += c === "'" ? ` ${' '.repeat(j - i - 2)} ` : `q${' '.repeat(j - i - 1)}`;
      if (c !== "'") quotedNames.push(close === ']' ? sql.slice(i + 1, j - 1) : sql.slice(i + 1, j - 1).split(close + close).join(close));
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return { blanked: out, quotedNames };
}

export function screenSql(sql: string, opts: { mode: 'query' | 'state'; maxStatements?: number }): ScreenResult {
  if (sql.length > 100_000) return refuse('grading.sql.tooLong');
  const { blanked, unterminated, quotedNames } = blankLiterals(sql);
  if (unterminated) return refuse('grading.sql.incomplete', { problem: unterminated });
  const words = [...[...blanked.matchAll(/[A-Za-z_][A-Za-z0-9_$]*/g)].map((m) => m[0]), ...quotedNames];
  for (const word of words) {
    const reason = FORBIDDEN.get(word.toLowerCase());
    if (reason) return refuse('grading.sql.notAllowed', { word: word.toUpperCase(), reason });
  }
  const statements: SqlStatement[] = [];
  let start = 0;
  for (let i = 0; i <= blanked.length; i++) {
    if (i === blanked.length || blanked[i] === ';') {
      const text = sql.slice(start, i).trim();
      const shape = blanked.slice(start, i).trim();
      if (shape.length > 0) statements.push({ text, firstWord: (shape.match(/^[A-Za-z]+/)?.[0] ?? '').toLowerCase() });
      start = i + 1;
    }
  }
  if (statements.length === 0) return refuse('grading.sql.noStatement');
  if (opts.mode === 'query') {
    if (statements.length > 1) return refuse('grading.sql.oneStatement', { count: statements.length });
    const first = statements[0]!.firstWord;
    if (!['select', 'with', 'values'].includes(first)) {
      return refuse('grading.sql.notQuery', { hasFirst: first ? 'yes' : 'no', first: first.toUpperCase() });
    }
  } else if (statements.length > (opts.maxStatements ?? 50)) {
    return refuse('grading.sql.tooMany', { count: statements.length, max: opts.maxStatements ?? 50 });
  }
  return { ok: true, statements };
}
