import i18next from 'i18next';
import { useEffect, useRef } from 'react';
import { ServerEvents } from '../../../server/contract/realtime';
import type { AttemptView, CheckResultView, DeliveredEvent, EventsRead } from '../../../server/contract/workspace';
import { useAppDispatch } from '../app/hooks';
import { onConnected, onServerEvent, request } from '../app/socket';
import type { SaveQueue } from './autosave';
import { withReadAt, type WorkspaceSource } from './source';
import { checkResultArrived, checksFinished, serverSynced } from './workspaceSlice';

type Handlers = {
  onEvent: (event: DeliveredEvent) => void;
  onSubmitted: (reason: 'student' | 'deadline') => void;
};

/**
 * The attempt's (or preview's) live link: joins its room on every connection the server does
 * not remember (first connect, or a reconnect without recovery), takes the server's state from
 * the join (newer files, events delivered meanwhile), then sends the edits kept while offline.
 */
export function useAttemptRoom(source: WorkspaceSource, saver: SaveQueue | null, handlers: Handlers): void {
  const dispatch = useAppDispatch();
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  useEffect(() => {
    if (!saver) return;
    const mine = (payload: { attemptId?: string }) => payload.attemptId === source.id;
    const refetch = () => source.reload(dispatch);
    const offs = [
      onConnected((recovered) => {
        void (async () => {
          if (!recovered) {
            // The reader's language chooses the scenario's texts when the package is written in it.
            const ack = await request<AttemptView>(source.joinEvent, { ...source.ref, lang: i18next.language });
            if (ack.ok) {
              source.put(dispatch, ack.data);
              dispatch(serverSynced({ files: ack.data.files }));
              saver.pruneDrafts();
            }
          }
          await saver.flushAll();
        })();
      }),
      onServerEvent<{ attemptId: string; event: DeliveredEvent; byLanguage?: Partial<Record<string, DeliveredEvent>>; unlocks: string | null }>(ServerEvents.eventDelivered, (payload) => {
        if (!mine(payload)) return;
        let shown = payload.event;
        source.edit(dispatch, (draft) => {
          // A bilingual package's message comes in each of its languages: the one the scenario is shown in.
          shown = payload.byLanguage?.[draft.scenario.language] ?? payload.event;
          if (!draft.events.some((e) => e.id === shown.id)) draft.events.push(shown);
        });
        // A task opened: its instructions and checks come with a fresh copy of the attempt.
        if (payload.unlocks) refetch();
        handlersRef.current.onEvent(shown);
      }),
      // Read in another tab or on another device: those messages are no longer new here.
      onServerEvent<EventsRead>(ServerEvents.eventsRead, (payload) => {
        if (mine(payload)) source.edit(dispatch, withReadAt(payload));
      }),
      onServerEvent<{ attemptId: string; result: CheckResultView }>(ServerEvents.checkResult, (payload) => {
        if (mine(payload)) dispatch(checkResultArrived(payload.result));
      }),
      onServerEvent<{ attemptId: string; results: CheckResultView[] }>(ServerEvents.checksFinished, (payload) => {
        if (mine(payload)) dispatch(checksFinished({ results: payload.results }));
      }),
      onServerEvent<{ attemptId: string; reason: 'student' | 'deadline' }>(ServerEvents.attemptSubmitted, (payload) => {
        if (!mine(payload)) return;
        refetch();
        handlersRef.current.onSubmitted(payload.reason);
      }),
      onServerEvent<{ attemptId: string }>(ServerEvents.attemptGraded, (payload) => {
        if (mine(payload)) refetch();
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [source, saver, dispatch]);
}
