import { useEffect, useState } from 'react';
import { EVENTS_READ_MAX } from '../../../server/contract/realtime';
import type { AttemptView } from '../../../server/contract/workspace';
import { useAppDispatch, useAppSelector } from '../app/hooks';
import type { WorkspaceSource } from './source';
import { eventsRead, selectReadEvents } from './workspaceSlice';

type Options = {
  /** The inbox is on screen. */
  shown: boolean;
  /** Only the attempt's own student (or the preview's author) marks messages read; a teacher reads without marking. */
  canMark: boolean;
  ready: boolean;
};

/**
 * Inbox read state. A message counts as read once the inbox is on screen, and stays marked
 * "new" while it is (`fresh`). It is marked in the store at once and kept by the source (for an
 * attempt, on the server, so every device agrees); a mark the source could not keep (the link
 * was down) is sent again with the next copy of the attempt (a reconnect's join).
 */
export function useInboxRead(attempt: AttemptView, source: WorkspaceSource, { shown, canMark, ready }: Options): { unread: Set<string>; fresh: Set<string> } {
  const dispatch = useAppDispatch();
  const readHere = useAppSelector(selectReadEvents);
  const unread = new Set(attempt.events.filter((e) => !e.readAt && !readHere.includes(e.id)).map((e) => e.id));

  const [fresh, setFresh] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (!shown) {
      setFresh((f) => (f.size ? new Set() : f));
      return;
    }
    if (unread.size === 0 || !ready || !canMark) return;
    setFresh((f) => new Set([...f, ...unread]));
    dispatch(eventsRead([...unread]));
  // eslint-disable-next-line react-hooks/exhaustive-deps -- unread is a new Set each render: its size stands for it
  }, [shown, unread.size, ready, canMark, dispatch]);

  const unsent = attempt.events
    .filter((e) => !e.readAt && readHere.includes(e.id))
    .map((e) => e.id)
    .join(' ');
  useEffect(() => {
    if (!canMark || !ready || !unsent) return;
    // In parts: once one is kept, the view changes and the effect sends the next.
    void source.markRead(dispatch, unsent.split(' ').slice(0, EVENTS_READ_MAX));
  // attempt.serverTime: a new copy of the attempt (a reconnect) sends what is still unsent
  }, [unsent, ready, attempt.serverTime, canMark, dispatch, source]);

  return { unread, fresh };
}
