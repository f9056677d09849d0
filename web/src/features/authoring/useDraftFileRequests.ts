import i18next from 'i18next';
import { useStore } from 'react-redux';
import { ClientEvents } from '../../../../server/contract/realtime';
import { useAppDispatch } from '../../app/hooks';
import { request } from '../../app/socket';
import type { AppStore } from '../../app/store';
import type { SaveQueue } from '../../workspace/autosave';
import { fileCreated, fileDeleted, selectDraftFiles } from './draftEditorSlice';

/**
 * Creating and deleting a draft's files over the socket. Each resolves with what to tell the
 * author when it did not work (another author got there first, offline), or null.
 */
export function useDraftFileRequests(draftId: string, saver: SaveQueue) {
  const store = useStore() as AppStore;
  const dispatch = useAppDispatch();
  const createFile = async (path: string, content = ''): Promise<string | null> => {
    const ack = await request<{ revision: number }>(ClientEvents.draftFileSave, { draftId, path, baseRevision: 0, content });
    if (ack.ok) {
      dispatch(fileCreated({ path, revision: ack.data.revision, content }));
      return null;
    }
    if (ack.error.code === 'conflict' && !(ack.error.details as { reason?: string } | undefined)?.reason) return `${path} exists already (another author just created it).`;
    if (ack.error.code === 'offline') return i18next.t('authoring:files.createOffline');
    return ack.error.message;
  };

  const deleteFile = async (path: string): Promise<string | null> => {
    const file = selectDraftFiles(store.getState())[path];
    if (!file) return null;
    // Never saved (an edit kept on this device for a file the server does not have): nothing to ask.
    if (file.revision > 0) {
      const ack = await request<{ deleted: true }>(ClientEvents.draftFileDelete, { draftId, path, baseRevision: file.revision });
      if (!ack.ok) {
        if (ack.error.code === 'conflict' && !(ack.error.details as { reason?: string } | undefined)?.reason) {
          return `${path} was changed by another author since you opened it. Look at their version first, then delete it if you still want to.`;
        }
        return ack.error.code === 'offline' ? i18next.t('authoring:files.deleteOffline') : ack.error.message;
      }
    }
    saver.forget(path);
    dispatch(fileDeleted(path));
    return null;
  };
  return { createFile, deleteFile };
}
