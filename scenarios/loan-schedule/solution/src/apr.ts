// Yuxin Consumer Finance: the annualised rate (APR) the app must show next to every loan offer,
// by the IRR method of PBoC announcement [2021] No. 3: the monthly rate at which the payments,
// discounted month by month, are worth exactly the amount the customer receives, times 12.

/** What the payments are worth today at a monthly rate: payment k is due k months from now. */
export function presentValue(payments: readonly number[], monthlyRate: number): number {
  return payments.reduce((sum, payment, k) => sum + payment / (1 + monthlyRate) ** (k + 1), 0);
}

/**
 * APR in percent, rounded to two decimals: amountReceived is what the customer gets in hand
 * (the principal minus any fee kept back at the start), payments everything they pay each month.
 */
export function aprPercent(amountReceived: number, payments: readonly number[]): number {
  if (!(amountReceived > 0)) throw new RangeError('the amount received must be more than 0');
  // No payments add up to 0, so this also refuses an empty list.
  const total = payments.reduce((sum, payment) => sum + payment, 0);
  if (total < amountReceived) throw new RangeError('the payments do not repay the amount received');

  // The present value falls as the rate rises: bisect between 0 and 100 % a month.
  let low = 0;
  let high = 1;
  while (high - low > 1e-12) {
    const mid = (low + high) / 2;
    if (presentValue(payments, mid) > amountReceived) low = mid;
    else high = mid;
  }
  const percent = low * 12 * 100;
  return Math.round(percent * 100) / 100;
}
