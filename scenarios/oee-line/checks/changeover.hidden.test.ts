import { oeeByShift, parseLine, STANDARD_CHANGEOVER_MINUTES } from './src/oee';

const shiftWith = (...events) => oeeByShift(['14:00 B START', ...events, '22:00 B PARTS 1000', '22:00 B END'], 18)[0];

describe('changeovers', () => {
  test('the MES line is read with its minutes', () => {
    expect(parseLine('16:05   B      CHANGEOVER  70     COLOUR BLACK>GREY purge')).toStrictEqual({
      time: 965,
      shift: 'B',
      code: 'CHANGEOVER',
      value: 70,
    });
    expect(STANDARD_CHANGEOVER_MINUTES).toBe(45);
  });

  test('a changeover within the standard time is all planned', () => {
    const b = shiftWith('15:00 B CHANGEOVER 30 COLOUR GREY>BLACK');
    expect(b.plannedMinutes).toBe(450);
    expect(b.runMinutes).toBe(450);
    expect(b.availability).toBe(1);
  });

  test('exactly 45 minutes is still all planned', () => {
    const b = shiftWith('15:00 B CHANGEOVER 45 COLOUR GREY>BLACK');
    expect(b.plannedMinutes).toBe(435);
    expect(b.runMinutes).toBe(435);
  });

  test('the minutes over 45 are unplanned downtime', () => {
    const b = shiftWith('15:00 B CHANGEOVER 70 COLOUR BLACK>GREY', '19:00 B DOWN 10 ROBOT_GRIPPER');
    expect(b.plannedMinutes).toBe(435);
    expect(b.runMinutes).toBe(400);
    expect(b.availability).toBeCloseTo(400 / 435, 6);
    expect(b.performance).toBeCloseTo((1000 * 18) / (400 * 60), 6);
  });

  test('each changeover gets its own 45 minutes', () => {
    const b = shiftWith('15:00 B CHANGEOVER 40 COLOUR BLACK>GREY', '19:00 B CHANGEOVER 60 COLOUR GREY>BLACK', '20:00 B PLANNED 30 MEAL');
    expect(b.plannedMinutes).toBe(480 - 30 - 40 - 45);
    expect(b.runMinutes).toBe(480 - 30 - 40 - 45 - 15);
  });
});

describe('rework', () => {
  test('reworked parts are not good parts', () => {
    const b = shiftWith('21:00 B REWORK 20 FLASH_TRIM');
    expect(b.totalCount).toBe(1000);
    expect(b.goodCount).toBe(980);
    expect(b.quality).toBeCloseTo(0.98, 6);
  });

  test('rejects and rework add up', () => {
    const b = shiftWith('21:00 B REJECT 30 SHORT_SHOT', '21:00 B REWORK 20 FLASH_TRIM', '21:30 B REWORK 5 FLASH_TRIM');
    expect(b.goodCount).toBe(945);
    expect(b.quality).toBeCloseTo(0.945, 6);
    expect(b.oee).toBeCloseTo(1 * ((1000 * 18) / (480 * 60)) * 0.945, 6);
  });
});
