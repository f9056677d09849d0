import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock, formatTimeLeft } from '../app/format';
import { useServerNow } from '../features/connection/useServerNow';

const WARN_AT_MS = 5 * 60_000;
const ANNOUNCE_AT_MIN = [10, 5, 1];

type Props = {
  deadlineAt: string;
  /** The attempt's serverTime: the scenario's clock when it was sent. */
  serverTime: string;
  /**
   * How far the scenario's clock runs ahead of the server's: an author's preview skips ahead to
   * its next event; an attempt's never does. Both serverTime and deadlineAt are on that clock.
   */
  aheadMs?: number;
  /** Shown once time is up, while nothing else has happened yet. */
  overText?: string;
  active: boolean;
};

/**
 * Time left by the server's clock (the shell measures the offset with clock.sync; until then
 * the attempt's own serverTime stands in). Screen readers hear it at 10, 5 and 1 minutes
 * rather than every second.
 */
export function Countdown({ deadlineAt, serverTime, aheadMs = 0, overText, active }: Props) {
  const { t } = useTranslation('workspace');
  const [fallbackOffset] = useState(() => Date.parse(serverTime) - aheadMs - Date.now());
  const now = useServerNow(1000, fallbackOffset) + aheadMs;
  const left = Date.parse(deadlineAt) - now;
  const [announcement, setAnnouncement] = useState('');
  const announced = useRef(new Set<number>());

  useEffect(() => {
    if (!active) return;
    for (const minutes of ANNOUNCE_AT_MIN) {
      if (left <= minutes * 60_000 && left > (minutes - 1) * 60_000 && !announced.current.has(minutes)) {
        announced.current.add(minutes);
        setAnnouncement(t('countdown.announce', { left: formatTimeLeft(left) }));
      }
    }
  // eslint-disable-next-line react-hooks/exhaustive-deps -- once a minute, not every second: left is read then
  }, [Math.floor(left / 60_000), active]);

  if (!active) return null;
  const state = left <= 0 ? 'over' : left <= WARN_AT_MS ? 'warn' : 'ok';
  return (
    <div className={`countdown countdown--${state}`}>
      <span className="countdown__label">{state === 'over' ? t('countdown.timeUp') : t('countdown.timeLeft')}</span>
      <span className="countdown__value" role="timer" aria-label={t('countdown.aria', { left: formatTimeLeft(left) })}>
        {state === 'over' ? (overText ?? t('countdown.submitting')) : formatClock(left)}
      </span>
      <span className="visually-hidden" role="status">
        {announcement}
      </span>
    </div>
  );
}
