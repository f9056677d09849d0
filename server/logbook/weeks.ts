/** Calendar weeks as the logbook names them: the Monday's 'YYYY-MM-DD' (UTC days, like placements). */

const DAY_MS = 86_400_000;
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The Monday of the week a day falls in. */
export function mondayOf(day: string): string {
  const ms = dayMs(day);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return dayOf(ms - weekday * DAY_MS);
}

export const isMonday = (day: string) => mondayOf(day) === day;

/** Every week that overlaps [from, to] (both days inclusive); none when to < from. */
export function weeksBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const last = dayMs(to);
  for (let ms = dayMs(mondayOf(from)); ms <= last; ms += 7 * DAY_MS) out.push(dayOf(ms));
  return out;
}

export const todayOf = (now: Date) => now.toISOString().slice(0, 10);
