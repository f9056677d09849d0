import { useEffect, useRef } from 'react';
import type { DraftFileChanged, DraftValidationProgress, DraftView } from '../../../../server/contract/authoring';
import { ClientEvents, ServerEvents } from '../../../../server/contract/realtime';
import { useStore } from 'react-redux';
import { useAppDispatch } from '../../app/hooks';
import { onConnected, onServerEvent, request } from '../../app/socket';
import type { AppStore } from '../../app/store';
import type { SaveQueue } from '../../workspace/autosave';
import { authoringApi, type PublishResult } from './authoringApi';
import { draftSynced, remoteFileChanged, selectDraftFiles } from './draftEditorSlice';

type Handlers = {
  onProgress: (progress: DraftValidationProgress) => void;
  onPublished: (result: PublishResult) => void;
};

/**
 * The draft's live link, as the attempt room is for a student: joins `draft:<id>` on every
 * connection the server does not remember, takes the server's files from the join, then sends
 * the edits kept while offline. Other authors' saves and deletions, validation progress and
 * the publish arrive as pushes.
 */
export function useDraftRoom(draftId: string, saver: SaveQueue | null, handlers: Handlers): void {
  const dispatch = useAppDispatch();
  const store = useStore() as AppStore;
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  useEffect(() => {
    if (!saver) return;
    const offs = [
      onConnected((recovered) => {
        void (async () => {
          if (!recovered) {
            const ack = await request<DraftView>(ClientEvents.draftJoin, { draftId });
            if (ack.ok) {
              void dispatch(authoringApi.util.upsertQueryData('getDraft', draftId, ack.data));
              dispatch(draftSynced({ files: ack.data.files }));
              saver.pruneDrafts();
            }
          }
          await saver.flushAll();
        })();
      }),
      onServerEvent<DraftFileChanged>(ServerEvents.draftFileChanged, (change) => {
        if (change.draftId !== draftId) return;
        dispatch(remoteFileChanged(change));
        // Deleted elsewhere and gone here too (no local edits kept it): nothing is owed to the server.
        if (change.content === null && !selectDraftFiles(store.getState())[change.path]) saver.forget(change.path);
      }),
      onServerEvent<DraftValidationProgress>(ServerEvents.draftValidation, (progress) => {
        if (progress.draftId === draftId) handlersRef.current.onProgress(progress);
      }),
      onServerEvent<PublishResult & { draftId: string }>(ServerEvents.draftPublished, ({ draftId: id, ...result }) => {
        if (id === draftId) handlersRef.current.onPublished(result);
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [draftId, saver, dispatch, store]);
}
