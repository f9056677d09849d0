import { createSlice, type PayloadAction, type WithSlice } from '@reduxjs/toolkit';
import type { DraftFileChanged } from '../../../../server/contract/authoring';
import type { WorkspaceFile } from '../../../../server/contract/workspace';
import { rootReducer } from '../../app/store';
import { endSession } from '../auth/session';
import type { Draft as KeptEdit } from '../../workspace/drafts';
import { fileSetReducers, isDirty, openedFiles, savedEntry, settle, type FileSetBinding, type FileSetState } from '../../workspace/fileSet';

/**
 * The files of the scenario draft open in the editor, with the student workspace's save
 * states (workspace/fileSet.ts). Other authors' saves arrive as `draftFile.changed` and are
 * taken into files without local edits; a file with local edits meets a conflict on its next
 * save instead, exactly as a student's second tab does.
 */
export type DraftEditorState = FileSetState & { draftId: string | null };

const initialState: DraftEditorState = { draftId: null, files: {}, openTabs: [], activePath: null };

function removeFile(state: DraftEditorState, path: string): void {
  delete state.files[path];
  fileSetReducers.fileClosed(state, { type: '', payload: path });
}

export const draftEditorSlice = createSlice({
  name: 'draftEditor',
  initialState,
  reducers: {
    draftOpened(state, action: PayloadAction<{ draftId: string; files: WorkspaceFile[]; kept: Record<string, KeptEdit> }>) {
      const { draftId, files, kept } = action.payload;
      const same = state.draftId === draftId;
      state.draftId = draftId;
      state.files = openedFiles(files, kept);
      if (same && state.activePath && state.files[state.activePath]) {
        state.openTabs = state.openTabs.filter((p) => state.files[p]);
        return;
      }
      // The manifest is where an author starts: it names every other file.
      const first = state.files['scenario.yaml'] ? 'scenario.yaml' : (Object.keys(state.files).sort()[0] ?? null);
      state.openTabs = first ? [first] : [];
      state.activePath = first;
    },
    ...fileSetReducers,
    /**
     * The draft as the server has it after a reconnect that lost the room: the shared rule for
     * changed files, and files deleted meanwhile go where nothing local is owed to them.
     */
    draftSynced(state, action: PayloadAction<{ files: WorkspaceFile[] }>) {
      fileSetReducers.serverSynced(state, action);
      const onServer = new Set(action.payload.files.map((f) => f.path));
      for (const entry of Object.values(state.files)) {
        if (!onServer.has(entry.path) && entry.revision > 0 && !isDirty(entry) && !entry.conflict) removeFile(state, entry.path);
      }
    },
    /** Another author (or this author in another tab) saved or deleted a file. */
    remoteFileChanged(state, action: PayloadAction<DraftFileChanged>) {
      const { path, revision, content } = action.payload;
      const entry = state.files[path];
      if (content === null) {
        if (entry && !isDirty(entry) && !entry.conflict) removeFile(state, path);
        return;
      }
      if (!entry) {
        state.files[path] = savedEntry({ path, revision, content });
        return;
      }
      if (revision <= entry.revision) return;
      // Our own save on its way (its ack follows) or the same text typed twice: nothing to resolve.
      if (!isDirty(entry) || entry.content === content) {
        entry.content = content;
        entry.savedContent = content;
        entry.revision = revision;
        entry.conflict = null;
        settle(entry);
      }
    },
    /** A file this author created (added, uploaded): the server acked its first revision. */
    fileCreated(state, action: PayloadAction<{ path: string; revision: number; content: string }>) {
      state.files[action.payload.path] = savedEntry(action.payload);
      fileSetReducers.fileOpened(state, { type: '', payload: action.payload.path });
    },
    fileDeleted(state, action: PayloadAction<string>) {
      removeFile(state, action.payload);
    },
  },
  extraReducers: (builder) => {
    // Nothing of one user's work stays in memory for the next person at this computer.
    builder.addCase(endSession.pending, () => initialState);
  },
  selectors: {
    selectDraftFiles: (s) => s.files,
    selectDraftOpenTabs: (s) => s.openTabs,
    selectDraftActivePath: (s) => s.activePath,
    selectEditorDraftId: (s) => s.draftId,
  },
});

declare module '../../app/store' {
  export interface LazyLoadedSlices extends WithSlice<typeof draftEditorSlice> {}
}

const injected = draftEditorSlice.injectInto(rootReducer);

export const { draftOpened, draftSynced, remoteFileChanged, fileCreated, fileDeleted, contentEdited, conflictResolved, fileOpened } = draftEditorSlice.actions;

export const { selectDraftFiles, selectDraftOpenTabs, selectDraftActivePath, selectEditorDraftId } = injected.selectors;

/** The draft's files, for the shared save queue and editor area. */
export const draftFiles: FileSetBinding = {
  selectFiles: selectDraftFiles,
  selectOpenTabs: selectDraftOpenTabs,
  selectActivePath: selectDraftActivePath,
  actions: draftEditorSlice.actions,
};
