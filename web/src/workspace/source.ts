import i18next from 'i18next';
import { ClientEvents } from '../../../server/contract/realtime';
import type { AttemptView, EventsRead } from '../../../server/contract/workspace';
import { request } from '../app/socket';
import type { AppDispatch } from '../app/store';
import { assignmentsApi } from '../features/assignments/assignmentsApi';
import { previewApi } from '../features/authoring/previewApi';
import { attemptTarget, type SaveTarget } from './autosave';
import { dropReadEvents, loadReadEvents, saveReadEvents } from './drafts';
import type { FileSetBinding } from './fileSet';

type ClientEvent = (typeof ClientEvents)[keyof typeof ClientEvents];

/**
 * Where the workspace's attempt comes from and goes to: a student's attempt, or an author's
 * preview of a draft (the server shapes it as an attempt and pushes with `attemptId` set to
 * the preview's id). The page, its room and its save queue differ only in these.
 */
export type WorkspaceSource = {
  kind: 'attempt' | 'preview';
  id: string;
  /** Names it in every socket payload: `{ attemptId }` or `{ previewId }`. */
  ref: Record<string, string>;
  joinEvent: ClientEvent;
  checksEvent: ClientEvent;
  /** Try it: Run, and the data explorer's describe and query (answered to this socket only). */
  toolEvents: { run: ClientEvent; describe: ClientEvent; query: ClientEvent };
  saveTarget: (files: FileSetBinding) => SaveTarget;
  /** Unsent edits are kept in localStorage under this name. */
  keptAs: string;
  /** Messages seen before the page opened that the view does not mark read (kept in this browser). */
  readBefore: () => string[];
  /**
   * Marks inbox messages seen: an attempt's on the server (every device agrees), a preview's in
   * this browser (nothing of a preview is stored). Resolves false when it could not be kept.
   */
  markRead: (dispatch: AppDispatch, eventIds: string[]) => Promise<boolean>;
  /** The view as a join returned it, into the page's query cache. */
  put: (dispatch: AppDispatch, view: AttemptView) => void;
  edit: (dispatch: AppDispatch, recipe: (view: AttemptView) => void) => void;
  /** A fresh copy from the server (a task unlocked; the attempt was submitted or graded). */
  reload: (dispatch: AppDispatch) => void;
};

export function attemptSource(attemptId: string): WorkspaceSource {
  return {
    kind: 'attempt',
    id: attemptId,
    ref: { attemptId },
    joinEvent: ClientEvents.attemptJoin,
    checksEvent: ClientEvents.checksRun,
    toolEvents: { run: ClientEvents.codeRun, describe: ClientEvents.dataDescribe, query: ClientEvents.dataQuery },
    saveTarget: (files) => attemptTarget(attemptId, files),
    keptAs: attemptId,
    // Read state was kept per device before the server kept it: handed over with the next mark.
    readBefore: () => loadReadEvents(attemptId),
    markRead: async (dispatch, eventIds) => {
      const ack = await request<EventsRead>(ClientEvents.eventsRead, { attemptId, eventIds });
      if (!ack.ok) return false;
      dispatch(assignmentsApi.util.updateQueryData('getAttempt', attemptId, withReadAt(ack.data)));
      dropReadEvents(attemptId);
      return true;
    },
    put: (dispatch, view) => void dispatch(assignmentsApi.util.upsertQueryData('getAttempt', attemptId, view)),
    edit: (dispatch, recipe) => void dispatch(assignmentsApi.util.updateQueryData('getAttempt', attemptId, recipe)),
    reload: (dispatch) => void dispatch(assignmentsApi.util.invalidateTags([{ type: 'Attempt', id: attemptId }, 'Assignment'])),
  };
}

export function previewSource(previewId: string): WorkspaceSource {
  const keptAs = `preview:${previewId}`;
  return {
    kind: 'preview',
    id: previewId,
    ref: { previewId },
    joinEvent: ClientEvents.previewJoin,
    checksEvent: ClientEvents.previewChecksRun,
    toolEvents: { run: ClientEvents.previewCodeRun, describe: ClientEvents.previewDataDescribe, query: ClientEvents.previewDataQuery },
    saveTarget: (files) => ({
      event: ClientEvents.previewFileSave,
      ref: { previewId },
      keptAs,
      files,
      closedMessage: () => i18next.t('workspace:save.previewClosed'),
    }),
    keptAs,
    readBefore: () => loadReadEvents(keptAs),
    markRead: async (dispatch, eventIds) => {
      const read = [...new Set([...loadReadEvents(keptAs), ...eventIds])];
      saveReadEvents(keptAs, read);
      dispatch(previewApi.util.updateQueryData('getPreview', previewId, withReadAt({ attemptId: previewId, eventIds, readAt: new Date().toISOString() })));
      return true;
    },
    put: (dispatch, view) => void dispatch(previewApi.util.upsertQueryData('getPreview', previewId, view)),
    edit: (dispatch, recipe) => void dispatch(previewApi.util.updateQueryData('getPreview', previewId, recipe)),
    reload: (dispatch) => void dispatch(previewApi.util.invalidateTags([{ type: 'Preview', id: previewId }])),
  };
}

/** A recipe for the cached view: these messages were seen (the first time seen stays). */
export function withReadAt(read: EventsRead): (view: AttemptView) => void {
  return (view) => {
    for (const event of view.events) if (read.eventIds.includes(event.id) && !event.readAt) event.readAt = read.readAt;
  };
}
