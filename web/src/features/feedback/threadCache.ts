import type { CommentView, ThreadView } from '../../../../server/contract/feedback';

export type Added = 'added' | 'known' | 'orphan';

/**
 * Puts a comment that arrived live into a thread: once (a comment already shown, ours from the
 * POST answer or a replayed event, is skipped), replies under their parent, oldest first. A reply
 * whose parent is not shown yet is an `orphan`: the caller reloads the thread instead.
 */
export function addComment(thread: ThreadView, comment: CommentView): Added {
  const known = thread.comments.some((c) => c.id === comment.id || c.replies.some((r) => r.id === comment.id));
  if (known) return 'known';
  const byTime = (a: CommentView, b: CommentView) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
  if (comment.parentId) {
    const parent = thread.comments.find((c) => c.id === comment.parentId);
    if (!parent) return 'orphan';
    parent.replies.push({ ...comment, replies: [] });
    parent.replies.sort(byTime);
  } else {
    thread.comments.push({ ...comment, replies: comment.replies ?? [] });
    thread.comments.sort(byTime);
  }
  thread.count += 1;
  return 'added';
}

export const sameThread = (a: { kind: string; subjectId: string }, b: { kind: string; subjectId: string }) =>
  a.kind === b.kind && a.subjectId.toLowerCase() === b.subjectId.toLowerCase();
