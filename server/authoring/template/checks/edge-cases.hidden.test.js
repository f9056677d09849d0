const { total } = require('./src/total.js');

test('an empty order costs 0', () => {
  expect(total([])).toBe(0);
});

test('rounds to two decimals once, at the end', () => {
  expect(total([{ price: 0.1, quantity: 3 }, { price: 0.335, quantity: 1 }])).toBe(0.64);
});

test('a single line', () => {
  expect(total([{ price: 19.99, quantity: 2 }])).toBe(39.98);
});
