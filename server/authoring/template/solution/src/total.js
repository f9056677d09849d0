/** The total price of an order: the sum of price × quantity, rounded to two decimals. */
export function total(items) {
  let sum = 0;
  for (const item of items) sum += item.price * item.quantity;
  return Math.round(sum * 100) / 100;
}
