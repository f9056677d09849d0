/**
 * Whether a page is the first of this visit (or of a reload), which keeps the browser's own focus
 * handling; later pages move focus to their heading (usePageHeading). Keys are react-router's
 * history keys: 'default' on a fresh load, the saved key after a reload. Apart from Page.tsx so
 * the sign-in page's own entry (SignInScreen.tsx, without the router) records its visit too: the
 * page after signing in is then a later page and takes focus, as it does in the router.
 */
let loadedKey: string | null = null;

export function isFirstPage(key: string): boolean {
  loadedKey ??= key;
  return key === 'default' || key === loadedKey;
}

/** The key react-router gives the history entry the document is on now. */
export function currentHistoryKey(): string {
  const state = window.history.state as { key?: unknown } | null;
  return typeof state?.key === 'string' && state.key !== '' ? state.key : 'default';
}
