import { flashUnits, lineAmount, priceCart } from './src/pricing';

// Only the four amounts the task defines: a student may return more fields than these.
const money = (p: { goods: number; fullReduction: number; coupon: number; total: number }) => ({ goods: p.goods, fullReduction: p.fullReduction, coupon: p.coupon, total: p.total });

const NOV11 = { fullReduction: { every: 199, off: 30 }, excludedCategories: ['gift-card', 'clearance'] };
const line = (sku: string, category: string, price: number, qty: number) => ({ sku, category, price, qty });
const beef = (qty: number) => ({ sku: 'HB-NY500', category: 'hotpot-base', price: 39.9, qty, flashPrice: 29.9, flashLimit: 2 });

describe('flash prices and their limit', () => {
  test('up to the limit every unit is at the flash price', () => {
    expect(flashUnits(beef(1))).toBe(1);
    expect(flashUnits(beef(2))).toBe(2);
    expect(lineAmount(beef(1))).toBe(29.9);
    expect(lineAmount(beef(2))).toBe(59.8);
  });
  test('units over the limit are at the regular price', () => {
    expect(flashUnits(beef(5))).toBe(2);
    expect(lineAmount(beef(3))).toBe(99.7);
    expect(lineAmount(beef(5))).toBe(179.5);
  });
  test('no limit: every unit at the flash price; no flash price: none', () => {
    expect(lineAmount({ sku: 'ND-XM6', category: 'noodles', price: 35.9, qty: 3, flashPrice: 25.9 })).toBe(77.7);
    expect(flashUnits(line('ND-XM6', 'noodles', 35.9, 3))).toBe(0);
    expect(lineAmount(line('ND-XM6', 'noodles', 35.9, 3))).toBe(107.7);
  });
});

describe('the full reduction', () => {
  test('for every full 199 yuan: 198.99 is none, 199.00 one, 597.00 three', () => {
    expect(priceCart([line('A', 'noodles', 198.99, 1)], NOV11).fullReduction).toBe(0);
    expect(priceCart([line('A', 'noodles', 199, 1)], NOV11).fullReduction).toBe(30);
    expect(priceCart([line('A', 'noodles', 199, 3)], NOV11).fullReduction).toBe(90);
    expect(priceCart([line('A', 'noodles', 596.99, 1)], NOV11).fullReduction).toBe(60);
  });
  test('excluded categories neither reach the threshold nor get it', () => {
    const cart = [line('GC-100', 'gift-card', 100, 2), line('CL-HS400', 'clearance', 9.9, 10), line('ND-WZ4', 'noodles', 32.8, 5)];
    const price = priceCart(cart, NOV11);
    expect(price.goods).toBe(463);
    expect(price.fullReduction).toBe(0);
    expect(price.total).toBe(463);
  });
  test('an excluded category is matched by category, not by SKU', () => {
    const cart = [line('gift-card', 'noodles', 199, 1)];
    expect(priceCart(cart, NOV11).fullReduction).toBe(30);
  });
  test('flash units do not count towards the threshold, the regular units over the limit do', () => {
    expect(priceCart([beef(2), line('A', 'noodles', 150, 1)], NOV11).fullReduction).toBe(0);
    expect(priceCart([beef(4), line('A', 'noodles', 150, 1)], NOV11).fullReduction).toBe(30);
  });
  test('an empty cart costs nothing', () => {
    expect(money(priceCart([], NOV11))).toEqual({ goods: 0, fullReduction: 0, coupon: 0, total: 0 });
  });
});

describe('the coupon', () => {
  const cart = [line('ND-WZ4', 'noodles', 32.8, 13)]; // 426.40, 60 off: 366.40 left
  test('its minimum spend is checked after the full reduction', () => {
    expect(priceCart(cart, NOV11, { code: 'X', minSpend: 399, amount: 50 }).coupon).toBe(0);
    expect(priceCart(cart, NOV11, { code: 'X', minSpend: 366.4, amount: 50 }).coupon).toBe(50);
    expect(priceCart(cart, NOV11, { code: 'X', minSpend: 366.41, amount: 50 }).coupon).toBe(0);
  });
  test('it comes off the total, to the fen', () => {
    const price = priceCart(cart, NOV11, { code: 'X', minSpend: 299, amount: 20.05 });
    expect(money(price)).toEqual({ goods: 426.4, fullReduction: 60, coupon: 20.05, total: 346.35 });
  });
  test('it never takes the total below zero', () => {
    const small = [line('CL-HS400', 'clearance', 9.9, 1)];
    const price = priceCart(small, NOV11, { code: 'FREE10', minSpend: 0, amount: 10 });
    expect(price.coupon).toBe(9.9);
    expect(price.total).toBe(0);
  });
});

describe('amounts to the fen', () => {
  test('many small amounts add up exactly', () => {
    const cart = [line('S', 'snacks', 0.1, 3), line('T', 'snacks', 0.2, 1), line('U', 'condiments', 18.8, 7)];
    expect(priceCart(cart, NOV11).goods).toBe(132.1);
    expect(lineAmount(line('S', 'snacks', 0.07, 3))).toBe(0.21);
  });
  test('a mixed basket', () => {
    const cart = [beef(4), line('ND-SLF5', 'noodles', 29.9, 3), line('CD-HY250', 'condiments', 18.8, 2), line('GC-100', 'gift-card', 100, 1)];
    expect(money(priceCart(cart, NOV11, { code: 'X', minSpend: 199, amount: 15 }))).toEqual({ goods: 366.9, fullReduction: 30, coupon: 15, total: 321.9 });
  });
});

describe('quantities', () => {
  test('must be whole numbers of at least 1', () => {
    expect(() => priceCart([line('A', 'noodles', 10, 0)], NOV11)).toThrow(RangeError);
    expect(() => priceCart([line('A', 'noodles', 10, -2)], NOV11)).toThrow(RangeError);
    expect(() => priceCart([line('A', 'noodles', 10, 1.5)], NOV11)).toThrow(RangeError);
    expect(() => priceCart([line('A', 'noodles', 10, 1)], NOV11)).not.toThrow();
  });
});
