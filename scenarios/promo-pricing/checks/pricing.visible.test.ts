import { priceCart } from './src/pricing';

// The rules of the 11.11 promotion, which customer service's complaints are about.
const NOV11 = { fullReduction: { every: 199, off: 30 }, excludedCategories: ['gift-card'] };

test('three bags of sweet-potato noodles cost 89.70, not 89.69999…', () => {
  const cart = [{ sku: 'ND-SLF5', category: 'noodles', price: 29.9, qty: 3 }];
  expect(priceCart(cart, NOV11).goods).toBe(89.7);
  expect(priceCart(cart, NOV11).total).toBe(89.7);
});

test('426.40 of noodles is two full 199 yuan: 60 off, not 30', () => {
  const cart = [{ sku: 'ND-WZ4', category: 'noodles', price: 32.8, qty: 13 }];
  const price = priceCart(cart, NOV11);
  expect(price.goods).toBe(426.4);
  expect(price.fullReduction).toBe(60);
  expect(price.total).toBe(366.4);
});

test('only the first two beef-tallow bases are at the flash price', () => {
  const cart = [{ sku: 'HB-NY500', category: 'hotpot-base', price: 39.9, qty: 4, flashPrice: 29.9, flashLimit: 2 }];
  expect(priceCart(cart, NOV11).goods).toBe(139.6);
});
