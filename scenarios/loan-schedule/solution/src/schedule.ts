// Yuxin Consumer Finance: the repayment schedule the app shows before a customer signs, and
// the one printed in the contract. The core lending system books its own copy; both must agree.

export type Method = 'equal-instalment' | 'equal-principal';

export interface LoanTerms {
  /** Amount lent, in yuan (at most two decimals). */
  principal: number;
  /** Nominal annual interest rate in percent: 7.2 means 7.2 % a year. */
  annualRatePercent: number;
  /** Number of monthly instalments. */
  months: number;
  /** equal-instalment: 等额本息, the same payment every month. equal-principal: 等额本金. */
  method: Method;
}

/** One line of the schedule. Amounts in yuan, each rounded to the fen. */
export interface Instalment {
  period: number;
  payment: number;
  principal: number;
  interest: number;
  /** Principal still owed after this payment. */
  balance: number;
}

export interface Schedule {
  lines: Instalment[];
  totalPayment: number;
  totalInterest: number;
}

/** Nominal annual rate in percent to the monthly rate as a fraction: 7.2 → 0.006. */
export function monthlyRate(annualRatePercent: number): number {
  return annualRatePercent / 100 / 12;
}

// Money is counted in whole fen inside this module, so sums never collect binary noise.
// Amounts come with at most two decimals: Math.round only removes noise such as 0.29 * 100.
const toFen = (yuan: number): number => Math.round(yuan * 100);
const toYuan = (fen: number): number => fen / 100;

/** The level monthly payment of an equal-instalment loan, rounded to the fen. */
export function levelPayment(principal: number, annualRatePercent: number, months: number): number {
  const rate = monthlyRate(annualRatePercent);
  const loanFen = toFen(principal);
  // At 0 % the annuity formula divides 0 by 0: the payment is simply the principal spread evenly.
  if (rate === 0) return toYuan(Math.round(loanFen / months));
  const growth = (1 + rate) ** months;
  return toYuan(Math.round((loanFen * rate * growth) / (growth - 1)));
}

export function buildSchedule(terms: LoanTerms): Schedule {
  const { principal, annualRatePercent, months, method } = terms;
  if (!(principal > 0)) throw new RangeError('principal must be more than 0');
  if (!Number.isInteger(months) || months < 1) throw new RangeError('months must be a whole number of at least 1');
  if (!(annualRatePercent >= 0)) throw new RangeError('the annual rate must not be negative');

  const rate = monthlyRate(annualRatePercent);
  const paymentFen = toFen(levelPayment(principal, annualRatePercent, months));
  const principalPartFen = Math.round(toFen(principal) / months);

  const lines: Instalment[] = [];
  let balanceFen = toFen(principal);
  for (let period = 1; period <= months; period++) {
    const interestFen = Math.round(balanceFen * rate);
    // The last instalment repays whatever is left, so the rounding of every line adds up to 0.
    const repaidFen = period === months ? balanceFen : method === 'equal-instalment' ? paymentFen - interestFen : principalPartFen;
    balanceFen -= repaidFen;
    lines.push({
      period,
      payment: toYuan(repaidFen + interestFen),
      principal: toYuan(repaidFen),
      interest: toYuan(interestFen),
      balance: toYuan(balanceFen),
    });
  }
  const totalInterestFen = lines.reduce((sum, line) => sum + toFen(line.interest), 0);
  return {
    lines,
    totalPayment: toYuan(toFen(principal) + totalInterestFen),
    totalInterest: toYuan(totalInterestFen),
  };
}
