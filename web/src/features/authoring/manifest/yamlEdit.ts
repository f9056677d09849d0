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
    throw new YamlSyntaxError(`scenario.yaml has a YAML error on line ${line}: ${first.message.split('\n')[0]}`, line);
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

/**
 * Applies a change made with the `yaml` Document API and returns the new text, touching only the
 * lines the change touches. `Document.toString()` keeps comments and key order but rewrites some
 * formatting (`[a, b]` becomes `[ a, b ]`); a version diff full of such lines would hide the real
 * change, so every line the edit left alone is taken from the author's own text.
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
  // Line i of the author's text must be line i of the normalised one to carry formatting over.
  if (original.length !== normalised.length) return edited.join(eol);

  const out: string[] = [];
  let j = 0;
  for (const [ci, cj] of [...commonLines(normalised, edited), [normalised.length, edited.length] as [number, number]]) {
    while (j < cj) out.push(edited[j++]!); // inserted or rewritten lines
    if (ci < normalised.length) {
      out.push(original[ci]!);
      j = cj + 1;
    }
  }
  return out.join(eol);
}
