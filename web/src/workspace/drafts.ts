/**
 * Unsaved edits, kept in localStorage per attempt and file, so a reload, a crash or a closed
 * laptop while offline loses nothing. A draft names the revision it was based on, so a draft
 * older than the server's file is recognised as a conflict instead of overwriting it.
 */
export type Draft = { base: number; content: string; at: number };

const PREFIX = 'practicum:draft:';
const keyOf = (attemptId: string, path: string) => `${PREFIX}${attemptId}:${path}`;

export function saveDraft(attemptId: string, path: string, base: number, content: string): boolean {
  try {
    localStorage.setItem(keyOf(attemptId, path), JSON.stringify({ base, content, at: Date.now() } satisfies Draft));
    return true;
  } catch {
    return false; // storage full or disabled: the edit is still in memory
  }
}

export function dropDraft(attemptId: string, path: string): void {
  try {
    localStorage.removeItem(keyOf(attemptId, path));
  } catch {
    // nothing to do
  }
}

export function loadDrafts(attemptId: string): Record<string, Draft> {
  const drafts: Record<string, Draft> = {};
  const prefix = keyOf(attemptId, '');
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (!key?.startsWith(prefix)) continue;
      const value = JSON.parse(localStorage.getItem(key) ?? 'null') as Draft | null;
      if (value && typeof value.content === 'string' && typeof value.base === 'number') drafts[key.slice(prefix.length)] = value;
    }
  } catch {
    // unreadable storage: no drafts
  }
  return drafts;
}

export function dropAllDrafts(attemptId: string): void {
  for (const path of Object.keys(loadDrafts(attemptId))) dropDraft(attemptId, path);
}

const READ_PREFIX = 'practicum:read:';

/**
 * Which inbox messages were seen in this browser: an author's preview keeps them here (nothing
 * of a preview is stored); an attempt's are kept on the server, and what an older version of
 * the page kept here is handed over with the next mark, then dropped.
 */
export function loadReadEvents(key: string): string[] {
  try {
    const value = JSON.parse(localStorage.getItem(READ_PREFIX + key) ?? '[]') as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function saveReadEvents(key: string, ids: string[]): void {
  try {
    localStorage.setItem(READ_PREFIX + key, JSON.stringify(ids));
  } catch {
    // only the badge is affected
  }
}

export function dropReadEvents(key: string): void {
  try {
    localStorage.removeItem(READ_PREFIX + key);
  } catch {
    // nothing to do
  }
}
