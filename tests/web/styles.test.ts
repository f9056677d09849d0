import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The stylesheets' layout (issue #14 §6): one small shared file (tokens, base elements, the
 * component classes every feature uses) and each feature's rules in a CSS file beside it. These
 * checks keep it that way: the shared file stays small and layered, every class block is styled
 * in one place (its feature's folder, or the shared file), every stylesheet is imported by the code
 * that uses it, and colours that have a token are written as the token.
 */

const WEB = path.resolve(import.meta.dirname, '../../web/src');
const SHARED = 'styles.css';
/** Room for a few more shared components; a feature's rules belong beside the feature. */
const SHARED_MAX_LINES = 1150;

function walk(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'dist' ? [] : walk(p, ext);
    return ext.test(e.name) ? [p] : [];
  });
}

const cssFiles = walk(WEB, /\.css$/).map((p) => path.relative(WEB, p).split(path.sep).join('/'));
const read = (rel: string) => fs.readFileSync(path.join(WEB, rel), 'utf8');
const stripComments = (css: string) => css.replace(/\/\*[\s\S]*?\*\//g, '');

type Rule = { prelude: string; body: string };

/** Top-level blocks of a stylesheet (comments removed): the text before each `{` and what it encloses. */
function blocks(css: string): Rule[] {
  const out: Rule[] = [];
  let i = 0;
  while (i < css.length) {
    const open = css.indexOf('{', i);
    if (open < 0) break;
    const semi = css.indexOf(';', i);
    if (semi >= 0 && semi < open) {
      i = semi + 1; // an at-statement such as `@layer a, b;`
      continue;
    }
    let depth = 0;
    let j = open;
    for (; j < css.length; j++) {
      if (css[j] === '{') depth++;
      else if (css[j] === '}' && --depth === 0) break;
    }
    out.push({ prelude: css.slice(i, open).trim(), body: css.slice(open + 1, j) });
    i = j + 1;
  }
  return out;
}

/** Every style rule's selectors, looking inside @media, @supports and @layer. */
function selectors(css: string): string[] {
  return blocks(css).flatMap(({ prelude, body }) => {
    if (/^@(media|supports|layer)\b/.test(prelude)) return selectors(body);
    if (prelude.startsWith('@')) return []; // @keyframes, @page: no class selectors
    return prelude.split(/,(?![^(]*\))/).map((s) => s.trim());
  });
}

/** The block a selector styles: its first class, without BEM element or modifier. */
function rootBlock(selector: string): string | null {
  const m = /\.(-?[_a-zA-Z][\w-]*)/.exec(selector);
  return m ? m[1]!.split(/--|__/)[0]! : null;
}

/** Where a stylesheet belongs: the shared file, a feature's folder, the workspace, the components. */
function area(rel: string): string {
  if (rel === SHARED) return 'shared';
  const parts = rel.split('/');
  return parts[0] === 'features' ? `features/${parts[1]}` : parts[0]!;
}

describe('the shared stylesheet', () => {
  const shared = read(SHARED);

  it(`stays under ${SHARED_MAX_LINES} lines`, () => {
    expect(shared.trimEnd().split('\n').length).toBeLessThanOrEqual(SHARED_MAX_LINES);
  });

  it('puts every rule in the layer `shared`, so a feature rule wins whatever order the bundle has', () => {
    const top = blocks(stripComments(shared));
    expect(top.map((b) => b.prelude)).toEqual(['@layer shared']);
    expect(stripComments(shared).replace(/@layer shared\s*\{[\s\S]*\}\s*$/, '').trim()).toBe('');
  });

  it('is imported by the entry alone', () => {
    const importers = walk(WEB, /\.tsx?$/).filter((p) => /import '[./]*styles\.css';/.test(fs.readFileSync(p, 'utf8')));
    expect(importers.map((p) => path.relative(WEB, p))).toEqual(['main.tsx']);
  });
});

describe('feature stylesheets', () => {
  it('style each class block in one area only (a block is never restyled from another feature)', () => {
    const areas = new Map<string, Set<string>>();
    for (const rel of cssFiles) {
      for (const sel of selectors(stripComments(read(rel)))) {
        const block = rootBlock(sel);
        if (!block) continue;
        areas.set(block, (areas.get(block) ?? new Set()).add(area(rel)));
      }
    }
    const spread = [...areas].filter(([, a]) => a.size > 1).map(([block, a]) => `${block}: ${[...a].sort().join(', ')}`);
    expect(spread).toEqual([]);
  });

  it('are each imported by a module beside them or below their folder', () => {
    const sources = walk(WEB, /\.tsx?$/).map((p) => ({ rel: path.relative(WEB, p).split(path.sep).join('/'), text: fs.readFileSync(p, 'utf8') }));
    const orphans = cssFiles.filter((rel) => {
      if (rel === SHARED) return false;
      return !sources.some(({ rel: src, text }) => {
        for (const m of text.matchAll(/^import '(\.[^']+\.css)';$/gm)) {
          if (path.posix.normalize(path.posix.join(path.posix.dirname(src), m[1]!)) === rel) return true;
        }
        return false;
      });
    });
    expect(orphans).toEqual([]);
  });

  it('write a colour that has a token as the token', () => {
    const tokens = new Map<string, string>();
    for (const m of read(SHARED).matchAll(/^\s*(--[\w-]+):\s*(#[0-9a-fA-F]{3,8});/gm)) tokens.set(m[2]!.toLowerCase(), m[1]!);
    // White is both the surface and the text on a dark fill; it stays a literal.
    tokens.delete('#fff');
    tokens.delete('#ffffff');
    expect(tokens.size).toBeGreaterThan(10);
    const found: string[] = [];
    for (const rel of cssFiles) {
      const css = stripComments(read(rel)).replace(/:root\s*\{[^}]*\}/, '');
      for (const m of css.matchAll(/#[0-9a-fA-F]{3,8}\b/g)) {
        const token = tokens.get(m[0].toLowerCase());
        if (token) found.push(`${rel}: ${m[0]} is var(${token})`);
      }
    }
    expect(found).toEqual([]);
  });
});
