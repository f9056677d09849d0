import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { PackageProblemView } from '../../../../../server/contract/authoring';
import { detailText } from '../../../app/serverText';

/** A 1-based range in the text, as Monaco markers take it. */
export type TextRange = { startLineNumber: number; startColumn: number; endLineNumber: number; endColumn: number };

/**
 * Splits a problem path such as `tasks[0].checks[1].competencies.js.debugging` into document
 * steps. Keys may contain dots (competency codes), so each step takes the longest key the map
 * really has.
 */
function resolvePath(root: unknown, path: string): { node: Node; key?: Node } | null {
  let node = root as Node | null | undefined;
  let keyNode: Node | undefined;
  let rest = path;
  while (rest.length > 0 && node) {
    const index = /^\[(\d+)\]/.exec(rest);
    if (index) {
      if (!isSeq(node)) return null;
      node = node.items[Number(index[1])] as Node | undefined;
      keyNode = undefined;
      rest = rest.slice(index[0].length).replace(/^\./, '');
      continue;
    }
    if (!isMap(node)) return null;
    let best: { len: number; value: Node | null; key: Node } | undefined;
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (k === undefined || !rest.startsWith(k)) continue;
      const next = rest[k.length];
      if (next !== undefined && next !== '.' && next !== '[') continue;
      if (!best || k.length > best.len) best = { len: k.length, value: pair.value as Node | null, key: pair.key as Node };
    }
    // Not in the text (a missing key): the nearest enclosing node stands for it.
    if (!best) return { node, key: keyNode };
    keyNode = best.key;
    node = best.value ?? best.key;
    rest = rest.slice(best.len).replace(/^\./, '');
  }
  return node ? { node, key: keyNode } : null;
}

/**
 * Where in `scenario.yaml` a problem belongs: the offending value when its path can be found in
 * the text, else the problem's whole line (from its first non-blank character), else line 1.
 */
export function problemRange(text: string, problem: Pick<PackageProblemView, 'line' | 'path'>): TextRange {
  const lines = text.split(/\r?\n/);
  const wholeLine = (n: number): TextRange => {
    const line = Math.min(Math.max(n, 1), Math.max(lines.length, 1));
    const content = lines[line - 1] ?? '';
    const start = content.length - content.trimStart().length + 1;
    return { startLineNumber: line, startColumn: start, endLineNumber: line, endColumn: Math.max(content.length + 1, start + 1) };
  };
  if (problem.path && problem.path !== '(top level)') {
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false });
    const found = doc.errors.length === 0 ? resolvePath(doc.contents, problem.path) : null;
    // A scalar is marked exactly; a map or list by its key, or its first line.
    const target = found && (isScalar(found.node) ? found.node : (found.key ?? found.node));
    // A problem about one line inside a map (an unknown key, at the map's path) is marked there.
    const inner = found && !isScalar(found.node) && found.node.range ? found.node.range : null;
    if (inner && problem.line !== undefined && problem.line > counter.linePos(inner[0]).line && problem.line <= counter.linePos(inner[1]).line) {
      return wholeLine(problem.line);
    }
    if (target?.range) {
      const start = counter.linePos(target.range[0]);
      const end = counter.linePos(target.range[1]);
      if (start.line === end.line && end.col > start.col) {
        return { startLineNumber: start.line, startColumn: start.col, endLineNumber: end.line, endColumn: end.col };
      }
      return wholeLine(start.line);
    }
  }
  return wholeLine(problem.line ?? 1);
}

/** The message a marker shows: the path first, so a problem on a list is placed for the reader. */
export function markerMessage(problem: PackageProblemView): string {
  // In the author's language where the problem has a message key (server/messages `scenario.*`).
  const message = detailText(problem) ?? problem.message;
  return problem.path && problem.path !== '(top level)' ? `${problem.path}: ${message}` : message;
}
