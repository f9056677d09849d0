import type { RefObject } from 'react';
import { Link } from 'react-router';
import type { ReviewItemDetail } from '../../../../server/contract/review';
import { formatTimeLeft } from '../../app/format';
import { Banner } from '../../components/Banner';
import { KeyboardHelp } from './KeyboardHelp';
import { ModerationNotice } from './ModerationNotice';
import type { Mode } from './reviewMode';
import { StudentRef } from './StudentRef';

const MODE_PILL: Record<Mode, { label: string; tone: string } | null> = {
  claim: { label: 'Open', tone: 'open' },
  primary: { label: 'Claimed by you', tone: 'in_progress' },
  moderation: { label: 'Moderation', tone: 'awaiting_review' },
  calibration: { label: 'Calibration', tone: 'in_progress' },
  view: null,
};

const CLAIM_WARNING_MS = 5 * 60_000;

type HeaderProps = {
  item: ReviewItemDetail['item'];
  mode: Mode;
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** Milliseconds the caller's claim has left (0 or less once it ran out); null without one. */
  claimLeft: number | null;
  canComment: boolean;
  /** A claim (or its extension) is on its way. */
  claiming: boolean;
  onClaim: (extend: boolean) => Promise<void>;
  /** Asks to give the claim back (the page confirms first). */
  onAskRelease: () => void;
};

/** The review page's header: what is reviewed, the caller's mode and claim clock, and the claim's actions. */
export function ReviewHeader({ item, mode, headingRef, claimLeft, canComment, claiming, onClaim, onAskRelease }: HeaderProps) {
  const pill = MODE_PILL[mode] ?? { label: item.status === 'done' ? 'Done' : item.status === 'moderation' ? 'In moderation' : 'Read only', tone: item.status === 'done' ? 'graded' : 'closed' };
  return (
    <header className="ws-header">
      <div className="ws-header__title">
        <p className="ws-header__eyebrow">
          {item.scenario.title} · version {item.scenario.version}
          {item.assignment.title !== item.scenario.title ? ` · ${item.assignment.title}` : ''}
          {item.assignment.course ? ` · ${item.assignment.course}` : ''}
        </p>
        <h1 ref={headingRef} tabIndex={-1} className="ws-header__heading review-heading">
          Review: <StudentRef student={item.student} inline />
        </h1>
      </div>
      <div className="ws-header__status">
        <span className={`pill pill--${pill.tone}`}>{pill.label}</span>
        {item.calibration && mode !== 'calibration' ? <span className="tag tag--calibration">Calibration</span> : null}
        {(mode === 'primary' || mode === 'moderation') && claimLeft !== null ? (
          <span className={`claim-clock${claimLeft < CLAIM_WARNING_MS ? ' claim-clock--warn' : ''}`}>
            <span className="claim-clock__label">Claim</span>
            <span className="claim-clock__value">{claimLeft > 0 ? `${formatTimeLeft(claimLeft)} left` : 'expired'}</span>
          </span>
        ) : null}
      </div>
      <div className="ws-header__actions">
        <KeyboardHelp canComment={canComment} />
        {mode === 'claim' ? (
          <button type="button" className="btn btn--primary" onClick={() => !claiming && void onClaim(false)} aria-disabled={claiming || undefined}>
            {claiming ? 'Claiming…' : item.status === 'moderation' ? 'Claim to moderate' : 'Claim to review'}
          </button>
        ) : null}
        {mode === 'primary' || mode === 'moderation' ? (
          <>
            <button type="button" className="btn" onClick={() => !claiming && void onClaim(true)} aria-disabled={claiming || undefined}>
              {claiming ? 'Extending…' : 'Extend claim'}
            </button>
            <button type="button" className="btn btn--quiet" onClick={onAskRelease}>
              Release
            </button>
          </>
        ) : null}
        <Link to="/reviews" className="btn btn--quiet">
          Back to queue
        </Link>
      </div>
    </header>
  );
}

export type ReviewNoticeText = { tone: 'success' | 'info' | 'error'; text: string };

type NoticesProps = {
  detail: ReviewItemDetail;
  mode: Mode;
  userId: string;
  claimLeft: number | null;
  /** The outcome of the caller's last action (claim, release, submit). */
  notice: ReviewNoticeText | null;
  onDismiss: () => void;
  /** The browser refused to keep the draft. */
  storageFailed: boolean;
};

/** Under the header: the last action's outcome, the claim running out, and why the caller may or may not score. */
export function ReviewNotices({ detail, mode, userId, claimLeft, notice, onDismiss, storageFailed }: NoticesProps) {
  const { item } = detail;
  const claimHeld = mode === 'primary' || mode === 'moderation';
  return (
    <div className="ws-notices">
      {notice ? (
        <Banner tone={notice.tone} onDismiss={onDismiss}>
          {notice.text}
        </Banner>
      ) : null}
      {claimHeld && claimLeft !== null && claimLeft <= 0 ? (
        <Banner tone="error">Your claim has run out, so someone else may claim this submission. Extend the claim to keep it; your draft is kept on this device.</Banner>
      ) : claimHeld && claimLeft !== null && claimLeft < CLAIM_WARNING_MS ? (
        <Banner tone="info">Your claim ends in a few minutes. Extend it to keep working; your draft is kept on this device.</Banner>
      ) : null}
      {mode === 'claim' ? (
        <Banner tone="info">
          {item.status === 'moderation'
            ? 'The reviewers disagree on some criteria. Claim this submission to moderate it; a claim holds it for you for 30 minutes.'
            : 'Claim this submission to score it. A claim holds it for you for 30 minutes and can be extended.'}
        </Banner>
      ) : null}
      {mode === 'view' && item.status !== 'done' && item.claimedByOther && !item.mine ? (
        <Banner tone="info">Another reviewer is working on this submission. You can read it, but not score it.</Banner>
      ) : null}
      {mode === 'view' && item.mine?.status === 'submitted' && item.status === 'open' ? (
        <Banner tone="info">Your review is in. The other review shows here once the second reviewer has submitted theirs.</Banner>
      ) : null}
      <ModerationNotice detail={detail} userId={userId} />
      {storageFailed ? <Banner tone="error">This browser does not let the page keep your draft. Submit before you close or reload the page.</Banner> : null}
    </div>
  );
}
