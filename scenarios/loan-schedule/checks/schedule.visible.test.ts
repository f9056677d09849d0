import { buildSchedule } from './src/schedule';

// Amounts are compared in whole fen, so 1039.43 and 1039.4300000000001 count as the same.
const fen = (yuan: number): number => Math.round(yuan * 100);

test('equal instalments (等额本息): 12 000 yuan, 12 months, 7.2 %, as in the contract', () => {
  const s = buildSchedule({ principal: 12000, annualRatePercent: 7.2, months: 12, method: 'equal-instalment' });
  expect(s.lines).toHaveLength(12);
  const first = s.lines[0]!;
  expect([first.period, fen(first.payment), fen(first.principal), fen(first.interest), fen(first.balance)]).toEqual([1, 103943, 96743, 7200, 1103257]);
  const last = s.lines[11]!;
  expect([last.period, fen(last.payment), fen(last.principal), fen(last.interest), fen(last.balance)]).toEqual([12, 103942, 103322, 620, 0]);
  expect(fen(s.totalInterest)).toBe(47315);
});

test('equal principal (等额本金): the same loan pays less interest every month', () => {
  const s = buildSchedule({ principal: 12000, annualRatePercent: 7.2, months: 12, method: 'equal-principal' });
  expect(s.lines.map((line) => fen(line.payment)).slice(0, 3)).toEqual([107200, 106600, 106000]);
  expect(s.lines.map((line) => fen(line.interest)).slice(0, 3)).toEqual([7200, 6600, 6000]);
  expect(fen(s.totalInterest)).toBe(46800);
});
