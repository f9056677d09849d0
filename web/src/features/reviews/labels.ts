import type { QueueItemView } from '../../../../server/contract/review';
import type { QueueStatus } from './reviewsApi';

export const QUEUE_STATUS_LABEL: Record<QueueStatus, string> = {
  open: 'Open',
  mine: 'Mine',
  moderation: 'Moderation',
  done: 'Done',
};

/** The item's state in words, from the caller's point of view; `tone` picks the pill colour. */
export function itemState(item: QueueItemView): { label: string; tone: string } {
  if (item.status === 'done') return { label: 'Done', tone: 'graded' };
  if (item.status === 'moderation') return { label: 'In moderation', tone: 'awaiting_review' };
  if (item.mine?.status === 'claimed') return { label: 'Claimed by you', tone: 'in_progress' };
  if (item.mine?.status === 'submitted') return { label: 'Reviewed by you', tone: 'awaiting_review' };
  if (item.claimedByOther) return { label: 'Being reviewed', tone: 'closed' };
  return { label: 'Open', tone: 'open' };
}

export const MODE_LABEL: Record<QueueItemView['mode'], string> = { single: 'Single review', double: 'Double review' };
