import i18next from 'i18next';
import { LineCounter, parseDocument, type Document, type ToStringOptions } from 'yaml';

/** The YAML does not parse: a form cannot edit it until the author fixes the text. */
export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
    this.name = 'YamlSyntaxError';
  }
}

// No folding of long lines: a title must stay on the line the author wrote it on.
const OUTPUT: ToStringOptions = { lineWidth: 0, minContentWidth: 0 };

export function parseForEdit(text: string): Document {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = lineCounter.linePos(first.pos[0]).line;
    throw new YamlSyntaxError(i18next.t('authoring:yaml.syntax', { line, reason: first.message.split('\n')[0] }), line);
  }
  return doc;
}

/**
 * Which lines of `a` stay in `b`, as pairs of indexes: a longest common subsequence after the
 * common head and tail are set aside (an edit touches a few lines of a file of hundreds).
 */
function commonLines(a: string[], b: string[]): [number, number][] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  const pairs: [number, number][] = [];
  for (let i = 0; i < head; i++) pairs.push([i, i]);
  if (n > 0 && m > 0 && n * m <= 4_000_000) {
    const width = m + 1;
    const lcs = new Int32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] = a[head + i] === b[head + j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[head + i] === b[head + j]) {
        pairs.push([head + i, head + j]);
        i++;
        j++;
      } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) i++;
      else j++;
    }
  }
  for (let k = tail; k > 0; k--) pairs.push([a.length - k, b.length - k]);
  return pairs;
}

type Hunk = { a0: number; a1: number; b0: number; b1: number };

/** The runs of lines of `a` replaced in `b`: `a[a0..a1)` became `b[b0..b1)`. */
function hunks(a: string[], b: string[]): Hunk[] {
  const out: Hunk[] = [];
  let i = 0;
  let j = 0;
  for (const [ci, cj] of [...commonLines(a, b), [a.length, b.length] as [number, number]]) {
    if (ci > i || cj > j) out.push({ a0: i, a1: ci, b0: j, b1: cj });
    i = ci + 1;
    j = cj + 1;
  }
  return out;
}

/**
 * Applies a change made with the `yaml` Document API and returns the new text, touching only the
 * lines the change touches. `Document.toString()` keeps comments and key order but rewrites some
 * formatting (`[a, b]` becomes `[ a, b ]`, a list spread over lines is joined); a version diff full
 * of such lines would hide the real change. So the edit is found as the lines that differ between
 * the document printed before and after it, and those runs replace the matching lines of the
 * author's own text; every other line stays exactly as the author wrote it.
 */
export function editYaml(text: string, edit: (doc: Document) => void): string {
  const doc = parseForEdit(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const before = doc.toString(OUTPUT);
  edit(doc);
  const after = doc.toString(OUTPUT);
  if (after === before) return text;

  const original = text.split(/\r?\n/);
  if (original.at(-1) !== '') original.push(''); // the output always ends with a newline
  const normalised = before.split('\n');
  const edited = after.split('\n');

  // Where each printed line is in the author's text (lines the printer reformatted have no place).
  const place = new Map(commonLines(normalised, original));
  const startOf = (a0: number) => (a0 === 0 ? 0 : place.has(a0 - 1) ? place.get(a0 - 1)! + 1 : undefined);
  const endOf = (a1: number) => (a1 === normalised.length ? original.length : place.get(a1));

  const out: string[] = [];
  let taken = 0; // lines of the author's text already copied or replaced
  let last: (Hunk & { o0: number; o1: number }) | undefined;
  const flush = () => {
    if (!last) return;
    out.push(...original.slice(taken, last.o0), ...edited.slice(last.b0, last.b1));
    taken = last.o1;
  };
  for (const h of hunks(normalised, edited)) {
    // A run next to a reformatted line grows to take it in: those lines are the same before and
    // after the edit, so the edited text has them too, printed the normalised way.
    let { a0, a1, b0, b1 } = h;
    while (startOf(a0) === undefined) { a0--; b0--; }
    while (endOf(a1) === undefined) { a1++; b1++; }
    const o0 = startOf(a0)!;
    const o1 = endOf(a1)!;
    if (last && a0 <= last.a1) last = { ...last, a1, b1, o1 };
    else {
      flush();
      last = { a0, a1, b0, b1, o0: Math.max(o0, taken), o1 };
    }
  }
  flush();
  out.push(...original.slice(taken));
  return out.join(eol);
}
