const { total } = require('./src/total.js');

test('two lines from the brief', () => {
  expect(total([{ price: 2.5, quantity: 4 }, { price: 1.2, quantity: 3 }])).toBe(13.6);
});
