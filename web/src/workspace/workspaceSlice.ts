import { createSlice, type PayloadAction, type WithSlice } from '@reduxjs/toolkit';
import type { CheckResultView, WorkspaceFile } from '../../../server/contract/workspace';
import { rootReducer } from '../app/store';
import { endSession } from '../features/auth/session';
import type { Draft } from './drafts';
import { fileSetReducers, openedFiles, type FileSetBinding, type FileSetState } from './fileSet';

export { isDirty, type FileEntry, type SaveStatus } from './fileSet';

export type ChecksState = {
  running: boolean;
  /** The latest result of each visible check, by id, as it streamed in. */
  results: Record<string, CheckResultView>;
  /** Checks of the current run that have not reported yet. */
  waiting: string[];
  error: string | null;
  ranAt: number | null;
};

export type WorkspaceState = FileSetState & {
  attemptId: string | null;
  readEvents: string[];
  checks: ChecksState;
};

const initialChecks: ChecksState = { running: false, results: {}, waiting: [], error: null, ranAt: null };

const initialState: WorkspaceState = { attemptId: null, files: {}, openTabs: [], activePath: null, readEvents: [], checks: initialChecks };

/**
 * The file a student most likely wants first: the one the first task is about (its checks name
 * it), else the code rather than the notes or the answers.
 */
function firstFile(paths: string[], taskFiles: (string | null)[]): string | null {
  const named = taskFiles.find((p) => p !== null && paths.includes(p));
  if (named) return named;
  const code = paths.find((p) => /\.(js|ts|sql|py)$/.test(p));
  return code ?? paths.find((p) => p !== 'answers.json') ?? paths[0] ?? null;
}

export const workspaceSlice = createSlice({
  name: 'workspace',
  initialState,
  reducers: {
    /** Server files plus the drafts this browser kept; a draft on an older base is a conflict. */
    attemptOpened(
      state,
      action: PayloadAction<{
        attemptId: string;
        files: WorkspaceFile[];
        drafts: Record<string, Draft>;
        lastRun: CheckResultView[] | null;
        readEvents: string[];
        /** The file each task is about, in task order: the first one there opens first. */
        taskFiles?: (string | null)[];
      }>,
    ) {
      const { attemptId, files, drafts, lastRun, readEvents, taskFiles = [] } = action.payload;
      const sameAttempt = state.attemptId === attemptId;
      state.attemptId = attemptId;
      state.files = openedFiles(files, drafts);
      const paths = Object.keys(state.files).sort();
      if (!sameAttempt || !state.activePath || !state.files[state.activePath]) {
        const first = firstFile(paths, taskFiles);
        state.openTabs = first ? [first] : [];
        state.activePath = first;
      } else {
        state.openTabs = state.openTabs.filter((p) => state.files[p]);
      }
      state.readEvents = readEvents;
      state.checks = { ...initialChecks, results: Object.fromEntries((lastRun ?? []).map((r) => [r.id, r])) };
    },
    ...fileSetReducers,
    checksStarted(state, action: PayloadAction<{ ids: string[] }>) {
      state.checks.running = true;
      state.checks.error = null;
      state.checks.waiting = action.payload.ids;
    },
    checkResultArrived(state, action: PayloadAction<CheckResultView>) {
      state.checks.results[action.payload.id] = action.payload;
      state.checks.waiting = state.checks.waiting.filter((id) => id !== action.payload.id);
    },
    checksFinished(state, action: PayloadAction<{ results: CheckResultView[] }>) {
      for (const r of action.payload.results) state.checks.results[r.id] = r;
      state.checks.running = false;
      state.checks.waiting = [];
      state.checks.ranAt = Date.now();
    },
    checksFailed(state, action: PayloadAction<string>) {
      state.checks.running = false;
      state.checks.waiting = [];
      state.checks.error = action.payload;
    },
    eventsRead(state, action: PayloadAction<string[]>) {
      for (const id of action.payload) if (!state.readEvents.includes(id)) state.readEvents.push(id);
    },
  },
  extraReducers: (builder) => {
    // Nothing of one user's work stays in memory for the next person at this computer.
    builder.addCase(endSession.pending, () => initialState);
  },
  selectors: {
    selectFiles: (s) => s.files,
    selectOpenTabs: (s) => s.openTabs,
    selectActivePath: (s) => s.activePath,
    selectChecks: (s) => s.checks,
    selectReadEvents: (s) => s.readEvents,
    selectWorkspaceAttemptId: (s) => s.attemptId,
  },
});

declare module '../app/store' {
  export interface LazyLoadedSlices extends WithSlice<typeof workspaceSlice> {}
}

const injected = workspaceSlice.injectInto(rootReducer);

export const { attemptOpened, serverSynced, contentEdited, saveStarted, saveAcked, saveFailed, conflictDetected, conflictResolved, fileOpened, fileClosed, checksStarted, checkResultArrived, checksFinished, checksFailed, eventsRead } =
  workspaceSlice.actions;

export const { selectFiles, selectOpenTabs, selectActivePath, selectChecks, selectReadEvents, selectWorkspaceAttemptId } = injected.selectors;

/** The attempt's files, for the shared save queue and editor area. */
export const workspaceFiles: FileSetBinding = { selectFiles, selectOpenTabs, selectActivePath, actions: workspaceSlice.actions };
