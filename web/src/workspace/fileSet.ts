import type { PayloadAction, UnknownAction } from '@reduxjs/toolkit';
import type { WorkspaceFile } from '../../../server/contract/workspace';
import type { RootState } from '../app/store';
import type { Draft } from './drafts';

/**
 * A set of files edited in Monaco and autosaved revision by revision: a student's attempt, an
 * author's scenario draft. Each owner has its own slice; the file state, its reducers and the
 * save protocol (autosave.ts) are these, shared, so both keep the same guarantees.
 */

/**
 * saved: the server has exactly this content. pending: edited, waiting for the debounce.
 * saving: sent, waiting for the ack. offline: kept locally until the connection is back.
 * conflict: the server has a newer revision from elsewhere; the user decides.
 * rate_limited: the server asked us to wait. error: refused (too large, invalid).
 * closed: the attempt was submitted or timed out, the draft published or discarded; edits can no longer be saved.
 */
export type SaveStatus = 'saved' | 'pending' | 'saving' | 'offline' | 'conflict' | 'rate_limited' | 'error' | 'closed';

export type FileEntry = {
  path: string;
  /** What the user sees: plain contents; the Monaco model follows this. */
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

export type FileSetState = {
  files: Record<string, FileEntry>;
  openTabs: string[];
  activePath: string | null;
};

export const isDirty = (f: FileEntry) => f.content !== f.savedContent;

export function settle(f: FileEntry): void {
  if (f.conflict) f.status = 'conflict';
  else if (!isDirty(f)) {
    f.status = 'saved';
    f.message = null;
    f.retryAt = null;
  } else if (f.status === 'saved') f.status = 'pending';
}

export const savedEntry = (file: WorkspaceFile): FileEntry => ({
  path: file.path,
  content: file.content,
  revision: file.revision,
  savedContent: file.content,
  status: 'saved',
  conflict: null,
  retryAt: null,
  message: null,
});

/** Server files plus the edits this browser kept; an edit kept on an older base is a conflict. */
export function openedFiles(files: WorkspaceFile[], drafts: Record<string, Draft>): Record<string, FileEntry> {
  const out: Record<string, FileEntry> = {};
  for (const file of files) {
    const entry = savedEntry(file);
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
    out[file.path] = entry;
  }
  for (const [path, draft] of Object.entries(drafts)) {
    if (out[path]) continue;
    out[path] = { path, content: draft.content, revision: 0, savedContent: '', status: 'pending', conflict: null, retryAt: null, message: null };
  }
  return out;
}

/** The case reducers every file set shares; a slice spreads them into its own. */
export const fileSetReducers = {
  /**
   * A fresh copy from the server after a reconnect that lost the session: newer server
   * revisions replace clean files, and collide with unsent edits (a conflict to resolve).
   */
  serverSynced(state: FileSetState, action: PayloadAction<{ files: WorkspaceFile[] }>) {
    for (const file of action.payload.files) {
      const entry = state.files[file.path];
      if (!entry) {
        state.files[file.path] = savedEntry(file);
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
  contentEdited(state: FileSetState, action: PayloadAction<{ path: string; content: string }>) {
    const entry = state.files[action.payload.path];
    if (!entry) return;
    entry.content = action.payload.content;
    if (entry.status === 'closed') return;
    // Saving, offline and rate-limited stay as they are: the queue still owes this file a save.
    if (entry.status === 'error') entry.status = 'pending';
    settle(entry);
  },
  saveStarted(state: FileSetState, action: PayloadAction<{ path: string }>) {
    const entry = state.files[action.payload.path];
    if (entry) {
      entry.status = 'saving';
      entry.message = null;
    }
  },
  saveAcked(state: FileSetState, action: PayloadAction<{ path: string; revision: number; content: string }>) {
    const entry = state.files[action.payload.path];
    if (!entry) return;
    entry.revision = action.payload.revision;
    entry.savedContent = action.payload.content;
    entry.status = isDirty(entry) ? 'pending' : 'saved';
    settle(entry);
  },
  saveFailed(state: FileSetState, action: PayloadAction<{ path: string; status: Exclude<SaveStatus, 'saved' | 'saving' | 'conflict'>; message?: string; retryAt?: number }>) {
    const entry = state.files[action.payload.path];
    if (!entry) return;
    entry.status = action.payload.status;
    entry.message = action.payload.message ?? null;
    entry.retryAt = action.payload.retryAt ?? null;
  },
  conflictDetected(state: FileSetState, action: PayloadAction<{ path: string; serverRevision: number; serverContent: string }>) {
    const entry = state.files[action.payload.path];
    if (!entry) return;
    entry.conflict = { serverRevision: action.payload.serverRevision, serverContent: action.payload.serverContent };
    entry.status = 'conflict';
  },
  /**
   * The user chose what the file should hold. The server's revision becomes the base;
   * content equal to the server's is already saved, anything else is saved next.
   */
  conflictResolved(state: FileSetState, action: PayloadAction<{ path: string; content: string }>) {
    const entry = state.files[action.payload.path];
    if (!entry?.conflict) return;
    entry.revision = entry.conflict.serverRevision;
    entry.savedContent = entry.conflict.serverContent;
    entry.content = action.payload.content;
    entry.conflict = null;
    entry.status = isDirty(entry) ? 'pending' : 'saved';
    entry.message = null;
  },
  fileOpened(state: FileSetState, action: PayloadAction<string>) {
    const path = action.payload;
    if (!state.files[path]) return;
    if (!state.openTabs.includes(path)) state.openTabs.push(path);
    state.activePath = path;
  },
  fileClosed(state: FileSetState, action: PayloadAction<string>) {
    const i = state.openTabs.indexOf(action.payload);
    if (i < 0) return;
    state.openTabs.splice(i, 1);
    if (state.activePath === action.payload) state.activePath = state.openTabs[Math.min(i, state.openTabs.length - 1)] ?? null;
  },
};

type Creator<P> = (payload: P) => UnknownAction;
type PayloadOf<R> = R extends (state: FileSetState, action: PayloadAction<infer P>) => void ? P : never;

/** The actions of the shared reducers, as one slice names them (`workspace/saveAcked`, `draftEditor/saveAcked` …). */
export type FileSetActions = { [K in keyof typeof fileSetReducers]: Creator<PayloadOf<(typeof fileSetReducers)[K]>> };

/** How shared code (the save queue, the editor area) reaches one slice's files. */
export type FileSetBinding = {
  selectFiles: (state: RootState) => Record<string, FileEntry>;
  selectOpenTabs: (state: RootState) => string[];
  selectActivePath: (state: RootState) => string | null;
  actions: FileSetActions;
};
