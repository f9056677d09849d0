// Yuxin Consumer Finance: the annualised rate (APR) shown next to every loan offer.

/**
 * APR in percent, rounded to two decimals: amountReceived is what the customer gets in hand,
 * payments everything they pay, month by month (payment k is due k months after the payout).
 */
export function aprPercent(amountReceived: number, payments: readonly number[]): number {
  throw new Error('not implemented yet');
}
