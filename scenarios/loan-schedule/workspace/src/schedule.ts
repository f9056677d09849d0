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

/** Nominal annual rate in percent to the monthly rate as a fraction. */
export function monthlyRate(annualRatePercent: number): number {
  // A month is 30 days, as for the penalty interest.
  return (annualRatePercent / 100 / 365) * 30;
}

function roundToFen(yuan: number): number {
  return Math.round(yuan * 100) / 100;
}

/** The level monthly payment of an equal-instalment loan, rounded to the fen. */
export function levelPayment(principal: number, annualRatePercent: number, months: number): number {
  const rate = monthlyRate(annualRatePercent);
  const growth = (1 + rate) ** months;
  return roundToFen((principal * rate * growth) / (growth - 1));
}

export function buildSchedule(terms: LoanTerms): Schedule {
  const { principal, annualRatePercent, months, method } = terms;
  const rate = monthlyRate(annualRatePercent);
  const payment = levelPayment(principal, annualRatePercent, months);

  const lines: Instalment[] = [];
  let balance = principal;
  for (let period = 1; period <= months; period++) {
    if (method === 'equal-instalment') {
      const interest = roundToFen(balance * rate);
      const repaid = roundToFen(payment - interest);
      balance = balance - repaid;
      lines.push({ period, payment, principal: repaid, interest, balance });
    } else {
      const interest = roundToFen(principal * rate);
      const repaid = roundToFen(principal / months);
      balance = balance - repaid;
      lines.push({ period, payment: repaid + interest, principal: repaid, interest, balance });
    }
  }
  return {
    lines,
    totalPayment: lines.reduce((sum, line) => sum + line.payment, 0),
    totalInterest: lines.reduce((sum, line) => sum + line.interest, 0),
  };
}
