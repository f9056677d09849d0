// Huaxin Precision Plastics, Dongguan: OEE of injection-moulding press IM-07, per shift,
// computed from the MES event log. The shift dashboard and the daily report both call oeeByShift().

/** One line of the MES log after parsing. */
export interface LogEvent {
  /** Minutes after midnight: "06:30" is 390. */
  time: number;
  /** Shift letter: A (06:00–14:00), B (14:00–22:00) or C (22:00–06:00). */
  shift: string;
  /** Event code, e.g. START, PLANNED, DOWN, PARTS. */
  code: string;
  /** Minutes for stops, parts for counts; 0 for events without a value (START, END). */
  value: number;
}

/** OEE figures for one shift. Ratios are between 0 and 1, not percentages. */
export interface ShiftOee {
  shift: string;
  /** Length of the shift from START to END. */
  shiftMinutes: number;
  /** Planned production time: shift length minus planned stops. */
  plannedMinutes: number;
  /** Run time: planned production time minus unplanned stops. */
  runMinutes: number;
  totalCount: number;
  goodCount: number;
  availability: number;
  performance: number;
  quality: number;
  oee: number;
}

/** The events this module reads; the MES logs more (LOGIN, ALARM, ...), which are skipped. */
const KNOWN_CODES = ['START', 'END', 'PLANNED', 'DOWN', 'CHANGEOVER', 'PARTS', 'REJECT', 'REWORK'];

const MINUTES_PER_DAY = 24 * 60;

/** Plant OEE standard: a changeover is planned up to this many minutes, the rest is unplanned. */
export const STANDARD_CHANGEOVER_MINUTES = 45;

/** "HH:MM" to minutes after midnight. */
export function parseTime(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/** One log line to an event, or null for empty lines, comments and events we do not read. */
export function parseLine(line: string): LogEvent | null {
  const text = line.trim();
  if (text === '' || text.startsWith('#')) return null;
  const [time = '', shift = '', code = '', value] = text.split(/\s+/);
  if (!KNOWN_CODES.includes(code)) return null;
  return { time: parseTime(time), shift, code, value: value === undefined ? 0 : Number(value) };
}

type Totals = { start: number; end: number; planned: number; down: number; total: number; notGood: number };

/** part / whole, or 0 when there is nothing to divide by (a shift without run time or parts). */
function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

function summarise(shift: string, t: Totals, idealCycleSeconds: number): ShiftOee {
  // A night shift ends at an earlier clock time than it starts: it runs past midnight.
  const shiftMinutes = (t.end - t.start + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const plannedMinutes = shiftMinutes - t.planned;
  const runMinutes = plannedMinutes - t.down;
  const goodCount = t.total - t.notGood;
  const availability = ratio(runMinutes, plannedMinutes);
  const performance = ratio(idealCycleSeconds * t.total, runMinutes * 60);
  const quality = ratio(goodCount, t.total);
  return {
    shift,
    shiftMinutes,
    plannedMinutes,
    runMinutes,
    totalCount: t.total,
    goodCount,
    availability,
    performance,
    quality,
    oee: availability * performance * quality,
  };
}

/**
 * OEE per shift, in the order the shifts first appear in the log.
 * idealCycleSeconds is the ideal cycle time per part (not per shot).
 */
export function oeeByShift(lines: string[], idealCycleSeconds: number): ShiftOee[] {
  const shifts = new Map<string, Totals>();
  for (const line of lines) {
    const e = parseLine(line);
    if (e === null) continue;
    let t = shifts.get(e.shift);
    if (t === undefined) {
      t = { start: e.time, end: e.time, planned: 0, down: 0, total: 0, notGood: 0 };
      shifts.set(e.shift, t);
    }
    if (e.code === 'START') t.start = e.time;
    else if (e.code === 'END') t.end = e.time;
    else if (e.code === 'PLANNED') t.planned += e.value;
    else if (e.code === 'DOWN') t.down += e.value;
    else if (e.code === 'CHANGEOVER') {
      // Each changeover on its own: up to the standard time it is planned, beyond it unplanned.
      t.planned += Math.min(e.value, STANDARD_CHANGEOVER_MINUTES);
      t.down += Math.max(0, e.value - STANDARD_CHANGEOVER_MINUTES);
    } else if (e.code === 'PARTS') t.total += e.value;
    else t.notGood += e.value; // REJECT and REWORK: not good the first time
  }
  return [...shifts].map(([shift, t]) => summarise(shift, t, idealCycleSeconds));
}
