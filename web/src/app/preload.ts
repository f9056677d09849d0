import { withEditorLocale } from '../workspace/monacoLocale';
import { loadAllCatalogs } from './i18n';

/** A lazy page's loader that also has every translation catalog in place before the page renders. */
export function withCatalogs<T>(load: () => Promise<T>): () => Promise<T> {
  return () => Promise.all([load(), loadAllCatalogs()]).then(([module]) => module);
}

/**
 * The workspace's code (its page, Monaco and Monaco's messages in the reader's language), loaded
 * once: the router's lazy page and the preloads below share this promise, so a preload that ran
 * while the student read the home page makes Start open the editor without waiting for megabytes.
 */
let workspace: Promise<typeof import('../workspace/WorkspacePage')> | null = null;
const loadWorkspaceOnce = withCatalogs(withEditorLocale(() => import('../workspace/WorkspacePage')));

export function loadWorkspacePage(): Promise<typeof import('../workspace/WorkspacePage')> {
  workspace ??= loadWorkspaceOnce().catch((error: unknown) => {
    // A failed download (offline for a moment) is tried again by the next caller.
    workspace = null;
    throw error;
  });
  return workspace;
}

/** Starts loading the workspace now, for the click that is about to come (pointerdown on Start). */
export function preloadWorkspace(): void {
  loadWorkspacePage().catch(() => undefined);
}

/**
 * Runs `preload` when the browser has nothing else to do (the page has drawn and the person is
 * reading it), so a preload never competes with what is on screen. Returns the cancel, for an
 * effect's cleanup.
 */
export function whenIdle(preload: () => void): () => void {
  // Safari has no requestIdleCallback; a short timeout after the page settled does the same job.
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(() => preload(), { timeout: 3_000 });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(preload, 1_000);
  return () => window.clearTimeout(id);
}
