import type { TaskT } from '../scenarios/schema';

/**
 * The workspace file a task is about, which the editor opens first: the first workspace file
 * its checks name — an SQL check's `submission`, a file check's `file`, or the first workspace
 * module a test file loads (`require('./src/quote.js')`, `import … from './quote'`), resolved
 * as the sandbox's loader does (a test file sits at the workspace root). Answer checks are
 * left out: the answers form edits answers.json. Only the path leaves the server, never the
 * test file.
 */
export function taskFile(task: TaskT, files: ReadonlyMap<string, string>): string | null {
  const starter = (p: string) => files.has(`workspace/${p}`);
  for (const check of task.checks) {
    if (check.kind === 'sql') return check.submission;
    if (check.kind === 'file') return check.file;
    if (check.kind === 'js' || check.kind === 'ts') {
      const source = files.get(check.file) ?? '';
      for (const spec of moduleSpecifiers(source)) {
        const found = resolveModule(spec, starter);
        if (found) return found;
      }
    }
  }
  return null;
}

const SPECIFIER = /(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bfrom\s+|^\s*import\s+)(['"])(\.{1,2}\/[^'"\n]+)\1/gm;

function moduleSpecifiers(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((m) => m[2]!);
}

/** `./src/quote` → `src/quote.js` when the starter has it; the sandbox loader's candidates, in its order. */
function resolveModule(spec: string, exists: (path: string) => boolean): string | null {
  const parts: string[] = [];
  for (const p of spec.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  const base = parts.join('/');
  const candidates = [base, `${base}.js`, `${base}.ts`, `${base}.mjs`, `${base}.cjs`, `${base}/index.js`, `${base}/index.ts`];
  if (base.endsWith('.js')) candidates.push(`${base.slice(0, -3)}.ts`);
  return candidates.find((c) => c.length > 0 && exists(c)) ?? null;
}
