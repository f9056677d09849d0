import { buildSchedule, levelPayment, monthlyRate } from './src/schedule';
import type { LoanTerms, Method, Schedule } from './src/schedule';

// Amounts are compared in whole fen, so 1039.43 and 1039.4300000000001 count as the same.
const fen = (yuan: number): number => Math.round(yuan * 100);
const column = (s: Schedule, key: 'payment' | 'principal' | 'interest' | 'balance'): number[] => s.lines.map((line) => fen(line[key]));
const plan = (principal: number, annualRatePercent: number, months: number, method: Method): Schedule =>
  buildSchedule({ principal, annualRatePercent, months, method });
const isWholeFen = (yuan: number): boolean => Math.abs(yuan * 100 - Math.round(yuan * 100)) < 1e-6;

describe('rates and the level payment', () => {
  test('the monthly rate is the annual rate divided by 12', () => {
    expect(monthlyRate(7.2)).toBeCloseTo(0.006, 12);
    expect(monthlyRate(12)).toBeCloseTo(0.01, 12);
    expect(monthlyRate(0)).toBe(0);
  });

  test('the level payment of an equal-instalment loan, rounded to the fen', () => {
    expect(fen(levelPayment(12000, 7.2, 12))).toBe(103943);
    expect(fen(levelPayment(36000, 9.6, 24))).toBe(165458);
    expect(fen(levelPayment(8888.88, 6.6, 5))).toBe(180722);
  });

  test('at 0 % the level payment is the principal spread evenly', () => {
    expect(fen(levelPayment(4500, 0, 3))).toBe(150000);
    expect(fen(levelPayment(5000, 0, 3))).toBe(166667);
  });
});

describe('equal instalments (等额本息)', () => {
  test('every line of 12 000 yuan over 12 months at 7.2 %', () => {
    const s = plan(12000, 7.2, 12, 'equal-instalment');
    expect(s.lines.map((line) => line.period)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(column(s, 'interest')).toEqual([7200, 6620, 6036, 5448, 4857, 4263, 3665, 3063, 2458, 1849, 1236, 620]);
    expect(column(s, 'principal')).toEqual([96743, 97323, 97907, 98495, 99086, 99680, 100278, 100880, 101485, 102094, 102707, 103322]);
    expect(column(s, 'balance')).toEqual([1103257, 1005934, 908027, 809532, 710446, 610766, 510488, 409608, 308123, 206029, 103322, 0]);
  });

  test('the last instalment absorbs the rounding, up or down', () => {
    expect(column(plan(8888.88, 6.6, 5, 'equal-instalment'), 'payment')).toEqual([180722, 180722, 180722, 180722, 180721]);
    const long = plan(200000, 8.4, 36, 'equal-instalment');
    expect(fen(long.lines[34]!.payment)).toBe(630424);
    expect([fen(long.lines[35]!.payment), fen(long.lines[35]!.principal), fen(long.lines[35]!.interest), fen(long.lines[35]!.balance)]).toEqual([630439, 626057, 4382, 0]);
  });

  test('totals: interest and payments over the whole loan', () => {
    const s = plan(36000, 9.6, 24, 'equal-instalment');
    expect(fen(s.totalInterest)).toBe(370988);
    expect(fen(s.totalPayment)).toBe(3970988);
  });
});

describe('equal principal (等额本金)', () => {
  test('interest on the remaining balance, not on the amount lent', () => {
    const s = plan(12000, 7.2, 12, 'equal-principal');
    expect(column(s, 'interest')).toEqual([7200, 6600, 6000, 5400, 4800, 4200, 3600, 3000, 2400, 1800, 1200, 600]);
    expect(column(s, 'payment')).toEqual([107200, 106600, 106000, 105400, 104800, 104200, 103600, 103000, 102400, 101800, 101200, 100600]);
    expect(fen(s.totalPayment)).toBe(1246800);
  });

  test('a principal that does not divide evenly: the last part takes the difference', () => {
    const s = plan(10000, 8.4, 7, 'equal-principal');
    expect(column(s, 'principal')).toEqual([142857, 142857, 142857, 142857, 142857, 142857, 142858]);
    expect(column(s, 'balance')).toEqual([857143, 714286, 571429, 428572, 285715, 142858, 0]);
    expect(fen(s.totalInterest)).toBe(28000);
    const odd = plan(8888.88, 6.6, 5, 'equal-principal');
    expect(column(odd, 'principal')).toEqual([177778, 177778, 177778, 177778, 177776]);
    expect(column(odd, 'interest')).toEqual([4889, 3911, 2933, 1956, 978]);
  });

  test('totals of the complaint loan: 36 000 yuan over 24 months at 9.6 %', () => {
    const s = plan(36000, 9.6, 24, 'equal-principal');
    expect(fen(s.totalInterest)).toBe(360000);
    expect(fen(s.totalPayment)).toBe(3960000);
    expect(fen(s.lines[23]!.payment)).toBe(151200);
  });
});

describe('edge cases', () => {
  test('0 % promotion: no interest, no NaN, the last instalment takes the odd fen', () => {
    for (const method of ['equal-instalment', 'equal-principal'] as const) {
      const s = plan(5000, 0, 3, method);
      expect(column(s, 'payment')).toEqual([166667, 166667, 166666]);
      expect(column(s, 'interest')).toEqual([0, 0, 0]);
      expect(column(s, 'balance')).toEqual([333333, 166666, 0]);
      expect(fen(s.totalInterest)).toBe(0);
      expect(fen(s.totalPayment)).toBe(500000);
    }
  });

  test('a 1-month loan is repaid in one instalment with one month of interest', () => {
    for (const method of ['equal-instalment', 'equal-principal'] as const) {
      const s = plan(2000, 6, 1, method);
      expect(s.lines).toHaveLength(1);
      expect([fen(s.lines[0]!.payment), fen(s.lines[0]!.principal), fen(s.lines[0]!.interest), fen(s.lines[0]!.balance)]).toEqual([201000, 200000, 1000, 0]);
    }
  });

  test('large amounts: 3 000 000 yuan over 60 months at 5.4 %', () => {
    const ei = plan(3000000, 5.4, 60, 'equal-instalment');
    expect(ei.lines).toHaveLength(60);
    expect(fen(ei.lines[0]!.payment)).toBe(5716512);
    expect([fen(ei.lines[59]!.payment), fen(ei.lines[59]!.interest), fen(ei.lines[59]!.balance)]).toEqual([5716502, 25609, 0]);
    expect(fen(ei.totalInterest)).toBe(42990710);
    const ep = plan(3000000, 5.4, 60, 'equal-principal');
    expect(fen(ep.totalInterest)).toBe(41175000);
    expect(fen(ep.lines[59]!.payment)).toBe(5022500);
  });

  test('every amount is a whole number of fen', () => {
    const amounts = [plan(3000000, 5.4, 60, 'equal-instalment'), plan(8888.88, 6.6, 5, 'equal-principal'), plan(36000, 9.6, 24, 'equal-instalment')].flatMap((s) => [
      s.totalInterest,
      s.totalPayment,
      ...s.lines.flatMap((line) => [line.payment, line.principal, line.interest, line.balance]),
    ]);
    expect(amounts.filter((yuan) => !isWholeFen(yuan))).toEqual([]);
  });

  test('terms that make no loan are refused with a RangeError', () => {
    const terms = (principal: number, annualRatePercent: number, months: number): LoanTerms => ({ principal, annualRatePercent, months, method: 'equal-instalment' });
    expect(() => buildSchedule(terms(0, 7.2, 12))).toThrow(RangeError);
    expect(() => buildSchedule(terms(-100, 7.2, 12))).toThrow(RangeError);
    expect(() => buildSchedule(terms(1000, 7.2, 0))).toThrow(RangeError);
    expect(() => buildSchedule(terms(1000, 7.2, 1.5))).toThrow(RangeError);
    expect(() => buildSchedule(terms(1000, -1, 12))).toThrow(RangeError);
    expect(() => buildSchedule(terms(0.01, 0, 1))).not.toThrow();
  });
});
