import type { FileEntry, SaveStatus } from './fileSet';

export const SAVE_LABEL: Record<SaveStatus, string> = {
  saved: 'Saved',
  pending: 'Not saved yet',
  saving: 'Saving…',
  offline: 'Offline: kept on this device',
  conflict: 'Changed elsewhere',
  rate_limited: 'Waiting to save',
  error: 'Not saved',
  closed: 'Not saved: closed',
};

/** The state of the workspace as a whole, for the header: the worst file wins. */
export function overallStatus(files: FileEntry[]): { status: SaveStatus; count: number } {
  const order: SaveStatus[] = ['conflict', 'error', 'closed', 'offline', 'rate_limited', 'saving', 'pending', 'saved'];
  for (const status of order) {
    const count = files.filter((f) => f.status === status).length;
    if (count > 0) return { status, count };
  }
  return { status: 'saved', count: 0 };
}
