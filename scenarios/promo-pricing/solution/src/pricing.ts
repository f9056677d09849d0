// Yuzhou Weifang shop: what a cart costs during a promotion. The order page, the app and the
// customer-service desk all call priceCart(), so a mistake here is a mistake on every order.

export interface CartLine {
  sku: string;
  category: string;
  /** Regular unit price, yuan with two decimals. */
  price: number;
  /** Units ordered: a whole number of at least 1. */
  qty: number;
  /** Promotion price of the first `flashLimit` units of the order (every unit when there is no limit). */
  flashPrice?: number;
  flashLimit?: number;
}

export interface FullReduction {
  /** For every full `every` yuan of eligible goods … */
  every: number;
  /** … `off` yuan come off the order, */
  off: number;
  /** but never more than `cap` yuan per order (no cap when absent). */
  cap?: number;
}

export interface Promotion {
  fullReduction: FullReduction;
  /** Categories that neither count towards the full reduction nor lower its threshold. */
  excludedCategories: string[];
}

export interface Coupon {
  code: string;
  /** The coupon applies when the goods after the full reduction reach this amount. */
  minSpend: number;
  amount: number;
}

export interface CartPrice {
  /** Every line at its price: flash price for the flash units, regular price for the rest. */
  goods: number;
  fullReduction: number;
  coupon: number;
  /** What the customer pays for the goods. */
  total: number;
}

// Money is added up in whole fen: sums of yuan in floating point drift (3 × 35.90 = 107.69999…).
const toFen = (yuan: number): number => Math.round(yuan * 100);
const toYuan = (fen: number): number => fen / 100;

/** Units of the line sold at the flash price. */
export function flashUnits(line: CartLine): number {
  if (line.flashPrice === undefined) return 0;
  return Math.min(line.qty, line.flashLimit ?? line.qty);
}

/** The line's amount in yuan: flash units at the flash price, the others at the regular price. */
export function lineAmount(line: CartLine): number {
  return toYuan(lineFen(line).amount);
}

function lineFen(line: CartLine): { amount: number; eligible: number } {
  if (!Number.isInteger(line.qty) || line.qty < 1) throw new RangeError(`${line.sku}: quantity must be a whole number of at least 1`);
  const flash = flashUnits(line);
  const flashFen = line.flashPrice === undefined ? 0 : flash * toFen(line.flashPrice);
  const regular = (line.qty - flash) * toFen(line.price);
  // Flash units never count towards the full reduction: they are discounted already.
  return { amount: flashFen + regular, eligible: regular };
}

export function priceCart(lines: CartLine[], promo: Promotion, coupon?: Coupon): CartPrice {
  let goods = 0;
  let eligible = 0;
  for (const line of lines) {
    const fen = lineFen(line);
    goods += fen.amount;
    if (!promo.excludedCategories.includes(line.category)) eligible += fen.eligible;
  }
  const { every, off, cap } = promo.fullReduction;
  const steps = Math.floor(eligible / toFen(every));
  const fullReduction = Math.min(steps * toFen(off), cap === undefined ? Infinity : toFen(cap));
  const afterReduction = goods - fullReduction;
  // The coupon never takes the order below zero: it gives at most what is left to pay.
  const couponFen = coupon && afterReduction >= toFen(coupon.minSpend) ? Math.min(toFen(coupon.amount), afterReduction) : 0;
  return {
    goods: toYuan(goods),
    fullReduction: toYuan(fullReduction),
    coupon: toYuan(couponFen),
    total: toYuan(afterReduction - couponFen),
  };
}
