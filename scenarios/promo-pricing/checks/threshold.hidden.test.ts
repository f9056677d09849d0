import { priceCart } from './src/pricing';
import { DOUBLE12, DOUBLE12_COUPON } from './src/double12';

// Only the four amounts the task defines: a student may return more fields than these.
const money = (p: { goods: number; fullReduction: number; coupon: number; total: number }) => ({ goods: p.goods, fullReduction: p.fullReduction, coupon: p.coupon, total: p.total });

const line = (sku: string, category: string, price: number, qty: number) => ({ sku, category, price, qty });

describe('the live 12.12 settings', () => {
  test('40 off every full 299, at most 200 per order', () => {
    expect(DOUBLE12.fullReduction).toEqual({ every: 299, off: 40, cap: 200 });
  });
  test('gift cards and clearance goods are excluded', () => {
    expect([...DOUBLE12.excludedCategories].sort()).toEqual(['clearance', 'gift-card']);
  });
  test('the live-stream coupon is unchanged', () => {
    expect(DOUBLE12_COUPON).toEqual({ code: 'YZ1212', minSpend: 399, amount: 50 });
  });
});

describe('the cap', () => {
  test('five full steps reach the cap exactly; one fen less is four steps', () => {
    expect(priceCart([line('A', 'noodles', 299, 5)], DOUBLE12).fullReduction).toBe(200);
    expect(priceCart([line('A', 'noodles', 1494.99, 1)], DOUBLE12).fullReduction).toBe(160);
    expect(priceCart([line('A', 'noodles', 299, 9)], DOUBLE12).fullReduction).toBe(200);
  });
  test('any promotion may have a cap, to the fen', () => {
    const promo = { fullReduction: { every: 100, off: 10, cap: 25.5 }, excludedCategories: [] };
    expect(priceCart([line('A', 'noodles', 100, 2)], promo).fullReduction).toBe(20);
    expect(priceCart([line('A', 'noodles', 100, 3)], promo).fullReduction).toBe(25.5);
  });
  test('without a cap there is no limit', () => {
    const promo = { fullReduction: { every: 100, off: 10 }, excludedCategories: [] };
    expect(priceCart([line('A', 'noodles', 100, 30)], promo).fullReduction).toBe(300);
  });
  test('the coupon is checked after the capped reduction', () => {
    const price = priceCart([line('GB-JT01', 'gift-box', 168, 12)], DOUBLE12, DOUBLE12_COUPON);
    expect(money(price)).toEqual({ goods: 2016, fullReduction: 200, coupon: 50, total: 1766 });
  });
});

test("Tang Yu's first basket", () => {
  const cart = [
    { sku: 'HB-NY500', category: 'hotpot-base', price: 39.9, qty: 3, flashPrice: 29.9, flashLimit: 2 },
    { sku: 'ND-XM6', category: 'noodles', price: 35.9, qty: 2, flashPrice: 25.9, flashLimit: 1 },
    line('GB-JT01', 'gift-box', 168, 3),
    line('SN-NRG200', 'snacks', 49.9, 4),
    line('ND-SLF5', 'noodles', 29.9, 2),
    line('CD-HY250', 'condiments', 18.8, 1),
    line('HB-QT300', 'hotpot-base', 26.8, 1),
    line('CL-HS400', 'clearance', 9.9, 3),
    line('GC-100', 'gift-card', 100, 1),
  ];
  expect(money(priceCart(cart, DOUBLE12, DOUBLE12_COUPON))).toEqual({ goods: 1100.2, fullReduction: 80, coupon: 50, total: 970.2 });
});
