import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * "Show 1 pieces of evidence": a count put straight before a plural noun reads wrong when the
 * count is 1, and screen readers read the hidden text nobody sees. This scans the web client
 * (and the server's messages) for a number written before a plural noun with no singular in
 * sight, and for "(s)". A line that chooses the form (`plural(`, `=== 1`) passes.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
const NOUNS = [
  'pieces',
  'points',
  'students',
  'attempts',
  'checks',
  'files',
  'items',
  'criteria',
  'competencies',
  'comments',
  'events',
  'tasks',
  'modules',
  'reviews',
  'scenarios',
  'minutes',
  'hours',
  'days',
  'rows',
];
// `{count}` or `${count}`, then tags, `{' '}` and spaces (line breaks too), then the noun.
// A noun followed by `=` is a JSX attribute, not text.
const COUNT_THEN_NOUN = new RegExp(String.raw`\$?\{[^{}]*\}(?:\s|<[^<>]*>|\{' '\})*(${NOUNS.join('|')})\b(?!\s*=)`, 'g');
// A constant (`{MAX_FILES} files`, `{LIMITS.perDay} comments`) is a limit chosen well above 1.
const CONSTANT = /^\$?\{([a-z]\w*\.)?[A-Z][A-Z0-9_]*(\.\w+)?\}/;

/** Counts that are never 1, each with the reason. */
const ALLOWED: { file: string; text: RegExp; why: string }[] = [
  { file: 'web/src/features/feedback/InsightsPage.tsx', text: /\{(data\.)?min(Students)?\}\s+students/, why: 'the anonymity minimum is at least 2' },
  { file: 'server/http/rateLimit.ts', text: /\/ (60|3_600)\)\} (minutes|hours)/, why: 'minutes from 120 s up, hours from 7,200 s up: at least 2' },
  { file: 'server/grading/sandbox/sqlRunner.ts', text: /maxRows\} rows/, why: 'the row cap is a limit in the hundreds' },
];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

function findings(files: string[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    const rel = path.relative(ROOT, file);
    const text = fs.readFileSync(file, 'utf8');
    const lineOf = (i: number) => text.slice(0, i).split('\n').length;
    for (const m of text.matchAll(COUNT_THEN_NOUN)) {
      // The line, and the one before it (a ternary that chose `count > 1 ?` there).
      const start = text.lastIndexOf('\n', text.lastIndexOf('\n', m.index) - 1) + 1;
      const end = text.indexOf('\n', m.index + m[0].length);
      const context = text.slice(start, end === -1 ? undefined : end);
      if (/plural\(|=== 1|!== 1|> 1\b/.test(context)) continue;
      // Comments and code (`{x.length} items` in a type or a regex) are not text a person reads.
      if (/^\s*(\/\/|\*)/.test(context)) continue;
      if (CONSTANT.test(m[0]) || ALLOWED.some((a) => a.file === rel && a.text.test(m[0]))) continue;
      out.push(`${rel}:${lineOf(m.index)}: ${m[0].replace(/\s+/g, ' ')}`);
    }
    // "attempt(s) of": a word, then (s), then text goes on; `pad(s)` is a call.
    for (const m of text.matchAll(/(?<![.\w])[a-z]{3,}\(s\)(?=[ .!?'"`])/g)) out.push(`${rel}:${lineOf(m.index)}: "${m[0]}"`);
  }
  return out;
}

describe('plurals', () => {
  it('the web client writes no count before a plural noun without choosing the form', () => {
    expect(findings(sources(path.join(ROOT, 'web/src')))).toEqual([]);
  });

  it('server messages say "attempts" or "attempt", never "attempt(s)"', () => {
    expect(findings(sources(path.join(ROOT, 'server')).filter((f) => !f.includes(`${path.sep}contract${path.sep}`)))).toEqual([]);
  });
});
