import { aprPercent } from './src/apr';

test('the spring offer: 0 % interest but a service fee of 0.5 % a month', () => {
  // 12 000 yuan over 12 months: 1 000 principal + 60 service fee every month.
  const payments = Array.from({ length: 12 }, () => 1060);
  expect(aprPercent(12000, payments)).toBeCloseTo(10.9, 6);
});

test('a loan without fees: the APR is the nominal rate', () => {
  // The contract schedule of 12 000 yuan over 12 months at 7.2 %, equal instalments.
  const payments = [...Array.from({ length: 11 }, () => 1039.43), 1039.42];
  expect(aprPercent(12000, payments)).toBeCloseTo(7.2, 6);
});
