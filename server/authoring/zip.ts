import { strToU8, strFromU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { errors } from '../http/errors';
import type { PackageFiles } from '../scenarios/package';
import { MAX_DRAFT_BYTES, MAX_DRAFT_FILES } from './drafts';

const MAX_FILE_BYTES = 1024 * 1024;
const SAFE_PATH = /^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._\-/ ]{1,300}$/;

/** A package as a .zip with one top folder named after it, as `scenarios check` reads a folder. */
export function packageZip(slug: string, files: PackageFiles): Uint8Array {
  const tree: Zippable = {};
  for (const [p, content] of [...files].sort(([a], [b]) => a.localeCompare(b))) tree[`${slug}/${p}`] = strToU8(content);
  // A fixed date keeps the bytes of one version's export the same on every download.
  return zipSync(tree, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') });
}

/**
 * Reads an uploaded package. Sizes are checked from the zip's directory before anything is
 * inflated (a small zip can expand to gigabytes); paths must stay inside the package; text
 * files only. A zip whose files all sit in one folder is read from inside that folder.
 */
export function readPackageZip(bytes: Uint8Array): PackageFiles {
  let total = 0;
  let count = 0;
  const refused: string[] = [];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (f) => {
        if (f.name.endsWith('/')) return false;
        if (f.name.split('/').some((part) => part.startsWith('.') && part !== '.' && part !== '..') || f.name.startsWith('__MACOSX/')) return false;
        count++;
        total += f.originalSize;
        if (f.originalSize > MAX_FILE_BYTES) refused.push(`${f.name} is larger than 1 MB`);
        return count <= MAX_DRAFT_FILES && total <= MAX_DRAFT_BYTES && f.originalSize <= MAX_FILE_BYTES;
      },
    });
  } catch (err) {
    throw errors.validation(`The file is not a readable .zip (${(err as Error).message}).`);
  }
  if (count > MAX_DRAFT_FILES) throw errors.validation(`The package has ${count} files; at most ${MAX_DRAFT_FILES} are allowed.`);
  if (total > MAX_DRAFT_BYTES) throw errors.validation(`The package unpacks to more than ${MAX_DRAFT_BYTES / 1024 / 1024} MB.`);
  if (refused.length > 0) throw errors.validation(`Some files are too large: ${refused.slice(0, 5).join('; ')}.`);

  const names = Object.keys(entries);
  if (names.length === 0) throw errors.validation('The .zip is empty.');
  const tops = new Set(names.map((n) => (n.includes('/') ? n.split('/')[0] : '')));
  const prefix = !entries['scenario.yaml'] && tops.size === 1 && !tops.has('') ? `${[...tops][0]}/` : '';
  const files: PackageFiles = new Map();
  const problems: string[] = [];
  for (const name of names.sort()) {
    const rel = name.slice(prefix.length);
    if (!SAFE_PATH.test(rel)) problems.push(`${name}: the path must be relative, inside the package, with letters, digits, . _ - and spaces`);
    else if (entries[name]!.includes(0)) problems.push(`${rel}: is a binary file; packages hold text files only`);
    else files.set(rel, strFromU8(entries[name]!));
  }
  if (problems.length > 0) throw errors.validation(`The package cannot be imported: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}.`);
  return files;
}
