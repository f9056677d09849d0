import { useEffect, useState } from 'react';
import { useAppSelector } from '../../app/hooks';
import { selectClockOffsetMs } from './connectionSlice';

/**
 * The server's "now", ticking every `everyMs`: countdowns follow the server clock (measured
 * by clock.sync), so a student cannot gain time by changing the device clock. `fallbackOffsetMs`
 * is used until the first sync, e.g. from a response's serverTime.
 */
export function useServerNow(everyMs = 1000, fallbackOffsetMs = 0): number {
  const offset = useAppSelector(selectClockOffsetMs) ?? fallbackOffsetMs;
  const [deviceNow, setDeviceNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setDeviceNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return deviceNow + offset;
}
