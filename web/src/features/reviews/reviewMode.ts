import type { ReviewItemDetail } from '../../../../server/contract/review';

/**
 * What the caller does with the item now. `claim`: scoring starts with a claim (an open item's
 * free slot, or a moderation a lead may take); `primary`: their claimed review; `moderation`:
 * their claimed moderation of flagged criteria; `calibration`: scoring a calibration item to
 * compare with the agreed levels (hidden until then; a lead sees them, and does not score);
 * `view`: read only.
 */
export type Mode = 'claim' | 'primary' | 'moderation' | 'calibration' | 'view';

export function modeOf(d: ReviewItemDetail): Mode {
  const { item } = d;
  if (item.status === 'done') {
    return item.calibration && d.calibration && d.calibration.mine === null && d.calibration.agreed.length === 0 ? 'calibration' : 'view';
  }
  const claimed = item.mine?.status === 'claimed';
  if (item.status === 'moderation') {
    if (!d.canModerate) return 'view';
    return claimed ? 'moderation' : item.claimedByOther ? 'view' : 'claim';
  }
  if (claimed) return 'primary';
  return !item.mine && !item.claimedByOther ? 'claim' : 'view';
}

/** The review page's side panel: scoring against the rubric, the checks' results, the task. */
export type ReviewTab = 'rubric' | 'checks' | 'task';
