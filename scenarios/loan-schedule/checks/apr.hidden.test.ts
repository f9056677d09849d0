import { aprPercent } from './src/apr';

const times = (count: number, payment: number): number[] => Array.from({ length: count }, () => payment);

describe('APR by the IRR method', () => {
  test('a fee kept back at the payout raises the APR', () => {
    // 20 000 yuan at 7.2 % over 12 months, 400 yuan account fee deducted: the customer gets 19 600.
    const payments = [...times(11, 1732.38), 1732.36];
    expect(aprPercent(19600, payments)).toBeCloseTo(11.01, 6);
    expect(aprPercent(20000, payments)).toBeCloseTo(7.2, 6);
  });

  test('equal principal without fees: the nominal rate again', () => {
    const payments = [1072, 1066, 1060, 1054, 1048, 1042, 1036, 1030, 1024, 1018, 1012, 1006];
    expect(aprPercent(12000, payments)).toBeCloseTo(7.2, 6);
  });

  test('flat monthly fees on the amount lent cost more than they sound', () => {
    expect(aprPercent(30000, times(24, 1370))).toBeCloseTo(8.96, 6);
    expect(aprPercent(6000, times(6, 1036))).toBeCloseTo(12.24, 6);
    expect(aprPercent(9500, times(10, 1000))).toBeCloseTo(11.32, 6);
  });

  test('one month, a tiny amount, and an expensive loan', () => {
    expect(aprPercent(5000, [5050])).toBeCloseTo(12, 6);
    expect(aprPercent(1, [1.01])).toBeCloseTo(12, 6);
    expect(aprPercent(1000, times(6, 200))).toBeCloseTo(65.66, 6);
  });

  test('a loan that costs nothing has an APR of 0', () => {
    expect(aprPercent(3000, [1000, 1000, 1000])).toBe(0);
    expect(aprPercent(5000, [1666.67, 1666.67, 1666.66])).toBe(0);
  });

  test('what cannot be a loan is refused with a RangeError', () => {
    expect(() => aprPercent(0, [100])).toThrow(RangeError);
    expect(() => aprPercent(-500, [100])).toThrow(RangeError);
    expect(() => aprPercent(1000, [])).toThrow(RangeError);
    expect(() => aprPercent(1000, [400, 500])).toThrow(RangeError);
    expect(() => aprPercent(1000, [400, 599.5])).toThrow(RangeError);
    expect(() => aprPercent(900, [400, 500])).not.toThrow();
  });
});
