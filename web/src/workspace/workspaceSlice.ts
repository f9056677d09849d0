import { createSlice, type PayloadAction, type WithSlice } from '@reduxjs/toolkit';
import type { CheckResultView, WorkspaceFile } from '../../../server/contract/workspace';
import { rootReducer } from '../app/store';
import { endSession } from '../features/auth/session';
import type { Draft } from './drafts';

/**
 * saved: the server has exactly this content. pending: edited, waiting for the debounce.
 * saving: sent, waiting for the ack. offline: kept locally until the connection is back.
 * conflict: the server has a newer revision from elsewhere; the student decides.
 * rate_limited: the server asked us to wait. error: refused (too large, invalid).
 * closed: the attempt was submitted or timed out; edits can no longer be saved.
 */
export type SaveStatus = 'saved' | 'pending' | 'saving' | 'offline' | 'conflict' | 'rate_limited' | 'error' | 'closed';

export type FileEntry = {
  path: string;
  /** What the student sees: plain contents; the Monaco model follows this. */
  content: string;
  /** The last revision the server acknowledged: the base of the next save. */
  revision: number;
  /** The content of that revision, so "dirty" is a comparison and not a guess. */
  savedContent: string;
  status: SaveStatus;
  conflict: { serverRevision: number; serverContent: string } | null;
  retryAt: number | null;
  message: string | null;
};

export type ChecksState = {
  running: boolean;
  /** The latest result of each visible check, by id, as it streamed in. */
  results: Record<string, CheckResultView>;
  /** Checks of the current run that have not reported yet. */
  waiting: string[];
  error: string | null;
  ranAt: number | null;
};

export type WorkspaceState = {
  attemptId: string | null;
  files: Record<string, FileEntry>;
  openTabs: string[];
  activePath: string | null;
  readEvents: string[];
  checks: ChecksState;
};

const initialChecks: ChecksState = { running: false, results: {}, waiting: [], error: null, ranAt: null };

const initialState: WorkspaceState = { attemptId: null, files: {}, openTabs: [], activePath: null, readEvents: [], checks: initialChecks };

export const isDirty = (f: FileEntry) => f.content !== f.savedContent;

function settle(f: FileEntry): void {
  if (f.conflict) f.status = 'conflict';
  else if (!isDirty(f)) {
    f.status = 'saved';
    f.message = null;
    f.retryAt = null;
  } else if (f.status === 'saved') f.status = 'pending';
}

/** The file a student most likely wants first: the code, not the notes or the answers. */
function firstFile(paths: string[]): string | null {
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
      action: PayloadAction<{ attemptId: string; files: WorkspaceFile[]; drafts: Record<string, Draft>; lastRun: CheckResultView[] | null; readEvents: string[] }>,
    ) {
      const { attemptId, files, drafts, lastRun, readEvents } = action.payload;
      const sameAttempt = state.attemptId === attemptId;
      state.attemptId = attemptId;
      state.files = {};
      for (const file of files) {
        const entry: FileEntry = { path: file.path, content: file.content, revision: file.revision, savedContent: file.content, status: 'saved', conflict: null, retryAt: null, message: null };
        const draft = drafts[file.path];
        if (draft && draft.content !== file.content) {
          entry.content = draft.content;
          if (draft.base < file.revision) {
            // The draft keeps its own base, so it stays a conflict across reloads until resolved.
            entry.revision = draft.base;
            entry.conflict = { serverRevision: file.revision, serverContent: file.content };
          }
        }
        settle(entry);
        state.files[file.path] = entry;
      }
      for (const [path, draft] of Object.entries(drafts)) {
        if (state.files[path]) continue;
        state.files[path] = { path, content: draft.content, revision: 0, savedContent: '', status: 'pending', conflict: null, retryAt: null, message: null };
      }
      const paths = Object.keys(state.files).sort();
      if (!sameAttempt || !state.activePath || !state.files[state.activePath]) {
        const first = firstFile(paths);
        state.openTabs = first ? [first] : [];
        state.activePath = first;
      } else {
        state.openTabs = state.openTabs.filter((p) => state.files[p]);
      }
      state.readEvents = readEvents;
      state.checks = { ...initialChecks, results: Object.fromEntries((lastRun ?? []).map((r) => [r.id, r])) };
    },
    /**
     * A fresh copy from the server after a reconnect that lost the session: newer server
     * revisions replace clean files, and collide with unsent edits (a conflict to resolve).
     */
    serverSynced(state, action: PayloadAction<{ files: WorkspaceFile[] }>) {
      for (const file of action.payload.files) {
        const entry = state.files[file.path];
        if (!entry) {
          state.files[file.path] = { path: file.path, content: file.content, revision: file.revision, savedContent: file.content, status: 'saved', conflict: null, retryAt: null, message: null };
          continue;
        }
        if (file.revision <= entry.revision) continue;
        if (!isDirty(entry) || entry.content === file.content) {
          entry.content = file.content;
          entry.revision = file.revision;
          entry.savedContent = file.content;
          entry.conflict = null;
        } else {
          entry.conflict = { serverRevision: file.revision, serverContent: file.content };
        }
        settle(entry);
      }
    },
    contentEdited(state, action: PayloadAction<{ path: string; content: string }>) {
      const entry = state.files[action.payload.path];
      if (!entry) return;
      entry.content = action.payload.content;
      if (entry.status === 'closed') return;
      // Saving, offline and rate-limited stay as they are: the queue still owes this file a save.
      if (entry.status === 'error') entry.status = 'pending';
      settle(entry);
    },
    saveStarted(state, action: PayloadAction<{ path: string }>) {
      const entry = state.files[action.payload.path];
      if (entry) {
        entry.status = 'saving';
        entry.message = null;
      }
    },
    saveAcked(state, action: PayloadAction<{ path: string; revision: number; content: string }>) {
      const entry = state.files[action.payload.path];
      if (!entry) return;
      entry.revision = action.payload.revision;
      entry.savedContent = action.payload.content;
      entry.status = isDirty(entry) ? 'pending' : 'saved';
      settle(entry);
    },
    saveFailed(state, action: PayloadAction<{ path: string; status: Exclude<SaveStatus, 'saved' | 'saving' | 'conflict'>; message?: string; retryAt?: number }>) {
      const entry = state.files[action.payload.path];
      if (!entry) return;
      entry.status = action.payload.status;
      entry.message = action.payload.message ?? null;
      entry.retryAt = action.payload.retryAt ?? null;
    },
    conflictDetected(state, action: PayloadAction<{ path: string; serverRevision: number; serverContent: string }>) {
      const entry = state.files[action.payload.path];
      if (!entry) return;
      entry.conflict = { serverRevision: action.payload.serverRevision, serverContent: action.payload.serverContent };
      entry.status = 'conflict';
    },
    /**
     * The student chose what the file should hold. The server's revision becomes the base;
     * content equal to the server's is already saved, anything else is saved next.
     */
    conflictResolved(state, action: PayloadAction<{ path: string; content: string }>) {
      const entry = state.files[action.payload.path];
      if (!entry?.conflict) return;
      entry.revision = entry.conflict.serverRevision;
      entry.savedContent = entry.conflict.serverContent;
      entry.content = action.payload.content;
      entry.conflict = null;
      entry.status = isDirty(entry) ? 'pending' : 'saved';
      entry.message = null;
    },
    fileOpened(state, action: PayloadAction<string>) {
      const path = action.payload;
      if (!state.files[path]) return;
      if (!state.openTabs.includes(path)) state.openTabs.push(path);
      state.activePath = path;
    },
    fileClosed(state, action: PayloadAction<string>) {
      const i = state.openTabs.indexOf(action.payload);
      if (i < 0) return;
      state.openTabs.splice(i, 1);
      if (state.activePath === action.payload) state.activePath = state.openTabs[Math.min(i, state.openTabs.length - 1)] ?? null;
    },
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
