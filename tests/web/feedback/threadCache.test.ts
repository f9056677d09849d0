import { describe, expect, it } from 'vitest';
import type { CommentView, ThreadView } from '../../../server/contract/feedback';
import { addComment, sameThread } from '../../../web/src/features/feedback/threadCache';

const comment = (id: string, createdAt: string, parentId: string | null = null): CommentView => ({
  id,
  parentId,
  author: { id: 'u1', name: 'Li Wei', affiliation: null },
  body: `comment ${id}`,
  createdAt,
  replies: [],
});

const thread = (): ThreadView => ({ kind: 'scenario_version', subjectId: 'v1', count: 2, comments: [{ ...comment('a', '2026-01-01T10:00:00Z'), replies: [comment('a1', '2026-01-01T11:00:00Z', 'a')] }] });

describe('addComment', () => {
  it('adds a top-level comment once, oldest first', () => {
    const t = thread();
    expect(addComment(t, comment('b', '2026-01-02T10:00:00Z'))).toBe('added');
    expect(addComment(t, comment('b', '2026-01-02T10:00:00Z'))).toBe('known');
    expect(t.comments.map((c) => c.id)).toEqual(['a', 'b']);
    expect(t.count).toBe(3);
  });

  it('puts a reply under its parent and skips one already shown', () => {
    const t = thread();
    expect(addComment(t, comment('a2', '2026-01-01T12:00:00Z', 'a'))).toBe('added');
    expect(addComment(t, comment('a1', '2026-01-01T11:00:00Z', 'a'))).toBe('known');
    expect(t.comments[0]!.replies.map((r) => r.id)).toEqual(['a1', 'a2']);
    expect(t.count).toBe(3);
  });

  it('reports a reply whose parent is not shown, without adding it', () => {
    const t = thread();
    expect(addComment(t, comment('x1', '2026-01-03T10:00:00Z', 'x'))).toBe('orphan');
    expect(t.count).toBe(2);
  });

  it('matches the thread whatever the case of its id', () => {
    expect(sameThread({ kind: 'scenario_version', subjectId: 'ABC' }, { kind: 'scenario_version', subjectId: 'abc' })).toBe(true);
    expect(sameThread({ kind: 'report_section', subjectId: 'abc' }, { kind: 'scenario_version', subjectId: 'abc' })).toBe(false);
  });
});
