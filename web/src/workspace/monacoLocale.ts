import { activeLocale } from '../app/locale';

/**
 * Monaco's own words (the find widget, the context menu, the command palette, hovers, its
 * aria-labels and screen-reader hints) in the interface's language.
 *
 * Monaco's ESM build looks each of its messages up by number in `globalThis._VSCODE_NLS_MESSAGES`,
 * and many are looked up once, when Monaco's modules are evaluated (menu and command labels). So
 * the table must be in place BEFORE `monaco-editor` is imported: the lazily loaded pages that use
 * Monaco (the workspace, the author's draft editor and preview, the review and version-diff
 * pages) are wrapped in `withEditorLocale` in the router, which loads the Chinese table first
 * when the interface speaks zh-CN. English needs nothing (the messages default to English), and
 * only a Chinese reader downloads the table (a chunk of its own).
 *
 * Switching the language after Monaco has loaded does not switch Monaco: the labels it already
 * made stay in the language it loaded in (only a reload switches it). Everything around the
 * editor (tabs, status bar, the editor's own aria-label) follows the switch at once.
 * TypeScript's diagnostics come from the TypeScript compiler in the worker and stay English.
 */

let chinese: Promise<void> | null = null;

/** Loads Monaco's message table for the interface's language, once; resolves at once for English. */
function loadEditorLocale(): Promise<void> {
  if (activeLocale() !== 'zh-CN') return Promise.resolve();
  // Sets globalThis._VSCODE_NLS_MESSAGES and _VSCODE_NLS_LANGUAGE ("zh-cn") when evaluated.
  chinese ??= import('monaco-editor/nls/lang/zh-cn.js').then(() => undefined);
  return chinese;
}

/** A lazy page's loader that has Monaco's messages in place before the page (and Monaco) load. */
export function withEditorLocale<T>(load: () => Promise<T>): () => Promise<T> {
  return () => loadEditorLocale().then(load);
}
