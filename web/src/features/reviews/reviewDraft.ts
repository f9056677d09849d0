/**
 * A review in progress (levels, line comments, overall comment) kept in localStorage per
 * reviewer and item, so a reload or a closed laptop loses nothing. The server sees it only on
 * submit; a submitted review drops it.
 */
export type DraftComment = { id: string; path: string; line: number; body: string };

export type ReviewDraft = {
  levels: Record<string, number>;
  comments: DraftComment[];
  overall: string;
  /** Moderating work one scored oneself: the note on the record. */
  note: string;
};

export const EMPTY_DRAFT: ReviewDraft = { levels: {}, comments: [], overall: '', note: '' };

const PREFIX = 'practicum:review-draft:';
const keyOf = (userId: string, itemId: string) => `${PREFIX}${userId}:${itemId}`;

export function loadReviewDraft(userId: string, itemId: string): ReviewDraft {
  try {
    const value = JSON.parse(localStorage.getItem(keyOf(userId, itemId)) ?? 'null') as Partial<ReviewDraft> | null;
    if (!value || typeof value !== 'object') return EMPTY_DRAFT;
    const levels: Record<string, number> = {};
    for (const [id, level] of Object.entries(value.levels ?? {})) if (Number.isInteger(level)) levels[id] = level;
    const comments = Array.isArray(value.comments)
      ? value.comments.filter(
          (c): c is DraftComment => typeof c?.id === 'string' && typeof c.path === 'string' && Number.isInteger(c.line) && typeof c.body === 'string',
        )
      : [];
    return { levels, comments, overall: typeof value.overall === 'string' ? value.overall : '', note: typeof value.note === 'string' ? value.note : '' };
  } catch {
    return EMPTY_DRAFT; // unreadable storage: start empty
  }
}

export function isEmptyDraft(draft: ReviewDraft): boolean {
  return Object.keys(draft.levels).length === 0 && draft.comments.length === 0 && draft.overall.trim() === '' && draft.note.trim() === '';
}

/** False when the browser refused (storage full or disabled): the draft then lives in memory only. */
export function saveReviewDraft(userId: string, itemId: string, draft: ReviewDraft): boolean {
  try {
    if (isEmptyDraft(draft)) localStorage.removeItem(keyOf(userId, itemId));
    else localStorage.setItem(keyOf(userId, itemId), JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

export function dropReviewDraft(userId: string, itemId: string): void {
  try {
    localStorage.removeItem(keyOf(userId, itemId));
  } catch {
    // nothing to do
  }
}
