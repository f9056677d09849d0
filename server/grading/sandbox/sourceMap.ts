/**
 * Maps positions in esbuild's output back to the student's file, so a Run that throws names the
 * line the student wrote (esbuild drops comments and blank lines, so its lines differ). A
 * source map's `mappings` is all that is read: lines separated by `;`, segments by `,`, each a
 * run of base64 VLQ numbers relative to the previous segment ([column, source, line, column, …]).
 */

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

function decodeSegment(text: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const c of text) {
    const digit = DIGIT.get(c);
    if (digit === undefined) return out;
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** Generated line → its segments as [generated column, original line, original column] (all 0-based). */
export type LineMap = Map<number, [number, number, number][]>;

export function parseMappings(mappings: string): LineMap {
  const lines: LineMap = new Map();
  let sourceLine = 0;
  let sourceColumn = 0;
  let source = 0;
  mappings.split(';').forEach((line, generatedLine) => {
    let column = 0;
    const segments: [number, number, number][] = [];
    for (const part of line.split(',')) {
      if (!part) continue;
      const s = decodeSegment(part);
      column += s[0] ?? 0;
      if (s.length < 4) continue;
      source += s[1]!;
      sourceLine += s[2]!;
      sourceColumn += s[3]!;
      if (source === 0) segments.push([column, sourceLine, sourceColumn]);
    }
    if (segments.length) lines.set(generatedLine, segments);
  });
  return lines;
}

/** The original 1-based line and column of a 1-based generated position, when the map knows it. */
export function originalPosition(map: LineMap, line: number, column: number): { line: number; column: number } | undefined {
  const segments = map.get(line - 1);
  if (!segments) return undefined;
  let best: [number, number, number] | undefined;
  for (const s of segments) if (s[0] <= column - 1) best = s;
  best ??= segments[0]!;
  return { line: best[1] + 1, column: best[2] + 1 };
}
