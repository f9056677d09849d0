import { useEffect, useRef } from 'react';
import { ClientEvents, ServerEvents } from '../../../server/contract/realtime';
import type { AttemptView, CheckResultView, DeliveredEvent } from '../../../server/contract/workspace';
import { useAppDispatch } from '../app/hooks';
import { onConnected, onServerEvent, request } from '../app/socket';
import { assignmentsApi } from '../features/assignments/assignmentsApi';
import type { SaveQueue } from './autosave';
import { checkResultArrived, checksFinished, serverSynced } from './workspaceSlice';

type Handlers = {
  onEvent: (event: DeliveredEvent) => void;
  onSubmitted: (reason: 'student' | 'deadline') => void;
};

/**
 * The attempt's live link: joins its room on every connection the server does not remember
 * (first connect, or a reconnect without recovery), takes the server's state from the join
 * (newer files, events delivered meanwhile), then sends the edits kept while offline.
 */
export function useAttemptRoom(attemptId: string, saver: SaveQueue | null, handlers: Handlers): void {
  const dispatch = useAppDispatch();
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  useEffect(() => {
    if (!saver) return;
    const mine = (payload: { attemptId?: string }) => payload.attemptId === attemptId;
    const refetch = () => dispatch(assignmentsApi.util.invalidateTags([{ type: 'Attempt', id: attemptId }, 'Assignment']));
    const offs = [
      onConnected((recovered) => {
        void (async () => {
          if (!recovered) {
            const ack = await request<AttemptView>(ClientEvents.attemptJoin, { attemptId });
            if (ack.ok) {
              dispatch(assignmentsApi.util.upsertQueryData('getAttempt', attemptId, ack.data));
              dispatch(serverSynced({ files: ack.data.files }));
              saver.pruneDrafts();
            }
          }
          await saver.flushAll();
        })();
      }),
      onServerEvent<{ attemptId: string; event: DeliveredEvent; unlocks: string | null }>(ServerEvents.eventDelivered, (payload) => {
        if (!mine(payload)) return;
        dispatch(
          assignmentsApi.util.updateQueryData('getAttempt', attemptId, (draft) => {
            if (!draft.events.some((e) => e.id === payload.event.id)) draft.events.push(payload.event);
          }),
        );
        // A task opened: its instructions and checks come with a fresh copy of the attempt.
        if (payload.unlocks) refetch();
        handlersRef.current.onEvent(payload.event);
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
  }, [attemptId, saver, dispatch]);
}
