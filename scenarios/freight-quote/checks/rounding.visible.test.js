const { quote } = require('./src/quote.js');

test('Chongqing Hotpot Supplies: 123.4 kg over 87 km', () => {
  expect(quote({ actualKg: 123.4, distanceKm: 87 }).total).toBe(128.83);
});

test('Yangtze Print: 200 kg over exactly 100 km', () => {
  expect(quote({ actualKg: 200, distanceKm: 100 }).total).toBe(240);
});
