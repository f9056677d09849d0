import { z } from 'zod';

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

/**
 * Why `path` cannot name a file, in words that follow the field's name ("payload.path: a folder
 * name may not start with a dot: .git"), or null when it can.
 */
export function filePathProblem(path: string): string | null {
  if (path.length === 0) return 'is empty: give the file name with its folders, e.g. src/quote.js';
  if (path.length > MAX_PATH_CHARS) return `is longer than ${MAX_PATH_CHARS} characters`;
  const control = CONTROL.exec(path);
  if (control) return `contains a control character (${codePoint(control[0])})`;
  if (path.includes('\\')) return 'contains a backslash: separate folders with /';
  if (path.startsWith('/')) return 'must be relative to the package: no / at the start';
  if (path.endsWith('/')) return 'ends with /: name a file, not a folder';
  const names = path.split('/');
  for (const [i, name] of names.entries()) {
    const kind = i === names.length - 1 ? 'file' : 'folder';
    const problem = nameProblem(name, kind);
    if (problem) return problem;
  }
  return null;
}

function nameProblem(name: string, kind: 'file' | 'folder'): string | null {
  if (name === '') return 'has an empty folder name (two / in a row)';
  if (name === '.' || name === '..') return `may not contain ${name} as a folder: a path stays inside the package`;
  if (name.startsWith('.')) return `a ${kind} name may not start with a dot: ${name}`;
  if (name.startsWith(' ') || name.endsWith(' ')) return `a ${kind} name may not start or end with a space: "${name}"`;
  const odd = [...name].find((c) => !NAME_CHAR.test(c));
  if (odd) return `a ${kind} name may use only letters A-Z, digits, spaces and . _ - ("${odd}" in ${name})`;
  if (name.endsWith('.')) return `a ${kind} name may not end with a dot: ${name}`;
  if (name.length > MAX_NAME_CHARS) return `a ${kind} name is longer than ${MAX_NAME_CHARS} characters: ${name.slice(0, 24)}…`;
  if (WINDOWS_DEVICE.test(name)) return `a ${kind} name may not be one Windows keeps for a device: ${name}`;
  return null;
}

export const isFilePath = (path: string): boolean => filePathProblem(path) === null;

/** The rule as a schema field: the reason becomes the field's message. */
export const FilePath = z.string().superRefine((path, ctx) => {
  const problem = filePathProblem(path);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
