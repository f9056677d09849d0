import i18next from 'i18next';
import { ClientEvents } from '../../../server/contract/realtime';
import type { SaveConflict, SaveFileAck } from '../../../server/contract/workspace';
import { isConnected, request } from '../app/socket';
import type { AppDispatch, RootState } from '../app/store';
import { dropDraft, saveDraft } from './drafts';
import { isDirty, type FileEntry, type FileSetBinding } from './fileSet';

type Store = { dispatch: AppDispatch; getState: () => RootState };

/**
 * Where one file set saves to: the socket event, the id that names the attempt or draft in
 * every payload, the slice holding the files, and the key its unsent edits are kept under.
 */
export type SaveTarget = {
  event: (typeof ClientEvents)[keyof typeof ClientEvents];
  /** Sent with every save, e.g. `{ attemptId }` or `{ draftId }`. */
  ref: Record<string, string>;
  /** Unsent edits live in localStorage under this name (the attempt's id, for students). */
  keptAs: string;
  files: FileSetBinding;
  /** Why the server refused for good (`details.reason` of a conflict), in words. */
  closedMessage: (reason: string) => string;
};

/** A student's attempt: `file.save` with the attempt's id, as it always was. */
export function attemptTarget(attemptId: string, files: FileSetBinding): SaveTarget {
  return {
    event: ClientEvents.fileSave,
    ref: { attemptId },
    keptAs: attemptId,
    files,
    closedMessage: (reason) => (reason === 'deadline' ? i18next.t('workspace:save.closedDeadline') : i18next.t('workspace:save.closedSubmitted')),
  };
}

export const SAVE_DEBOUNCE_MS = 800;
/** A save the server did not answer: try again after this long (the connection is up). */
const TIMEOUT_RETRY_MS = 3_000;

/**
 * Autosave for one attempt or draft: a debounce per file, one save in flight per file, each
 * save based on the last acknowledged revision. Edits are written to localStorage first, so
 * whatever happens to the connection or the tab, nothing typed is lost; they are sent when the
 * link is back. Conflicts and closed attempts (or drafts) stop the queue for that file until
 * the user acts.
 */
export class SaveQueue {
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  private inFlight = new Map<string, Promise<void>>();
  private disposed = false;

  constructor(
    private readonly target: SaveTarget,
    private readonly store: Store,
    private readonly debounceMs = SAVE_DEBOUNCE_MS,
  ) {}

  private files(): Record<string, FileEntry> {
    return this.target.files.selectFiles(this.store.getState());
  }

  private file(path: string): FileEntry | undefined {
    return this.files()[path];
  }

  /** Call after every edit (the store already has the new content). */
  edited(path: string): void {
    const file = this.file(path);
    if (!file) return;
    if (isDirty(file) || file.conflict) saveDraft(this.target.keptAs, path, file.revision, file.content);
    else dropDraft(this.target.keptAs, path);
    if (file.status === 'conflict' || file.status === 'closed') return;
    this.schedule(path, this.debounceMs);
  }

  private schedule(path: string, delayMs: number): void {
    if (this.disposed) return;
    clearTimeout(this.timers.get(path));
    this.timers.set(
      path,
      setTimeout(() => {
        this.timers.delete(path);
        void this.save(path);
      }, delayMs),
    );
  }

  /** Saves one file now (waiting for a save already in flight first); resolves when settled. */
  save(path: string): Promise<void> {
    clearTimeout(this.timers.get(path));
    this.timers.delete(path);
    const running = this.inFlight.get(path);
    if (running) return running.then(() => this.save(path));
    const file = this.file(path);
    if (!file || !isDirty(file) || file.conflict || file.status === 'closed') return Promise.resolve();
    if (file.status === 'rate_limited' && file.retryAt && file.retryAt > Date.now()) {
      this.schedule(path, file.retryAt - Date.now());
      return Promise.resolve();
    }
    if (!isConnected()) {
      this.store.dispatch(this.target.files.actions.saveFailed({ path, status: 'offline', message: i18next.t('workspace:save.offlineKept') }));
      return Promise.resolve();
    }
    const promise = this.send(file).finally(() => this.inFlight.delete(path));
    this.inFlight.set(path, promise);
    return promise;
  }

  private async send(file: FileEntry): Promise<void> {
    const { path, content, revision } = file;
    const { dispatch } = this.store;
    const { saveStarted, saveFailed, conflictDetected } = this.target.files.actions;
    dispatch(saveStarted({ path }));
    const ack = await request<SaveFileAck>(this.target.event, { ...this.target.ref, path, baseRevision: revision, content });
    if (ack.ok) return this.acked(path, ack.data.revision, content);

    const { code, message, details } = ack.error;
    if (code === 'conflict') {
      const d = (details ?? {}) as Partial<SaveConflict> & { reason?: string };
      if (d.reason) {
        dispatch(saveFailed({ path, status: 'closed', message: this.target.closedMessage(d.reason) }));
        return;
      }
      if (typeof d.serverRevision === 'number' && typeof d.serverContent === 'string') {
        // Our own earlier save whose ack was lost (a timeout): the server already has this.
        if (d.serverContent === content) return this.acked(path, d.serverRevision, content);
        dispatch(conflictDetected({ path, serverRevision: d.serverRevision, serverContent: d.serverContent }));
        saveDraft(this.target.keptAs, path, revision, this.file(path)?.content ?? content);
        return;
      }
    }
    if (code === 'rate_limited') {
      const seconds = Number((details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 5);
      const retryAt = Date.now() + Math.max(1, seconds) * 1000;
      dispatch(saveFailed({ path, status: 'rate_limited', retryAt, message: i18next.t('workspace:save.rateLimited', { seconds }) }));
      this.schedule(path, retryAt - Date.now());
      return;
    }
    if (code === 'offline') {
      dispatch(saveFailed({ path, status: 'offline', message: i18next.t('workspace:save.offlineKept') }));
      return;
    }
    if (code === 'timeout' || code === 'internal') {
      dispatch(saveFailed({ path, status: 'offline', message: i18next.t('workspace:save.unconfirmed') }));
      this.schedule(path, TIMEOUT_RETRY_MS);
      return;
    }
    // validation_failed and the like: retrying the same content would fail the same way.
    dispatch(saveFailed({ path, status: 'error', message: i18next.t('workspace:save.failed', { message }) }));
  }

  private acked(path: string, revision: number, content: string): void {
    this.store.dispatch(this.target.files.actions.saveAcked({ path, revision, content }));
    const file = this.file(path);
    if (!file) return;
    if (isDirty(file)) {
      // Typed on while the save was on its way: the rest follows on the new base.
      saveDraft(this.target.keptAs, path, revision, file.content);
      this.schedule(path, this.debounceMs);
    } else {
      dropDraft(this.target.keptAs, path);
    }
  }

  /** A file deleted (here or by someone else): nothing of it is owed to the server any more. */
  forget(path: string): void {
    clearTimeout(this.timers.get(path));
    this.timers.delete(path);
    dropDraft(this.target.keptAs, path);
  }

  /** Forgets kept drafts of files that turned out to match the server (after a load or a resync). */
  pruneDrafts(): void {
    for (const file of Object.values(this.files())) {
      if (!isDirty(file) && !file.conflict) dropDraft(this.target.keptAs, file.path);
    }
  }

  /** Every file with unsaved edits, now: before running checks, submitting, or on reconnect. */
  async flushAll(): Promise<void> {
    const files = Object.values(this.files());
    await Promise.all(files.filter((f) => isDirty(f) && !f.conflict && f.status !== 'closed').map((f) => this.save(f.path)));
  }

  /** Leaving the page: what is waiting for its debounce goes now; anything unsent stays in localStorage. */
  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    void this.flushAll();
    this.disposed = true;
  }
}
