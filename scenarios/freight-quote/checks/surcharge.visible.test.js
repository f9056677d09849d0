const { quote, fuelSurchargePercent } = require('./src/quote.js');

test('the examples from the e-mail', () => {
  expect(fuelSurchargePercent(7.46)).toBe(2);
  expect(fuelSurchargePercent(7.09)).toBe(0);
});

test('quote() applies the surcharge to the base charge', () => {
  const q = quote({ actualKg: 1000, distanceKm: 200, dieselPrice: 7.46 });
  expect(q.base).toBe(1800);
  expect(q.surchargePercent).toBe(2);
  expect(q.surcharge).toBe(36);
  expect(q.total).toBe(1836);
});
