import type { Coupon, Promotion } from './pricing';

// The live Double 12 (12.12) settings: marketing's rules, in one place.
export const DOUBLE12: Promotion = {
  fullReduction: { every: 199, off: 30 },
  excludedCategories: ['gift-card'],
};

// The shop coupon handed out in the 12.12 live stream.
export const DOUBLE12_COUPON: Coupon = { code: 'YZ1212', minSpend: 399, amount: 50 };
