/**
 * Where a test's hand-moved clock starts: the real time, to the whole minute.
 *
 * Tests give the server a clock they move (`clock: () => new Date(now)`), but the HTTP
 * client judges a cookie's `Expires` by the real clock, and a deadline or a token the server
 * stamps meets the real clock sooner or later too. A fixed calendar date is overtaken by real
 * time and the suite breaks on a date nobody chose, so start from now and move from there.
 */
export function clockStart(): number {
  return Math.floor(Date.now() / 60_000) * 60_000;
}

/** The calendar day (UTC) of a clock reading, as the API writes dates: `2026-11-27`. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export const DAY_MS = 86_400_000;

/**
 * Noon, local time, on the day of a clock reading. For tests of pure formatting that add
 * minutes to "now" and expect the same day: from 23:40 on, "in 20 minutes" is tomorrow and
 * the words rightly gain a weekday, so such tests start at midday instead of the real time.
 */
export function middayOf(ms: number): number {
  const d = new Date(ms);
  d.setHours(12, 0, 0, 0);
  return d.getTime();
}
