/**
 * Paths a student-facing text names (`src/quote.js` in backticks, `[the log](logs/app.log)`),
 * so validation can refuse a brief that points at a file the package does not have. Only what
 * looks like a package-relative file path counts: a folder and a file name with an extension,
 * nothing absolute, no URL, no spaces, and nothing inside a fenced code block (shell examples
 * name paths of other machines). Pure: the editor runs it in the browser.
 */

export type PathReference = { path: string; line: number };

const FILE_PATH = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)+[A-Za-z0-9_-][A-Za-z0-9._-]*\.[A-Za-z][A-Za-z0-9]{0,7}$/;
const CODE_SPAN = /(`+)([^`]+?)\1/g;
const LINK = /\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

export function looksLikeFilePath(text: string): boolean {
  return FILE_PATH.test(text) && !text.split('/').includes('..');
}

export function pathReferences(markdown: string): PathReference[] {
  const out: PathReference[] = [];
  let fence: string | null = null;
  for (const [i, line] of markdown.split('\n').entries()) {
    const opening = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (opening) {
      if (fence === null) fence = opening[1]![0]!;
      else if (opening[1]![0] === fence) fence = null;
      continue;
    }
    if (fence !== null || /^( {4}|\t)/.test(line)) continue;
    for (const m of line.matchAll(CODE_SPAN)) {
      const text = m[2]!.trim();
      if (looksLikeFilePath(text)) out.push({ path: text, line: i + 1 });
    }
    for (const m of line.replace(CODE_SPAN, '').matchAll(LINK)) {
      const target = m[1]!.replace(/[#?].*$/, '').replace(/^\.\//, '');
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target) && looksLikeFilePath(target)) out.push({ path: target, line: i + 1 });
    }
  }
  return out;
}

/**
 * Where a named path may live: the student's workspace (what they see), the solution (a file
 * the task asks them to create), or the package itself (`fixtures/…`, for authors' notes).
 */
export function referenceExists(path: string, files: { has(path: string): boolean }): boolean {
  return files.has(`workspace/${path}`) || files.has(`solution/${path}`) || files.has(path);
}
