import { oeeByShift, parseLine, parseTime } from './src/oee';

describe('reading the MES log', () => {
  test('a line becomes time in minutes, shift, code and value', () => {
    expect(parseLine('06:30 A START')).toStrictEqual({ time: 390, shift: 'A', code: 'START', value: 0 });
    expect(parseLine('21:50 B REJECT 60 COLOUR_STREAKS')).toStrictEqual({ time: 1310, shift: 'B', code: 'REJECT', value: 60 });
    expect(parseTime('00:40')).toBe(40);
    expect(parseTime('13:05')).toBe(785);
  });

  test('columns padded with several spaces or tabs', () => {
    expect(parseLine('07:35   A      DOWN        12     MATERIAL_WAIT dryer hopper empty')).toStrictEqual({
      time: 455,
      shift: 'A',
      code: 'DOWN',
      value: 12,
    });
    expect(parseLine('  09:00\tA\tPARTS\t172  ')).toStrictEqual({ time: 540, shift: 'A', code: 'PARTS', value: 172 });
  });

  test('empty lines, comments and cancelled entries are skipped', () => {
    expect(parseLine('')).toBeNull();
    expect(parseLine('   ')).toBeNull();
    expect(parseLine('# time  shift  event       value  note')).toBeNull();
    expect(parseLine('# 19:40 B      DOWN        25     ROBOT_GRIPPER')).toBeNull();
    expect(parseLine('   # 08:00 A PARTS 150')).toBeNull();
    expect(parseLine('#19:40   B      DOWN        25     ROBOT_GRIPPER')).toBeNull();
  });

  test('events the OEE does not use are skipped', () => {
    expect(parseLine('06:03   A      LOGIN              op=0417')).toBeNull();
    expect(parseLine('19:20 B ALARM E214 robot gripper vacuum low')).toBeNull();
    expect(parseLine('10:00 A PLANNED 30 MEAL')).not.toBeNull();
  });
});

describe('OEE per shift', () => {
  const padded = [
    '# MES export  press=IM-07',
    '# time  shift  event       value  note',
    '06:00   A      START',
    '06:03   A      LOGIN              op=0417',
    '07:35   A      DOWN        12     MATERIAL_WAIT',
    '#08:20   A      DOWN        30     MOULD_JAM   cancelled',
    '10:00   A      PLANNED     30     MEAL',
    '11:40   A      DOWN        8      NOZZLE_CLEAN',
    '12:00   A      PARTS       700',
    '',
    '13:30   A      PLANNED     10     5S_CLEANING',
    '14:00   A      PARTS       480',
    '14:00   A      REJECT      24     SHORT_SHOT',
    '14:00   A      REJECT      9      FLASH',
    '14:00   A      END',
    '13:45   B      PLANNED     30     MEAL   entered by shift lead',
    '14:00   B      START',
    '19:20   B      ALARM              E214 robot gripper vacuum low',
    '22:00   B      PARTS       1400',
    '22:00   B      REJECT      70     COLOUR_STREAKS',
    '22:00   B      END',
  ];

  test('one result per shift, in the order of the log', () => {
    const result = oeeByShift(padded, 18);
    expect(result).toHaveLength(2);
    expect(result.map((s) => s.shift)).toEqual(['A', 'B']);
  });

  test('planned stops are summed and leave the planned production time', () => {
    const [a] = oeeByShift(padded, 18);
    expect(a.shiftMinutes).toBe(480);
    expect(a.plannedMinutes).toBe(440);
    expect(a.runMinutes).toBe(420);
    expect(a.availability).toBeCloseTo(420 / 440, 6);
  });

  test('performance counts every part made, good or not', () => {
    const [a] = oeeByShift(padded, 18);
    expect(a.totalCount).toBe(1180);
    expect(a.goodCount).toBe(1147);
    expect(a.performance).toBeCloseTo((1180 * 18) / (420 * 60), 6);
    expect(a.quality).toBeCloseTo(1147 / 1180, 6);
    expect(a.oee).toBeCloseTo((420 / 440) * ((1180 * 18) / (420 * 60)) * (1147 / 1180), 6);
  });

  test('a shift without unplanned stops has 100 % availability', () => {
    const [, b] = oeeByShift(padded, 18);
    expect(b.plannedMinutes).toBe(450);
    expect(b.runMinutes).toBe(450);
    expect(b.availability).toBe(1);
    expect(b.performance).toBeCloseTo(0.9333, 4);
    expect(b.quality).toBeCloseTo(0.95, 6);
    expect(b.oee).toBeCloseTo(0.8867, 4);
  });

  test('the ideal cycle time is a parameter', () => {
    const [a] = oeeByShift(padded, 20);
    expect(a.performance).toBeCloseTo((1180 * 20) / (420 * 60), 6);
    expect(a.availability).toBeCloseTo(420 / 440, 6);
  });

  test('night shifts run past midnight', () => {
    const [c] = oeeByShift(['22:30 C START', '01:15 C DOWN 40 HEATER_ALARM', '02:00 C PLANNED 30 MEAL', '06:15 C PARTS 1000', '06:15 C END'], 18);
    expect(c.shiftMinutes).toBe(465);
    expect(c.plannedMinutes).toBe(435);
    expect(c.runMinutes).toBe(395);
    expect(c.quality).toBe(1);
    expect(c.oee).toBeCloseTo((395 / 435) * ((1000 * 18) / (395 * 60)), 6);
  });

  test('a day shift that starts and ends on the half hour', () => {
    const [a] = oeeByShift(['06:30 A START', '14:30 A PARTS 1500', '14:30 A END'], 18);
    expect(a.shiftMinutes).toBe(480);
    expect(a.performance).toBeCloseTo(0.9375, 6);
  });
});

describe('shifts without production', () => {
  test('a press down for the whole shift has 0 everywhere, never NaN', () => {
    const [c] = oeeByShift(['22:00 C START', '22:00 C PLANNED 30 MEAL', '22:00 C DOWN 450 MOULD_REPAIR', '06:00 C END'], 18);
    expect(c.plannedMinutes).toBe(450);
    expect(c.runMinutes).toBe(0);
    expect(c.totalCount).toBe(0);
    expect(c.availability).toBe(0);
    expect(c.performance).toBe(0);
    expect(c.quality).toBe(0);
    expect(c.oee).toBe(0);
  });

  test('run time but no parts gives 0 performance and 0 quality', () => {
    const [a] = oeeByShift(['06:00 A START', '07:00 A DOWN 60 NO_ORDER', '14:00 A END'], 18);
    expect(a.availability).toBeCloseTo(420 / 480, 6);
    expect(a.performance).toBe(0);
    expect(a.quality).toBe(0);
    expect(a.oee).toBe(0);
  });

  test('a shift planned off completely has 0 availability', () => {
    const [b] = oeeByShift(['14:00 B START', '14:00 B PLANNED 480 NO_PLAN', '22:00 B END'], 18);
    expect(b.plannedMinutes).toBe(0);
    expect(b.availability).toBe(0);
    expect(b.oee).toBe(0);
  });
});
