import { oeeByShift } from './src/oee';

test("Liang Jun's example: a 60-minute colour change and reworked parts", () => {
  const log = [
    '14:00 B START',
    '15:10 B CHANGEOVER 60 COLOUR BLACK>GREY',
    '18:30 B PLANNED 30 MEAL',
    '22:00 B PARTS 1150',
    '22:00 B REJECT 40 COLOUR_STREAKS',
    '22:00 B REWORK 15 FLASH_TRIM',
    '22:00 B END',
  ];
  const [b] = oeeByShift(log, 18);
  expect(b.plannedMinutes).toBe(405);
  expect(b.runMinutes).toBe(390);
  expect(b.goodCount).toBe(1095);
  expect(b.oee).toBeCloseTo(0.8111, 4);
});
