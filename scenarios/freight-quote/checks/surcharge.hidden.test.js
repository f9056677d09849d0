const { quote, fuelSurchargePercent } = require('./src/quote.js');

test('no surcharge at or below the reference price', () => {
  expect(fuelSurchargePercent(6.5)).toBe(0);
  expect(fuelSurchargePercent(7)).toBe(0);
  expect(fuelSurchargePercent(7.099)).toBe(0);
});

test('0.5 % for every full 0.10 yuan step', () => {
  expect(fuelSurchargePercent(7.1)).toBe(0.5);
  expect(fuelSurchargePercent(7.3)).toBe(1.5);
  expect(fuelSurchargePercent(8)).toBe(5);
  expect(fuelSurchargePercent(9.99)).toBe(14.5);
});

test('capped at 15 %', () => {
  expect(fuelSurchargePercent(10)).toBe(15);
  expect(fuelSurchargePercent(12.5)).toBe(15);
});

test('the surcharge is rounded to the fen and added to the base', () => {
  const q = quote({ actualKg: 123.4, distanceKm: 87, dieselPrice: 7.75 });
  expect(q.base).toBe(128.83);
  expect(q.surchargePercent).toBe(3.5);
  expect(q.surcharge).toBe(4.51);
  expect(q.total).toBe(133.34);
});

test('no diesel price means no surcharge', () => {
  const q = quote({ actualKg: 400, distanceKm: 310 });
  expect(q.surcharge).toBe(0);
  expect(q.total).toBe(1116);
});

test('the minimum charge still applies after the surcharge', () => {
  expect(quote({ actualKg: 10, distanceKm: 100, dieselPrice: 8 }).total).toBe(35);
});
