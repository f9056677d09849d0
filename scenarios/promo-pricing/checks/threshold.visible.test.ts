import { priceCart } from './src/pricing';
import { DOUBLE12 } from './src/double12';

const line = (sku: string, category: string, price: number, qty: number) => ({ sku, category, price, qty });

test('603.80 of eligible goods is two full 299 yuan: 80 off', () => {
  const cart = [line('GB-JT01', 'gift-box', 168, 3), line('SN-NRG200', 'snacks', 49.9, 2)];
  expect(priceCart(cart, DOUBLE12).fullReduction).toBe(80);
  expect(priceCart(cart, DOUBLE12).total).toBe(523.8);
});

test('twelve gift boxes: 240 by the steps, capped at 200', () => {
  expect(priceCart([line('GB-JT01', 'gift-box', 168, 12)], DOUBLE12).fullReduction).toBe(200);
});

test('clearance goods no longer count towards the threshold', () => {
  const cart = [line('CL-HS400', 'clearance', 9.9, 40), line('GB-JT01', 'gift-box', 168, 1)];
  expect(priceCart(cart, DOUBLE12).fullReduction).toBe(0);
});
