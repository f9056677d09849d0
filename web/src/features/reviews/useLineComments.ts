import i18next from 'i18next';
import { useCallback, useMemo, useState, type Dispatch, type RefObject, type SetStateAction } from 'react';
import type { ReviewItemDetail } from '../../../../server/contract/review';
import type { DiffComment, DiffViewHandle } from './DiffView';
import type { Composer, ListedComment } from './LineComments';
import type { ReviewDraft } from './reviewDraft';

function newId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

type Options = {
  detail: ReviewItemDetail;
  draft: ReviewDraft;
  setDraft: Dispatch<SetStateAction<ReviewDraft>>;
  editing: boolean;
  canComment: boolean;
  activePath: string | null;
  /** The signed-in user's name: saved comments by it read "You". */
  userName: string;
  diffRef: RefObject<DiffViewHandle | null>;
};

/**
 * The review's line comments: the saved ones, this device's draft ones, and the composer that
 * writes or edits one into the draft; focus goes back to the code when it closes.
 */
export function useLineComments({ detail, draft, setDraft, editing, canComment, activePath, userName, diffRef }: Options) {
  const [composer, setComposer] = useState<Composer | null>(null);
  const openComposer = useCallback(
    (line: number) => {
      if (!canComment || !activePath) return;
      setComposer({ path: activePath, line, body: '', editingId: null });
    },
    [canComment, activePath],
  );
  const saveComposer = () => {
    if (!composer) return;
    const body = composer.body.trim();
    if (!body) return;
    setDraft((d) => ({
      ...d,
      comments: composer.editingId
        ? d.comments.map((c) => (c.id === composer.editingId ? { ...c, body } : c))
        : [...d.comments, { id: newId(), path: composer.path, line: composer.line, body }],
    }));
    setComposer(null);
    diffRef.current?.focus();
  };
  const cancelComposer = () => {
    setComposer(null);
    diffRef.current?.focus();
  };

  // Comments carry the author's name only; yours are the ones with your name.
  const savedComments: ListedComment[] = detail.comments.map((c) => ({
    id: c.id,
    path: c.path,
    line: c.line,
    body: c.body,
    author: c.author === null ? i18next.t('reviews:reviewer') : c.author === userName ? i18next.t('reviews:you') : c.author,
    draft: false,
  }));
  const draftComments: ListedComment[] = editing ? draft.comments.map((c) => ({ ...c, author: i18next.t('reviews:you'), draft: true })) : [];
  const allComments = [...savedComments, ...draftComments];
  // eslint-disable-next-line react-hooks/exhaustive-deps -- allComments is built again each render from these three
  const diffComments: DiffComment[] = useMemo(() => allComments.map(({ id, path, line, body, draft: isDraft }) => ({ id, path, line, body, draft: isDraft })), [detail.comments, draft.comments, editing]);
  const commentsByPath = useMemo(() => {
    const m = new Map<string, number>();
    for (const c of allComments) m.set(c.path, (m.get(c.path) ?? 0) + 1);
    return m;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- as diffComments
  }, [detail.comments, draft.comments, editing]);
  return { composer, setComposer, openComposer, saveComposer, cancelComposer, allComments, diffComments, commentsByPath };
}
