import i18next from 'i18next';
import type { FileEntry, SaveStatus } from './fileSet';

/** A file's save state in words, in the interface's language ("Saved", "已保存"). */
export function saveLabel(status: SaveStatus): string {
  const labels: Record<SaveStatus, string> = {
    saved: i18next.t('workspace:save.saved'),
    pending: i18next.t('workspace:save.pending'),
    saving: i18next.t('workspace:save.saving'),
    offline: i18next.t('workspace:save.offline'),
    conflict: i18next.t('workspace:save.conflict'),
    rate_limited: i18next.t('workspace:save.rate_limited'),
    error: i18next.t('workspace:save.error'),
    closed: i18next.t('workspace:save.closed'),
  };
  return labels[status];
}

/** The state of the workspace as a whole, for the header: the worst file wins. */
export function overallStatus(files: FileEntry[]): { status: SaveStatus; count: number } {
  const order: SaveStatus[] = ['conflict', 'error', 'closed', 'offline', 'rate_limited', 'saving', 'pending', 'saved'];
  for (const status of order) {
    const count = files.filter((f) => f.status === status).length;
    if (count > 0) return { status, count };
  }
  return { status: 'saved', count: 0 };
}
