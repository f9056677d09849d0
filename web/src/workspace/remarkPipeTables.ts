/**
 * Pipe tables (`| a | b |` over `|---|---|`) for react-markdown, without remark-gfm: scenario
 * briefs use them for rate cards and price lists. CommonMark parses such a table as paragraph
 * text, so this plugin finds those lines in paragraphs (also inside list items) and turns them
 * into table nodes that render as <table>. Cells keep their inline markdown (bold, code, links).
 */

type Node = { type: string; value?: string; children?: Node[]; data?: { hName?: string; hProperties?: Record<string, unknown> } };

const DELIMITER = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/** A paragraph's inline nodes cut into lines at soft line breaks. */
function toLines(children: Node[]): Node[][] {
  const lines: Node[][] = [[]];
  for (const child of children) {
    if (child.type === 'break') {
      lines.push([]);
      continue;
    }
    if (child.type !== 'text') {
      lines.at(-1)!.push(child);
      continue;
    }
    child.value!.split('\n').forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part) lines.at(-1)!.push({ type: 'text', value: part });
    });
  }
  return lines;
}

/** Text of a line as far as table structure goes: inline code and the like count as one cell's content. */
const shape = (line: Node[]) => line.map((n) => (n.type === 'text' ? n.value : 'x')).join('');

function joinLines(lines: Node[][]): Node[] {
  const out: Node[] = [];
  lines.forEach((line, i) => {
    if (i > 0) out.push({ type: 'text', value: '\n' });
    out.push(...line);
  });
  return out;
}

function splitCells(line: Node[]): Node[][] {
  const cells: Node[][] = [[]];
  for (const node of line) {
    if (node.type !== 'text') {
      cells.at(-1)!.push(node);
      continue;
    }
    node.value!.split('|').forEach((part, i) => {
      if (i > 0) cells.push([]);
      if (part) cells.at(-1)!.push({ type: 'text', value: part });
    });
  }
  const blank = (cell: Node[]) => cell.every((n) => n.type === 'text' && n.value!.trim() === '');
  if (cells.length > 1 && blank(cells[0]!)) cells.shift();
  if (cells.length > 1 && blank(cells.at(-1)!)) cells.pop();
  return cells.map((cell) => {
    const trimmed = cell.map((n) => ({ ...n }));
    const first = trimmed[0];
    const last = trimmed.at(-1);
    if (first?.type === 'text') first.value = first.value!.trimStart();
    if (last?.type === 'text') last.value = last.value!.trimEnd();
    return trimmed.filter((n) => n.type !== 'text' || n.value !== '');
  });
}

function alignments(delimiter: string): (string | null)[] {
  return delimiter
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => {
      const t = c.trim();
      if (t.startsWith(':') && t.endsWith(':')) return 'center';
      if (t.endsWith(':')) return 'right';
      return null;
    });
}

function tableNode(header: Node[], delimiter: string, rows: Node[][]): Node {
  const align = alignments(delimiter);
  const cell = (tag: 'th' | 'td', content: Node[], i: number): Node => ({
    type: 'pipeTableCell',
    data: { hName: tag, ...(align[i] ? { hProperties: { className: [`align-${align[i]}`] } } : {}) },
    children: content,
  });
  const row = (tag: 'th' | 'td', line: Node[]): Node => ({ type: 'pipeTableRow', data: { hName: 'tr' }, children: splitCells(line).map((c, i) => cell(tag, c, i)) });
  return {
    type: 'pipeTable',
    data: { hName: 'table' },
    children: [
      { type: 'pipeTableHead', data: { hName: 'thead' }, children: [row('th', header)] },
      { type: 'pipeTableBody', data: { hName: 'tbody' }, children: rows.map((r) => row('td', r)) },
    ],
  };
}

/** The blocks a paragraph becomes: itself, or text / table / text. */
function splitParagraph(paragraph: Node): Node[] {
  const lines = toLines(paragraph.children ?? []);
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!shape(lines[i]!).includes('|') || !DELIMITER.test(shape(lines[i + 1]!))) continue;
    let end = i + 2;
    while (end < lines.length && shape(lines[end]!).includes('|')) end++;
    const blocks: Node[] = [];
    if (i > 0) blocks.push({ type: 'paragraph', children: joinLines(lines.slice(0, i)) });
    blocks.push(tableNode(lines[i]!, shape(lines[i + 1]!), lines.slice(i + 2, end)));
    if (end < lines.length) blocks.push(...splitParagraph({ type: 'paragraph', children: joinLines(lines.slice(end)) }));
    return blocks;
  }
  return [paragraph];
}

function walk(node: Node): void {
  if (!node.children) return;
  node.children = node.children.flatMap((child) => {
    if (child.type === 'paragraph') return splitParagraph(child);
    walk(child);
    return [child];
  });
}

export function remarkPipeTables() {
  return (tree: Node) => walk(tree);
}
