import { z } from 'zod';
import type { Msg } from '../messages';
import en from '../messages/locales/en.json' with { type: 'json' };

/**
 * The one rule for the path of a file in a package, a draft, a workspace (an attempt or a
 * preview) and a zip, on the server and in the browser alike (so no Node imports here).
 *
 * A path is names joined by `/`, relative to the package (or workspace) folder. Names are plain:
 * ASCII letters, digits, `.`, `_`, `-` and inner spaces. Refused, each with its own reason:
 * absolute paths, `..` and `.`, empty names (`a//b`), names starting with a dot (`.git/config`,
 * `.env`: no package needs them, and git, npm and editors act on them once a package is unpacked
 * on someone's machine), leading or trailing spaces and trailing dots (Windows drops them, so two
 * paths would become one), control characters, backslashes, anything outside ASCII (look-alike
 * letters, Unicode normalisation differing by file system), the device names Windows reserves
 * (`con`, `aux.js`), and overlong names and paths.
 */

/** A path is at most this many characters (ASCII only, so also bytes). */
export const MAX_PATH_CHARS = 300;
/** One folder or file name is at most this many characters. */
export const MAX_NAME_CHARS = 100;

const NAME_CHAR = /^[A-Za-z0-9._\- ]$/;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Names Windows keeps for devices, with or without an extension (`nul`, `COM1.txt`). */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a path is refused: a key of the server's message catalog (server/messages, `path.*`) and its parameters. */
export type PathReason = Msg;

/**
 * Why `path` cannot name a file, in words that follow the field's name ("payload.path: a folder
 * name may not start with a dot: .git"), or null when it can: a catalog message, so the reader
 * gets it in their language (the server's errors carry it as a key).
 */
export function filePathReason(path: string): PathReason | null {
  if (path.length === 0) return { key: 'path.empty' };
  if (path.length > MAX_PATH_CHARS) return { key: 'path.tooLong', params: { max: MAX_PATH_CHARS } };
  const control = CONTROL.exec(path);
  if (control) return { key: 'path.control', params: { codePoint: codePoint(control[0]) } };
  if (path.includes('\\')) return { key: 'path.backslash' };
  if (path.startsWith('/')) return { key: 'path.absolute' };
  if (path.endsWith('/')) return { key: 'path.folder' };
  const names = path.split('/');
  for (const [i, name] of names.entries()) {
    const kind = i === names.length - 1 ? 'file' : 'folder';
    const problem = nameReason(name, kind);
    if (problem) return problem;
  }
  return null;
}

function nameReason(name: string, kind: 'file' | 'folder'): PathReason | null {
  if (name === '') return { key: 'path.emptyName' };
  if (name === '.' || name === '..') return { key: 'path.dots', params: { name } };
  if (name.startsWith('.')) return { key: 'path.dotStart', params: { kind, name } };
  if (name.startsWith(' ') || name.endsWith(' ')) return { key: 'path.spaceEdge', params: { kind, name } };
  const odd = [...name].find((c) => !NAME_CHAR.test(c));
  if (odd) return { key: 'path.oddChar', params: { kind, char: odd, name } };
  if (name.endsWith('.')) return { key: 'path.dotEnd', params: { kind, name } };
  if (name.length > MAX_NAME_CHARS) return { key: 'path.nameTooLong', params: { kind, max: MAX_NAME_CHARS, start: name.slice(0, 24) } };
  if (WINDOWS_DEVICE.test(name)) return { key: 'path.device', params: { kind, name } };
  return null;
}

/**
 * `filePathReason` in English, for the browser's own checks. The English catalog's path messages
 * use plain `{name}` placeholders only, so they are filled here without the ICU runtime.
 */
export function filePathProblem(path: string): string | null {
  const reason = filePathReason(path);
  return reason ? pathReasonText(reason) : null;
}

/** A path reason in English (its messages have plain placeholders, no plurals). */
export function pathReasonText(reason: PathReason): string {
  const text = reason.key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], en) as string;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(reason.params?.[name] ?? ''));
}

/** Whether a schema issue's message is one of the path reasons' keys (FilePath's refinement). */
export function isPathReasonKey(message: string): boolean {
  return /^path\.\w+$/.test(message) && typeof (en.path as Record<string, unknown>)[message.slice(5)] === 'string';
}

export const isFilePath = (path: string): boolean => filePathProblem(path) === null;

/** The rule as a schema field: the reason becomes the field's message. */
export const FilePath = z.string().superRefine((path, ctx) => {
  const problem = filePathReason(path);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.key, ...(problem.params ? { params: problem.params } : {}) });
});
