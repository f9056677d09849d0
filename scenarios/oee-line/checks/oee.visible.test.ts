import { oeeByShift } from './src/oee';

describe('the worked example from the task', () => {
  const log = [
    '06:00 A START',
    '08:10 A DOWN 20 MOULD_JAM',
    '10:00 A PLANNED 30 MEAL',
    '11:00 A PARTS 700',
    '14:00 A PARTS 600',
    '14:00 A REJECT 26 SHORT_SHOT',
    '14:00 A END',
  ];

  test('times: 480 min shift, 450 min planned, 430 min run', () => {
    const [a] = oeeByShift(log, 18);
    expect(a.shiftMinutes).toBe(480);
    expect(a.plannedMinutes).toBe(450);
    expect(a.runMinutes).toBe(430);
  });

  test('availability 95.56 %, performance 90.70 %, quality 98.00 %, OEE 84.93 %', () => {
    const [a] = oeeByShift(log, 18);
    expect(a.availability).toBeCloseTo(0.9556, 4);
    expect(a.performance).toBeCloseTo(0.907, 4);
    expect(a.quality).toBeCloseTo(0.98, 4);
    expect(a.oee).toBeCloseTo(0.8493, 4);
  });
});

test('the night shift from the complaint runs past midnight', () => {
  const log = [
    '22:00 C START',
    '23:30 C DOWN 25 HEATER_ALARM',
    '02:00 C PLANNED 30 MEAL',
    '06:00 C PARTS 1200',
    '06:00 C REJECT 30 SHORT_SHOT',
    '06:00 C END',
  ];
  const [c] = oeeByShift(log, 18);
  expect(c.shiftMinutes).toBe(480);
  expect(c.runMinutes).toBe(425);
  expect(c.oee).toBeCloseTo(0.78, 4);
});
