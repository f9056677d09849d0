import { oeeByShift } from './src/oee';

// The MES export of 14 May 2024, as in workspace/data/IM-07_2024-05-14.log.
const LOG = `# MES export  press=IM-07 (Haitian MA1600)  date=2024-05-14
# part=HX-4471 door-handle bezel  mould=M-4471 (2 cavities)  ideal cycle 36.0 s per shot
# time  shift  event       value  note
05:48   A      PLANNED     30     MEAL   entered by shift lead
06:00   A      START
06:03   A      LOGIN              op=0417
07:00   A      PARTS       168
07:35   A      DOWN        12     MATERIAL_WAIT dryer hopper empty
08:00   A      PARTS       151
09:00   A      PARTS       172
10:00   A      PARTS       175
11:00   A      PARTS       90
11:40   A      DOWN        8      NOZZLE_CLEAN
12:00   A      PARTS       164
13:00   A      PARTS       186
13:55   A      REJECT      24     SHORT_SHOT
13:55   A      REJECT      9      FLASH
14:00   A      PARTS       190
14:00   A      END
14:00   B      START
14:02   B      LOGIN              op=0388
15:00   B      PARTS       170
16:00   B      PARTS       166
16:05   B      CHANGEOVER  70     COLOUR BLACK>GREY purge and colour check
17:00   B      PARTS       12
18:00   B      PARTS       131
18:30   B      PLANNED     30     MEAL
19:00   B      PARTS       150
19:20   B      ALARM              E214 robot gripper vacuum low
19:20   B      DOWN        15     ROBOT_GRIPPER
#19:40   B      DOWN        25     ROBOT_GRIPPER   double entry, cancelled by shift lead
20:00   B      PARTS       160
21:00   B      PARTS       165
21:50   B      REJECT      60     COLOUR_STREAKS first grey parts after purge
21:50   B      REWORK      20     FLASH_TRIM
22:00   B      PARTS       166
22:00   B      END
22:00   C      START
22:04   C      LOGIN              op=0562
23:00   C      PARTS       172
00:00   C      PARTS       174
00:40   C      ALARM              E031 hot runner zone 3 temperature low
00:40   C      DOWN        65     HEATER_ALARM hot runner zone 3, heater band replaced
01:00   C      PARTS       96
02:00   C      PARTS       62
02:30   C      PLANNED     30     MEAL
03:00   C      PARTS       150
04:00   C      PARTS       170
04:50   C      DOWN        10     MATERIAL_WAIT
05:00   C      PARTS       128
05:50   C      REJECT      14     SHORT_SHOT
05:50   C      REJECT      8      SINK_MARK
06:00   C      PARTS       168
06:00   C      END
`;

const day = () => oeeByShift(LOG.split('\n'), 18);

test('three shifts in the order A, B, C', () => {
  expect(day().map((s) => s.shift)).toEqual(['A', 'B', 'C']);
});

test('shift A: 84.2 % OEE', () => {
  const [a] = day();
  expect([a.plannedMinutes, a.runMinutes, a.totalCount, a.goodCount]).toEqual([450, 430, 1296, 1263]);
  expect(a.oee).toBeCloseTo(0.842, 4);
});

test('shift B: the colour change counts 45 min planned, 25 min unplanned', () => {
  const [, b] = day();
  expect([b.plannedMinutes, b.runMinutes, b.totalCount, b.goodCount]).toEqual([405, 365, 1120, 1040]);
  expect(b.availability).toBeCloseTo(0.9012, 4);
  expect(b.performance).toBeCloseTo(0.9205, 4);
  expect(b.quality).toBeCloseTo(0.9286, 4);
  expect(b.oee).toBeCloseTo(0.7704, 4);
});

test('shift C: the hot-runner alarm costs availability', () => {
  const [, , c] = day();
  expect([c.shiftMinutes, c.plannedMinutes, c.runMinutes, c.totalCount, c.goodCount]).toEqual([480, 450, 375, 1120, 1098]);
  expect(c.availability).toBeCloseTo(0.8333, 4);
  expect(c.performance).toBeCloseTo(0.896, 4);
  expect(c.quality).toBeCloseTo(0.9804, 4);
  expect(c.oee).toBeCloseTo(0.732, 4);
});
