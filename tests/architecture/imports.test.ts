import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TS from 'typescript5';
import { describe, expect, it } from 'vitest';

/**
 * No import circles in server/ or web/src. A circle makes load order decide whether a module
 * sees its neighbour's exports (undefined at import time), and it welds a domain to everything
 * on the loop: `app.ts` importing every route while each route imported `AppDeps` back from it
 * made fifteen files one unit. Type-only imports count too — they vanish at run time, but
 * they tie the files together just the same for whoever reads or moves them.
 *
 * Lazy `import('…')` of the router's pages counts as well: it is loaded later, but a page that
 * imported the router back would still tie the two together (none does).
 *
 * The parser is the TypeScript 5 compiler the sandbox already ships (`typescript5`): the
 * project's own `typescript` 7 has no JavaScript parsing API.
 */

const ts = createRequire(import.meta.url)('typescript5') as typeof TS;
const ROOT = path.resolve(import.meta.dirname, '../..');
const TREES = ['server', 'web/src'];
const EXTENSIONS = ['.ts', '.tsx'];

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') files.push(...sourceFiles(full));
    } else if (EXTENSIONS.some((ext) => entry.name.endsWith(ext))) {
      files.push(full);
    }
  }
  return files;
}

/** Every module a file names: imports (type-only too), re-exports, `import x = require()`,
 *  `typeof import('…')` in type positions and `import('…')` calls with a literal path. */
function moduleSpecifiers(fileName: string, text: string): string[] {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  const found: string[] = [];
  const visit = (node: TS.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push(node.moduleReference.expression.text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push(node.argument.literal.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A relative specifier resolved the way the bundler does: as written, then with an
 *  extension, then as a folder's index. Bare package names return null. */
function resolveRelative(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), specifier);
  const stripped = base.replace(/\.js$/, '');
  const candidates = [
    base,
    ...EXTENSIONS.map((ext) => stripped + ext),
    ...EXTENSIONS.map((ext) => path.join(base, 'index' + ext)),
  ];
  return candidates.find((c) => EXTENSIONS.some((ext) => c.endsWith(ext)) && fs.existsSync(c)) ?? null;
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = TREES.flatMap((tree) => sourceFiles(path.join(ROOT, tree)));
  for (const file of files) {
    const targets = new Set<string>();
    for (const specifier of moduleSpecifiers(file, fs.readFileSync(file, 'utf8'))) {
      const target = resolveRelative(file, specifier);
      if (target && !target.includes(`${path.sep}node_modules${path.sep}`)) targets.add(target);
    }
    graph.set(file, [...targets]);
  }
  return graph;
}

/** Tarjan's strongly connected components; a component of more than one file, or a file
 *  importing itself, is a circle. */
function importCircles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];

  const connect = (node: string): void => {
    index.set(node, counter);
    lowLink.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        lowLink.set(node, Math.min(lowLink.get(node)!, lowLink.get(next)!));
      } else if (onStack.has(next)) {
        lowLink.set(node, Math.min(lowLink.get(node)!, index.get(next)!));
      }
    }
    if (lowLink.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) {
        circles.push(component.sort());
      }
    }
  };

  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  return circles;
}

describe('import graph of server/ and web/src', () => {
  it('finds circles when there are some (the checker itself can fail)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(importCircles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
    expect(
      moduleSpecifiers(
        'x.tsx',
        "import type { A } from './a';\nexport { b } from './b';\ntype C = typeof import('./c');\nconst d = () => import('./d');\nimport e = require('./e');",
      ),
    ).toEqual(['./a', './b', './c', './d', './e']);
  });

  it('has no import circles', () => {
    const graph = importGraph();
    // A sanity floor: if resolution silently failed, an empty graph would pass.
    const edges = [...graph.values()].reduce((sum, targets) => sum + targets.length, 0);
    expect(graph.size).toBeGreaterThan(100);
    expect(edges).toBeGreaterThan(graph.size);

    const report = importCircles(graph)
      .map(
        (files, i) =>
          `circle ${i + 1} (${files.length} files):\n` +
          files.map((f) => `  ${path.relative(ROOT, f)}`).join('\n'),
      )
      .join('\n');
    expect(report, `import circles found:\n${report}`).toBe('');
  });
});
