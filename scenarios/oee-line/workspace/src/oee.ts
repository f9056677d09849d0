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
const KNOWN_CODES = ['START', 'END', 'PLANNED', 'DOWN', 'PARTS', 'REJECT'];

/** "HH:MM" to minutes after midnight. */
export function parseTime(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/** One log line to an event, or null for empty lines, comments and events we do not read. */
export function parseLine(line: string): LogEvent | null {
  const text = line.trim();
  if (text === '' || text.startsWith('#')) return null;
  const [time = '', shift = '', code = '', value] = text.split(' ');
  if (!KNOWN_CODES.includes(code)) return null;
  return { time: parseTime(time), shift, code, value: value === undefined ? 0 : Number(value) };
}

type Totals = { start: number; end: number; planned: number; down: number; total: number; rejected: number };

function summarise(shift: string, t: Totals, idealCycleSeconds: number): ShiftOee {
  const shiftMinutes = t.end - t.start;
  const plannedMinutes = shiftMinutes;
  const runMinutes = plannedMinutes - t.planned - t.down;
  const goodCount = t.total - t.rejected;
  const availability = runMinutes / plannedMinutes;
  const performance = (idealCycleSeconds * goodCount) / (runMinutes * 60);
  const quality = goodCount / t.total;
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
      t = { start: e.time, end: e.time, planned: 0, down: 0, total: 0, rejected: 0 };
      shifts.set(e.shift, t);
    }
    if (e.code === 'START') t.start = e.time;
    else if (e.code === 'END') t.end = e.time;
    else if (e.code === 'PLANNED') t.planned += e.value;
    else if (e.code === 'DOWN') t.down += e.value;
    else if (e.code === 'PARTS') t.total += e.value;
    else t.rejected += e.value;
  }
  return [...shifts].map(([shift, t]) => summarise(shift, t, idealCycleSeconds));
}
