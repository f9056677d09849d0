import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { Segment } from './schemaNav';

/**
 * Where the cursor is in a YAML text, in terms of the document: the path of the map whose key is
 * being typed, or of the value being typed. A half-typed file rarely parses as the author means
 * it, so the word at the cursor is replaced by a marker (with a colon where a key is being typed)
 * and the marker is found in the parsed document.
 */
export type CursorContext = {
  /** A key of the map at `path`, or the value at `path` (a map value or a list item). */
  role: 'key' | 'value';
  path: Segment[];
  /** The keys the map at `path` already has (for `key`), so they are not offered again. */
  siblings: string[];
  /** The document's plain value without the marker: union branches are chosen from it. */
  data: unknown;
  /** The word being typed, as offsets into the text: completion replaces it. */
  wordStart: number;
  wordEnd: number;
  /** Column (0-based) where the word starts: a key's own indentation for multi-line inserts. */
  column: number;
  /** True when the map is written in flow style (`{ a: 1 }`), where inserts stay on one line. */
  flow: boolean;
};

const MARKER = 'zzcursorzz';
const WORD = /[A-Za-z0-9_.\-/:]/;

type Found = { path: Segment[]; role: 'key' | 'value'; siblings: string[]; flow: boolean; seqItemKey?: boolean };

function keyText(node: unknown): string | undefined {
  return isScalar(node) ? String(node.value) : undefined;
}

/** Finds the marker in a parsed document: as a key, a map value or a list item. */
function findMarker(node: unknown, path: Segment[]): Found | null {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = keyText(pair.key);
      if (key === MARKER) {
        const siblings = node.items.map((p) => keyText(p.key)).filter((k): k is string => k !== undefined && k !== MARKER);
        return { path, role: 'key', siblings, flow: Boolean(node.flow) };
      }
      if (isScalar(pair.value) && pair.value.value === MARKER) return { path: [...path, key ?? ''], role: 'value', siblings: [], flow: Boolean(node.flow) };
      const inner = findMarker(pair.value, [...path, key ?? '']);
      if (inner) return inner;
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      if (isScalar(item) && item.value === MARKER) return { path: [...path, i], role: 'value', siblings: [], flow: Boolean(node.flow) };
      const inner = findMarker(item, [...path, i]);
      if (inner) return inner;
    }
  }
  return null;
}

function withoutMarker(doc: Document): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.filter((x) => x !== MARKER).map(strip);
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k, x]) => k !== MARKER && x !== MARKER)
          .map(([k, x]) => [k, strip(x)]),
      );
    }
    return v;
  };
  try {
    return strip(doc.toJS({ maxAliasCount: 50 }));
  } catch {
    return undefined;
  }
}

/** The cursor's place in the document, or null where nothing can be offered (a comment, a block text). */
export function cursorContext(text: string, offset: number): CursorContext | null {
  let wordStart = offset;
  while (wordStart > 0 && WORD.test(text[wordStart - 1]!)) wordStart--;
  let wordEnd = offset;
  while (wordEnd < text.length && WORD.test(text[wordEnd]!) && text[wordEnd] !== ':') wordEnd++;
  const lineStart = text.lastIndexOf('\n', wordStart - 1) + 1;
  const before = text.slice(lineStart, wordStart);
  const lineEnd = text.indexOf('\n', wordEnd) === -1 ? text.length : text.indexOf('\n', wordEnd);
  const after = text.slice(wordEnd, lineEnd);
  if (before.includes('#')) return null;

  // Only indentation and list dashes before the word: a key is being typed (or a list item).
  const keyPosition = /^\s*(-\s+)*$/.test(before);
  // Right after a key's colon (`kind:`) there is nothing to offer until a space; in a value such
  // as `after: task:fix` the colon belongs to the word.
  if (keyPosition && /^[A-Za-z0-9_.-]+:/.test(text.slice(wordStart, offset))) return null;
  const hasColon = /^\s*:/.test(after);
  const replacement = keyPosition && !hasColon ? `${MARKER}:` : MARKER;
  const patched = text.slice(0, wordStart) + replacement + text.slice(wordEnd);
  const doc = parseDocument(patched, { uniqueKeys: false, prettyErrors: false });
  const found = findMarker(doc.contents, []);
  if (!found) return null;
  return {
    role: found.role,
    path: found.path,
    siblings: found.siblings,
    data: withoutMarker(doc),
    wordStart,
    wordEnd,
    column: wordStart - lineStart,
    flow: found.flow,
  };
}

export type NodeAt = { path: Segment[]; role: 'key' | 'value'; value: unknown; start: number; end: number; data: unknown };

/** The key or scalar value under an offset of the text as it is (for hover). */
export function nodeAt(text: string, offset: number): NodeAt | null {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  const inRange = (n: Node | null | undefined) => Boolean(n?.range && n.range[0] <= offset && offset <= n.range[1]);
  const walk = (node: unknown, path: Segment[]): Omit<NodeAt, 'data'> | null => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = keyText(pair.key);
        if (key === undefined) continue;
        const k = pair.key as Node;
        if (inRange(k)) return { path: [...path, key], role: 'key', value: key, start: k.range![0], end: k.range![1] };
        const v = pair.value as Node | null;
        if (isScalar(v) && inRange(v)) return { path: [...path, key], role: 'value', value: v.value, start: v.range![0], end: v.range![1] };
        const inner = walk(v, [...path, key]);
        if (inner) return inner;
      }
    } else if (isSeq(node)) {
      for (const [i, item] of node.items.entries()) {
        if (isScalar(item) && inRange(item)) return { path: [...path, i], role: 'value', value: item.value, start: item.range![0], end: item.range![1] };
        const inner = walk(item, [...path, i]);
        if (inner) return inner;
      }
    }
    return null;
  };
  const hit = walk(doc.contents, []);
  if (!hit) return null;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch {
    data = undefined;
  }
  return { ...hit, data };
}
