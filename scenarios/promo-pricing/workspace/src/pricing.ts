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
  /** … `off` yuan come off the order. */
  off: number;
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

/** The line's amount in yuan. */
export function lineAmount(line: CartLine): number {
  return line.qty * (line.flashPrice ?? line.price);
}

export function priceCart(lines: CartLine[], promo: Promotion, coupon?: Coupon): CartPrice {
  let goods = 0;
  let eligible = 0;
  for (const line of lines) {
    const amount = lineAmount(line);
    goods += amount;
    if (!promo.excludedCategories.includes(line.sku)) eligible += amount;
  }
  const fullReduction = eligible >= promo.fullReduction.every ? promo.fullReduction.off : 0;
  const couponAmount = coupon && goods >= coupon.minSpend ? coupon.amount : 0;
  return {
    goods,
    fullReduction,
    coupon: couponAmount,
    total: goods - fullReduction - couponAmount,
  };
}
