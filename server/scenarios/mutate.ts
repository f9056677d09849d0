/**
 * Mutation testing for the check-strength figure: small, plausible mistakes are planted in the
 * reference solution, and a strong set of checks fails on each of them. Mutants work on
 * tokens, so strings and comments are never touched; a mutant that no longer compiles is not
 * a mistake a student could hand in and is dropped by the caller. Configuration files (YAML,
 * JSON, crontabs, .conf, .env, .ini) get mutants of their own (mutateConfig.ts).
 */
import { configMutantsOf, type Mutant } from './mutateConfig';

export type { Mutant };

type Token = { kind: 'word' | 'number' | 'punct' | 'skip'; text: string; start: number };

const JS_PUNCT = ['===', '!==', '>>>', '**=', '...', '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '++', '--', '+=', '-=', '*=', '/=', '**', '?.'];
const SQL_PUNCT = ['<=', '>=', '<>', '!=', '||', '=='];

/** Splits source into tokens; comments, strings, template literals and regex literals become 'skip'. */
export function tokenize(src: string, lang: 'js' | 'sql' | 'text'): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: Token['kind'], start: number, end: number) => tokens.push({ kind, text: src.slice(start, end), start });
  const lastSignificant = () => {
    for (let k = tokens.length - 1; k >= 0; k--) if (tokens[k]!.kind !== 'skip' || !/^\s*$/.test(tokens[k]!.text)) return tokens[k];
    return undefined;
  };
  while (i < src.length) {
    const c = src[i]!;
    const start = i;
    if (/\s/.test(c)) {
      while (i < src.length && /\s/.test(src[i]!)) i++;
      push('skip', start, i);
    } else if ((lang === 'js' && c === '/' && src[i + 1] === '/') || (lang === 'sql' && c === '-' && src[i + 1] === '-') || (lang === 'text' && c === '#')) {
      while (i < src.length && src[i] !== '\n') i++;
      push('skip', start, i);
    } else if (c === '/' && src[i + 1] === '*' && lang !== 'text') {
      const end = src.indexOf('*/', i + 2);
      i = end === -1 ? src.length : end + 2;
      push('skip', start, i);
    } else if (c === '"' || c === "'" || (c === '`' && lang === 'js')) {
      i++;
      while (i < src.length && src[i] !== c) {
        if (src[i] === '\\' && lang !== 'sql') i++;
        i++;
      }
      i++;
      push('skip', start, i);
    } else if (c === '/' && lang === 'js' && isRegexStart(lastSignificant())) {
      i++;
      let inClass = false;
      while (i < src.length && (src[i] !== '/' || inClass) && src[i] !== '\n') {
        if (src[i] === '\\') i++;
        else if (src[i] === '[') inClass = true;
        else if (src[i] === ']') inClass = false;
        i++;
      }
      i++;
      while (i < src.length && /[a-z]/.test(src[i]!)) i++;
      push('skip', start, i);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      while (i < src.length && /[0-9a-zA-Z_.]/.test(src[i]!)) i++;
      push('number', start, i);
    } else if (/[A-Za-z_$]/.test(c)) {
      while (i < src.length && /[A-Za-z0-9_$]/.test(src[i]!)) i++;
      push('word', start, i);
    } else {
      const ops = lang === 'js' ? JS_PUNCT : SQL_PUNCT;
      const op = ops.find((o) => src.startsWith(o, i)) ?? c;
      i += op.length;
      push('punct', start, i);
    }
  }
  return tokens;
}

function isRegexStart(prev: Token | undefined): boolean {
  if (!prev) return true;
  if (prev.kind === 'number') return false;
  if (prev.kind === 'word') return ['return', 'typeof', 'case', 'in', 'of', 'new', 'delete', 'void', 'throw'].includes(prev.text);
  return !/^[)\]}]$/.test(prev.text);
}

const JS_SWAPS: Record<string, string> = {
  '+': '-', '-': '+', '*': '/', '/': '*', '%': '*',
  '<': '<=', '<=': '<', '>': '>=', '>=': '>',
  '===': '!==', '!==': '===', '==': '!=', '!=': '==',
  '&&': '||', '||': '&&',
  '+=': '-=', '-=': '+=', '*=': '/=', '/=': '*=',
  '++': '--', '--': '++',
};
const JS_WORD_SWAPS: Record<string, string> = { true: 'false', false: 'true' };
const SQL_WORD_SWAPS: Record<string, string> = { sum: 'avg', avg: 'sum', min: 'max', max: 'min', count: 'sum', and: 'or', asc: 'desc', desc: 'asc' };
const SQL_SWAPS: Record<string, string> = { '<': '<=', '<=': '<', '>': '>=', '>=': '>', '=': '<>', '<>': '=', '!=': '=', '+': '-', '-': '+', '*': '/', '/': '*' };

function lineOf(src: string, offset: number): number {
  let n = 1;
  for (let k = 0; k < offset; k++) if (src.charCodeAt(k) === 10) n++;
  return n;
}

function lineText(src: string, line: number): string {
  return src.split('\n')[line - 1]?.trim() ?? '';
}

function bumpNumber(text: string): string | undefined {
  if (/^0x/i.test(text)) return undefined;
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isFinite(n)) return undefined;
  // Change by one unit of the literal's own precision: 1.015 → 1.016, 30 → 31.
  const decimals = text.includes('.') ? text.split('.')[1]!.replace(/[^0-9]/g, '').length : 0;
  return (n + 10 ** -decimals).toFixed(decimals);
}

export function languageOf(file: string): 'js' | 'sql' | 'text' {
  if (/\.(m|c)?(j|t)sx?$/.test(file)) return 'js';
  if (/\.sql$/.test(file)) return 'sql';
  return 'text';
}

/** Every single-point mutant of one file. */
export function mutantsOf(file: string, src: string): Mutant[] {
  const config = configMutantsOf(file, src);
  if (config) return config;
  const lang = languageOf(file);
  const tokens = tokenize(src, lang);
  const out: Mutant[] = [];
  const replace = (tok: Token, text: string, description: string) => {
    const content = src.slice(0, tok.start) + text + src.slice(tok.start + tok.text.length);
    const line = lineOf(src, tok.start);
    const before = lineText(src, line);
    const after = lineText(content, line);
    out.push({ file, line, description, before, after, content, identity: `${before}\n${after}` });
  };
  for (const [k, tok] of tokens.entries()) {
    if (tok.kind === 'number') {
      const bumped = bumpNumber(tok.text);
      if (bumped !== undefined) replace(tok, bumped, `constant ${tok.text} → ${bumped}`);
    } else if (tok.kind === 'punct' && lang !== 'text') {
      const swaps = lang === 'js' ? JS_SWAPS : SQL_SWAPS;
      const to = swaps[tok.text];
      // A unary minus or plus is not arithmetic; skip it where no operand precedes.
      const prev = tokens.slice(0, k).reverse().find((t) => t.kind !== 'skip');
      const unary = (tok.text === '-' || tok.text === '+') && (!prev || (prev.kind === 'punct' && !/^[)\]]$/.test(prev.text)));
      if (to && !unary) replace(tok, to, `operator ${tok.text} → ${to}`);
    } else if (tok.kind === 'word') {
      const lower = tok.text.toLowerCase();
      if (lang === 'js' && JS_WORD_SWAPS[tok.text]) replace(tok, JS_WORD_SWAPS[tok.text]!, `${tok.text} → ${JS_WORD_SWAPS[tok.text]}`);
      if (lang === 'sql' && SQL_WORD_SWAPS[lower]) {
        const next = tokens.slice(k + 1).find((t) => t.kind !== 'skip');
        const isCall = ['sum', 'avg', 'min', 'max', 'count'].includes(lower);
        if (!isCall || next?.text === '(') {
          const to = tok.text === lower ? SQL_WORD_SWAPS[lower] : SQL_WORD_SWAPS[lower].toUpperCase();
          replace(tok, to, `${tok.text} → ${to}`);
        }
      }
    }
  }
  if (lang === 'sql') out.push(...sqlKeywordMutants(file, src, tokens), ...sqlClauseMutants(file, src, tokens));
  else out.push(...dropStatementMutants(file, src, lang));
  return out;
}

/** Drops one statement line: a forgotten step. Declarations are kept, so the mutant still runs. */
function dropStatementMutants(file: string, src: string, lang: 'js' | 'text'): Mutant[] {
  const lines = src.split('\n');
  const out: Mutant[] = [];
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line.endsWith(';') || line.length < 3 || /^(#|\/\/|\*|\/\*)/.test(line)) continue;
    if (lang === 'js' && /^(const|let|var|import|export|return|throw|type|interface|function|class)\b/.test(line)) continue;
    if (lang === 'js' && /^[})\]]/.test(line)) continue;
    if (lang === 'text' && /[{}]/.test(line)) continue;
    const content = [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
    out.push({ file, line: i + 1, description: 'statement dropped', before: line, after: '(removed)', content, identity: line });
  }
  return out;
}

/**
 * SQL mistakes people make with keywords: the wrong join type, a lost or extra NOT
 * (IS NULL, IN, EXISTS, LIKE), a forgotten DISTINCT, and — in scripts of several statements —
 * a forgotten statement.
 */
function sqlKeywordMutants(file: string, src: string, tokens: Token[]): Mutant[] {
  const out: Mutant[] = [];
  const sig = tokens.filter((t) => t.kind !== 'skip');
  const splice = (from: number, to: number, text: string, description: string) => {
    const content = src.slice(0, from) + text + src.slice(to);
    const line = lineOf(src, from);
    const before = lineText(src, line);
    const after = lineText(content, line);
    out.push({ file, line, description, before, after, content, identity: `${src.slice(from, to)}\n${before}\n${after}` });
  };
  const word = (k: number) => sig[k]?.text.toLowerCase();
  for (let k = 0; k < sig.length; k++) {
    const t = sig[k]!;
    const w = word(k);
    const end = (j: number) => sig[j]!.start + sig[j]!.text.length;
    if (w === 'left' && word(k + 1) === 'join') splice(t.start, end(k), 'INNER', 'LEFT JOIN → INNER JOIN');
    if (w === 'left' && word(k + 1) === 'outer' && word(k + 2) === 'join') splice(t.start, end(k + 1), 'INNER', 'LEFT OUTER JOIN → INNER JOIN');
    if (w === 'inner' && word(k + 1) === 'join') splice(t.start, end(k), 'LEFT', 'INNER JOIN → LEFT JOIN');
    if (w === 'join' && !['left', 'inner', 'outer', 'cross', 'right', 'full', 'natural'].includes(word(k - 1) ?? '')) {
      splice(t.start, t.start, 'LEFT ', 'JOIN → LEFT JOIN');
    }
    if (w === 'not' && ['null', 'in', 'exists', 'like', 'between'].includes(word(k + 1) ?? '')) {
      splice(t.start, sig[k + 1]!.start, '', `NOT ${sig[k + 1]!.text.toUpperCase()} → ${sig[k + 1]!.text.toUpperCase()}`);
    }
    if (w === 'is' && word(k + 1) === 'null') splice(end(k), end(k), ' NOT', 'IS NULL → IS NOT NULL');
    if (w === 'exists' && word(k - 1) !== 'not') splice(t.start, t.start, 'NOT ', 'EXISTS → NOT EXISTS');
    if (w === 'distinct') splice(t.start, sig[k + 1]?.start ?? end(k), '', 'DISTINCT dropped');
  }
  // Statements of a script: top-level semicolons only (literals are already skipped tokens).
  const bounds: { from: number; to: number }[] = [];
  let from = 0;
  for (const t of sig) {
    if (t.text === ';') {
      bounds.push({ from, to: t.start + 1 });
      from = t.start + 1;
    }
  }
  if (src.slice(from).trim()) bounds.push({ from, to: src.length });
  if (bounds.length > 1) {
    for (const b of bounds) {
      const text = src.slice(b.from, b.to).trim();
      if (!text) continue;
      const content = src.slice(0, b.from) + src.slice(b.to);
      const line = lineOf(src, b.from + (src.slice(b.from, b.to).length - src.slice(b.from, b.to).trimStart().length));
      const whole = text.replace(/\s+/g, ' ');
      out.push({ file, line, description: 'statement dropped', before: whole.slice(0, 120), after: '(removed)', content, identity: whole });
    }
  }
  return out;
}

/** SQL: drop one AND/OR term of a WHERE or HAVING, or one GROUP BY column. */
function sqlClauseMutants(file: string, src: string, tokens: Token[]): Mutant[] {
  const out: Mutant[] = [];
  const sig = tokens.filter((t) => t.kind !== 'skip');
  const add = (from: number, to: number, description: string) => {
    const content = src.slice(0, from) + src.slice(to);
    const line = lineOf(src, from);
    const removed = src.slice(from, to).replace(/\s+/g, ' ').trim();
    out.push({ file, line, description, before: removed, after: '(removed)', content, identity: `${removed}\n${lineText(src, line)}` });
  };
  const clauseEnd = /^(group|order|having|limit|union|window|\)|;)$/i;
  for (let k = 0; k < sig.length; k++) {
    const t = sig[k]!;
    if (/^(and|or)$/i.test(t.text)) {
      // The term runs from this AND/OR to the next AND/OR or clause keyword at the same depth.
      let depth = 0;
      let end = k + 1;
      for (; end < sig.length; end++) {
        const x = sig[end]!.text;
        if (x === '(') depth++;
        else if (x === ')') {
          if (depth === 0) break;
          depth--;
        } else if (depth === 0 && (/^(and|or)$/i.test(x) || clauseEnd.test(x))) break;
      }
      const stop = end < sig.length ? sig[end]!.start : src.length;
      add(t.start, stop, `condition "${src.slice(t.start, stop).replace(/\s+/g, ' ').trim()}" dropped`);
    }
    if (/^group$/i.test(t.text) && /^by$/i.test(sig[k + 1]?.text ?? '')) {
      // Columns are separated by top-level commas; dropping one changes the grain.
      const cols: { start: number; end: number }[] = [];
      let depth = 0;
      let colStart = sig[k + 2]?.start;
      let m = k + 2;
      for (; m < sig.length; m++) {
        const x = sig[m]!.text;
        if (x === '(') depth++;
        else if (x === ')') depth--;
        else if (depth === 0 && x === ',') {
          cols.push({ start: colStart!, end: sig[m]!.start });
          colStart = sig[m + 1]?.start;
        } else if (depth === 0 && /^(having|order|limit|union|window|;)$/i.test(x)) break;
        if (depth < 0) break;
      }
      if (colStart !== undefined) cols.push({ start: colStart, end: m < sig.length ? sig[m]!.start : src.length });
      if (cols.length > 1) {
        for (const [ci, col] of cols.entries()) {
          const trimmedEnd = col.start + src.slice(col.start, col.end).trimEnd().length;
          const from = ci === 0 ? col.start : cols[ci - 1]!.start + src.slice(cols[ci - 1]!.start, cols[ci - 1]!.end).trimEnd().length; // with the comma before
          const to = ci === 0 ? cols[1]!.start : trimmedEnd;
          add(from, to, `GROUP BY column "${src.slice(col.start, col.end).trim()}" dropped`);
        }
      }
    }
    if (/^where$/i.test(t.text)) {
      let depth = 0;
      let end = k + 1;
      for (; end < sig.length; end++) {
        const x = sig[end]!.text;
        if (x === '(') depth++;
        else if (x === ')') {
          if (depth === 0) break;
          depth--;
        } else if (depth === 0 && clauseEnd.test(x)) break;
      }
      const stop = end < sig.length ? sig[end]!.start : src.length;
      add(t.start, stop, 'WHERE clause dropped');
    }
  }
  return out;
}

/** A compact diff for the report: `file:line  - before  + after`. */
export function formatMutant(m: Mutant): string {
  return `${m.file}:${m.line} (${m.description})\n      - ${m.before}\n      + ${m.after}`;
}
