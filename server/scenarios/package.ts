import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { filePathProblem } from '../contract/paths';
import { lintPackage, type CompetencyLookup, type LintOptions, type PackageFiles, type PackageProblem } from './lint';
import type { ScenarioManifestT } from './schema';

export { formatProblem, type PackageFiles, type PackageProblem } from './lint';

export type ScenarioPackage = {
  slug: string;
  manifest: ScenarioManifestT;
  /** Every text file of the package by its path inside the package (`workspace/src/quote.js`). */
  files: PackageFiles;
  /** SHA-256 over the sorted files: an unchanged package has the same hash. */
  contentHash: string;
};

const MAX_FILE_BYTES = 1024 * 1024;
/** A package folder (and a draft, and an imported zip) holds at most this many files. */
export const MAX_PACKAGE_FILES = 500;

/**
 * Reads a package folder into memory; binary or oversized files, and files whose path the file
 * rule refuses, are reported, not read. What git, editors and npm keep beside the package
 * (`.git/`, `.gitignore`, `.DS_Store`, `node_modules/`) is left out unread: a package kept in
 * git always has some, and none of it can be a package file (the rule refuses dot names).
 */
export function readPackageFiles(dir: string): { files: PackageFiles; problems: PackageProblem[] } {
  const files: PackageFiles = new Map();
  const problems: PackageProblem[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(relPath);
      else if (entry.isFile()) {
        const pathProblem = filePathProblem(relPath);
        if (pathProblem) {
          problems.push({ file: relPath, message: pathProblem });
          continue;
        }
        const full = path.join(dir, relPath);
        const size = fs.statSync(full).size;
        if (size > MAX_FILE_BYTES) problems.push({ file: relPath, message: `is larger than 1 MB (${size} bytes)` });
        else if (files.size >= MAX_PACKAGE_FILES) problems.push({ file: relPath, message: `the package has more than ${MAX_PACKAGE_FILES} files` });
        else {
          const buf = fs.readFileSync(full);
          if (buf.includes(0)) problems.push({ file: relPath, message: 'is a binary file; packages hold text files only' });
          else files.set(relPath, buf.toString('utf8'));
        }
      }
    }
  };
  walk('');
  return { files, problems };
}

export function hashFiles(files: PackageFiles): string {
  const h = createHash('sha256');
  for (const key of [...files.keys()].sort()) h.update(key).update('\0').update(files.get(key)!).update('\0');
  return h.digest('hex');
}

/** The files of one folder of the package (`workspace/`, `solution/`) keyed by their path inside it. */
export function subtree(files: PackageFiles, folder: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [p, content] of files) if (p.startsWith(`${folder}/`)) out.set(p.slice(folder.length + 1), content);
  return out;
}

/**
 * Loads and validates a package folder: reads it, then runs the same checks the authoring
 * editor runs (lintPackage).
 */
export function loadPackage(dir: string, framework: CompetencyLookup): { pkg?: ScenarioPackage; problems: PackageProblem[] } {
  const slug = path.basename(path.resolve(dir));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return { problems: [{ file: dir, message: 'is not a folder' }] };
  const { files, problems } = readPackageFiles(dir);
  return packageFromFiles(slug, files, framework, problems, { nameFrom: 'folder' });
}

/** A package held in memory (a draft, an uploaded zip): the same checks as a folder. */
export function packageFromFiles(
  slug: string,
  files: PackageFiles,
  framework: CompetencyLookup,
  readProblems: PackageProblem[] = [],
  opts: LintOptions = {},
): { pkg?: ScenarioPackage; problems: PackageProblem[] } {
  const { manifest, problems } = lintPackage(slug, files, framework, readProblems, opts);
  if (!manifest) return { problems };
  return { pkg: { slug, manifest, files, contentHash: hashFiles(files) }, problems };
}
