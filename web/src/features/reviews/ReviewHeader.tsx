import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReviewItemDetail } from '../../../../server/contract/review';
import { formatTimeLeft } from '../../app/format';
import { Banner } from '../../components/Banner';
import { KeyboardHelp } from './KeyboardHelp';
import { ModerationNotice } from './ModerationNotice';
import type { Mode } from './reviewMode';
import { StudentRef } from './StudentRef';

/** The caller's mode as a pill: its words (a key under `header.pill`) and colour. */
const MODE_PILL: Record<Mode, { key: 'claim' | 'primary' | 'moderation' | 'calibration'; tone: string } | null> = {
  claim: { key: 'claim', tone: 'open' },
  primary: { key: 'primary', tone: 'in_progress' },
  moderation: { key: 'moderation', tone: 'awaiting_review' },
  calibration: { key: 'calibration', tone: 'in_progress' },
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
  const { t } = useTranslation('reviews');
  const modePill = MODE_PILL[mode];
  const pillLabels = {
    claim: t('header.pill.claim'),
    primary: t('header.pill.primary'),
    moderation: t('header.pill.moderation'),
    calibration: t('header.pill.calibration'),
  };
  const pill = modePill
    ? { label: pillLabels[modePill.key], tone: modePill.tone }
    : {
        label: item.status === 'done' ? t('header.pill.done') : item.status === 'moderation' ? t('header.pill.inModeration') : t('header.pill.readOnly'),
        tone: item.status === 'done' ? 'graded' : 'closed',
      };
  return (
    <header className="ws-header">
      <div className="ws-header__title">
        <p className="ws-header__eyebrow">
          {item.scenario.title} · {t('header.version', { version: item.scenario.version })}
          {item.assignment.title !== item.scenario.title ? ` · ${item.assignment.title}` : ''}
          {item.assignment.course ? ` · ${item.assignment.course}` : ''}
        </p>
        <h1 ref={headingRef} tabIndex={-1} className="ws-header__heading review-heading">
          {t('header.heading')}
          <StudentRef student={item.student} inline />
        </h1>
      </div>
      <div className="ws-header__status">
        <span className={`pill pill--${pill.tone}`}>{pill.label}</span>
        {item.calibration && mode !== 'calibration' ? <span className="tag tag--calibration">{t('calibrationTag')}</span> : null}
        {(mode === 'primary' || mode === 'moderation') && claimLeft !== null ? (
          <span className={`claim-clock${claimLeft < CLAIM_WARNING_MS ? ' claim-clock--warn' : ''}`}>
            <span className="claim-clock__label">{t('header.claim')}</span>
            <span className="claim-clock__value">{claimLeft > 0 ? t('header.left', { time: formatTimeLeft(claimLeft) }) : t('header.expired')}</span>
          </span>
        ) : null}
      </div>
      <div className="ws-header__actions">
        <KeyboardHelp canComment={canComment} />
        {mode === 'claim' ? (
          <button type="button" className="btn btn--primary" onClick={() => !claiming && void onClaim(false)} aria-disabled={claiming || undefined}>
            {claiming ? t('claiming') : item.status === 'moderation' ? t('header.claimToModerate') : t('header.claimToReview')}
          </button>
        ) : null}
        {mode === 'primary' || mode === 'moderation' ? (
          <>
            <button type="button" className="btn" onClick={() => !claiming && void onClaim(true)} aria-disabled={claiming || undefined}>
              {claiming ? t('header.extending') : t('header.extend')}
            </button>
            <button type="button" className="btn btn--quiet" onClick={onAskRelease}>
              {t('header.release')}
            </button>
          </>
        ) : null}
        <Link to="/reviews" className="btn btn--quiet">
          {t('header.back')}
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
  const { t } = useTranslation('reviews');
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
        <Banner tone="error">{t('notices.claimOut')}</Banner>
      ) : claimHeld && claimLeft !== null && claimLeft < CLAIM_WARNING_MS ? (
        <Banner tone="info">{t('notices.claimEnding')}</Banner>
      ) : null}
      {mode === 'claim' ? (
        <Banner tone="info">
          {item.status === 'moderation' ? t('notices.claimToModerate') : t('notices.claimToScore')}
        </Banner>
      ) : null}
      {mode === 'view' && item.status !== 'done' && item.claimedByOther && !item.mine ? (
        <Banner tone="info">{t('notices.otherReviewer')}</Banner>
      ) : null}
      {mode === 'view' && item.mine?.status === 'submitted' && item.status === 'open' ? (
        <Banner tone="info">{t('notices.waitingSecond')}</Banner>
      ) : null}
      <ModerationNotice detail={detail} userId={userId} />
      {storageFailed ? <Banner tone="error">{t('notices.storageFailed')}</Banner> : null}
    </div>
  );
}
