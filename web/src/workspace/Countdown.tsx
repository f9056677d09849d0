import { useEffect, useRef, useState } from 'react';
import { formatClock, formatTimeLeft } from '../app/format';
import { useServerNow } from '../features/connection/useServerNow';

const WARN_AT_MS = 5 * 60_000;
const ANNOUNCE_AT_MIN = [10, 5, 1];

/**
 * Time left by the server's clock (the shell measures the offset with clock.sync; until then
 * the attempt's own serverTime stands in). Screen readers hear it at 10, 5 and 1 minutes
 * rather than every second.
 */
export function Countdown({ deadlineAt, serverTime, active }: { deadlineAt: string; serverTime: string; active: boolean }) {
  const [fallbackOffset] = useState(() => Date.parse(serverTime) - Date.now());
  const now = useServerNow(1000, fallbackOffset);
  const left = Date.parse(deadlineAt) - now;
  const [announcement, setAnnouncement] = useState('');
  const announced = useRef(new Set<number>());

  useEffect(() => {
    if (!active) return;
    for (const minutes of ANNOUNCE_AT_MIN) {
      if (left <= minutes * 60_000 && left > (minutes - 1) * 60_000 && !announced.current.has(minutes)) {
        announced.current.add(minutes);
        setAnnouncement(`${formatTimeLeft(left)} left.`);
      }
    }
  }, [Math.floor(left / 60_000), active]);

  if (!active) return null;
  const state = left <= 0 ? 'over' : left <= WARN_AT_MS ? 'warn' : 'ok';
  return (
    <div className={`countdown countdown--${state}`}>
      <span className="countdown__label">{state === 'over' ? 'Time is up' : 'Time left'}</span>
      <span className="countdown__value" role="timer" aria-label={`Time left: ${formatTimeLeft(left)}`}>
        {state === 'over' ? 'submitting…' : formatClock(left)}
      </span>
      <span className="visually-hidden" role="status">
        {announcement}
      </span>
    </div>
  );
}
