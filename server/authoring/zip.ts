import { strToU8, Unzip, UnzipInflate, zipSync, type Zippable } from 'fflate';
import { DRAFT_FILE_MAX_BYTES } from '../contract/authoring';
import { filePathReason, isFilePath } from '../contract/paths';
import { errors } from '../http/errors';
import { issueOf, textReason, type FieldIssue } from '../http/validate';
import { msg, type Msg } from '../messages';
import type { PackageFiles } from '../scenarios/package';
import { MAX_DRAFT_BYTES, MAX_DRAFT_FILES } from './drafts';

/** As a file saved in the editor: what can be imported can be edited again. */
const MAX_FILE_BYTES = DRAFT_FILE_MAX_BYTES;

/**
 * A package as a .zip with one top folder named after it, as `scenarios check` reads a folder.
 * A path the file rule refuses is never written, whatever the package holds (a version
 * published before the rule could hold `.git/config`): unpacking the zip must not plant it.
 */
export function packageZip(slug: string, files: PackageFiles): Uint8Array {
  const tree: Zippable = {};
  for (const [p, content] of [...files].sort(([a], [b]) => a.localeCompare(b))) if (isFilePath(p)) tree[`${slug}/${p}`] = strToU8(content);
  // A fixed date keeps the bytes of one version's export the same on every download.
  return zipSync(tree, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') });
}

/** Bytes fed to the inflater at a time: one step can expand to at most ~1000× this before we count. */
const CHUNK = 16 * 1024;

/**
 * Reads an uploaded package. The sizes a zip declares are not trusted: the data is inflated in
 * small steps and the real bytes are counted, so a zip bomb stops at the limit (a few MB of work)
 * instead of inflating gigabytes. Every path must meet the file rule (a refused one refuses the zip,
 * naming the entry and why); text files only, in UTF-8.
 * A zip whose files all sit in one folder is read from inside that folder.
 */
export function readPackageZip(bytes: Uint8Array): PackageFiles {
  const chunksOf = new Map<string, Uint8Array[]>();
  let total = 0;
  let count = 0;
  let refusal: Msg | null = null;
  const refuse = (message: Msg) => {
    refusal ??= message;
  };
  const unzip = new Unzip((file) => {
    if (refusal || file.name.endsWith('/')) return;
    // What macOS's zip tool adds is no one's content; every other entry meets the path rule below.
    if (isOsArtefact(file.name)) return;
    if (++count > MAX_DRAFT_FILES) return refuse(msg('authoring.zip.tooManyFiles', { max: String(MAX_DRAFT_FILES) }));
    const chunks: Uint8Array[] = [];
    let size = 0;
    chunksOf.set(file.name, chunks);
    file.ondata = (err, chunk) => {
      if (refusal) return;
      if (err) return refuse(msg('authoring.zip.cannotUnpack', { name: file.name, error: err.message }));
      size += chunk.length;
      total += chunk.length;
      if (size > MAX_FILE_BYTES) {
        file.terminate();
        return refuse(msg('authoring.zip.fileTooLarge', { name: file.name, kb: String(MAX_FILE_BYTES / 1024) }));
      }
      if (total > MAX_DRAFT_BYTES) {
        file.terminate();
        return refuse(msg('authoring.zip.tooLarge', { mb: MAX_DRAFT_BYTES / 1024 / 1024 }));
      }
      chunks.push(chunk);
    };
    try {
      file.start();
    } catch (err) {
      refuse(msg('authoring.zip.compression', { name: file.name, error: (err as Error).message }));
    }
  });
  unzip.register(UnzipInflate);
  try {
    for (let i = 0; i < bytes.length && !refusal; i += CHUNK) unzip.push(bytes.subarray(i, i + CHUNK), i + CHUNK >= bytes.length);
  } catch (err) {
    throw errors.validation(msg('authoring.zip.unreadable', { error: (err as Error).message }));
  }
  if (refusal) throw errors.validation(refusal);

  const names = [...chunksOf.keys()];
  if (names.length === 0) throw errors.validation(msg('authoring.zip.empty'));
  const tops = new Set(names.map((n) => (n.includes('/') ? n.split('/')[0] : '')));
  const prefix = !chunksOf.has('scenario.yaml') && tops.size === 1 && !tops.has('') ? `${[...tops][0]}/` : '';
  const files: PackageFiles = new Map();
  const problems: FieldIssue[] = [];
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  for (const name of names.sort()) {
    const rel = name.slice(prefix.length);
    const data = concat(chunksOf.get(name)!);
    const pathProblem = filePathReason(rel);
    if (pathProblem) problems.push(issueOf(shortened(name), pathProblem));
    else if (data.includes(0)) problems.push(issueOf(rel, msg('authoring.zip.binary')));
    else {
      try {
        const text = utf8.decode(data);
        // The rule every request's text follows (a strict decoder already refuses most of it).
        const problem = textReason(text);
        if (problem) problems.push(issueOf(rel, problem));
        else files.set(rel, text);
      } catch {
        problems.push(issueOf(rel, msg('authoring.zip.notUtf8')));
      }
    }
  }
  if (problems.length > 0) {
    const list = problems
      .slice(0, 5)
      .map((p) => `${p.field}: ${p.message}`)
      .join('; ');
    throw errors.validation(msg('authoring.zip.problems', { problems: list, more: Math.max(0, problems.length - 5) }), problems);
  }
  return files;
}

/** An entry's name as the refusal quotes it: a zip may carry names of 64 KB. */
const shortened = (name: string) => (name.length > 120 ? `${name.slice(0, 120)}…` : name);

/** macOS resource forks and Finder's folder settings: added by the zip tool, never by an author. */
const isOsArtefact = (name: string) => name.startsWith('__MACOSX/') || name === '.DS_Store' || name.endsWith('/.DS_Store');

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
