import i18next from 'i18next';
import type { QueueItemView } from '../../../../server/contract/review';
import type { QueueStatus } from './reviewsApi';

/** A queue tab's name, in the interface's language. */
export function queueStatusLabel(status: QueueStatus): string {
  const labels: Record<QueueStatus, string> = {
    open: i18next.t('reviews:status.open'),
    mine: i18next.t('reviews:status.mine'),
    moderation: i18next.t('reviews:status.moderation'),
    done: i18next.t('reviews:status.done'),
  };
  return labels[status];
}

/** The item's state in words, from the caller's point of view; `tone` picks the pill colour. */
export function itemState(item: QueueItemView): { label: string; tone: string } {
  if (item.status === 'done') return { label: i18next.t('reviews:state.done'), tone: 'graded' };
  if (item.status === 'moderation') return { label: i18next.t('reviews:state.inModeration'), tone: 'awaiting_review' };
  if (item.mine?.status === 'claimed') return { label: i18next.t('reviews:state.claimedByYou'), tone: 'in_progress' };
  if (item.mine?.status === 'submitted') return { label: i18next.t('reviews:state.reviewedByYou'), tone: 'awaiting_review' };
  if (item.claimedByOther) return { label: i18next.t('reviews:state.beingReviewed'), tone: 'closed' };
  return { label: i18next.t('reviews:state.open'), tone: 'open' };
}

export function modeLabel(mode: QueueItemView['mode']): string {
  return mode === 'double' ? i18next.t('reviews:mode.double') : i18next.t('reviews:mode.single');
}
