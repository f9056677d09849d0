/**
 * Inter-rater agreement for double-scored rubric criteria. Levels are ordinal,
 * so besides exact agreement we report quadratic-weighted kappa: near misses
 * count as partial agreement, and kappa corrects for the agreement two raters
 * would reach by chance given how often each of them uses each level.
 */

/** One double-scored criterion: two reviewers' level indexes on a scale of k levels (0..k-1). */
export type RatingPair = { a: number; b: number; k: number };

export type AgreementStats = {
  n: number;
  exactAgreement: number | null;
  meanAbsDifference: number | null;
  kappa: number | null;
};

export function quadraticWeightedKappa(pairs: { a: number; b: number }[], k: number): number | null {
  if (!Number.isInteger(k)) throw new RangeError(`scale size k must be an integer, got ${k}`);
  for (const { a, b } of pairs) {
    for (const level of [a, b]) {
      if (!Number.isInteger(level) || level < 0 || level > k - 1) {
        throw new RangeError(`level ${level} is not an integer in [0, ${k - 1}] for a scale of ${k} levels`);
      }
    }
  }
  // One level (or no ratings) leaves nothing to disagree about: kappa is undefined, not 1.
  const n = pairs.length;
  if (k < 2 || n === 0) return null;

  const observed = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const histA = new Array<number>(k).fill(0);
  const histB = new Array<number>(k).fill(0);
  for (const { a, b } of pairs) {
    observed[a]![b]!++;
    histA[a]!++;
    histB[b]!++;
  }

  let weightedObserved = 0;
  let weightedExpected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = (i - j) ** 2 / (k - 1) ** 2;
      weightedObserved += w * observed[i]![j]!;
      weightedExpected += (w * histA[i]! * histB[j]!) / n;
    }
  }
  // Zero expected disagreement means both raters used a single shared level; the ratio is 0/0.
  if (weightedExpected === 0) return null;
  return 1 - weightedObserved / weightedExpected;
}

export function agreement(pairs: RatingPair[]): AgreementStats {
  const n = pairs.length;
  if (n === 0) return { n: 0, exactAgreement: null, meanAbsDifference: null, kappa: null };

  const byK = new Map<number, RatingPair[]>();
  for (const p of pairs) {
    const group = byK.get(p.k);
    if (group) group.push(p);
    else byK.set(p.k, [p]);
  }

  // Kappa is computed per scale size: a 3-level and a 5-level criterion put into one
  // matrix would make "level 2" mean different things, and rescaling would invent
  // levels nobody could pick. Groups are weighted by pair count so a large group is
  // not outvoted by a small one; groups with undefined kappa carry no information.
  // Validation happens here too, so it runs before any statistic is returned.
  const groups = [...byK].map(([k, group]) => ({ n: group.length, kappa: quadraticWeightedKappa(group, k) }));
  let kappa: number | null;
  if (groups.length === 1) {
    kappa = groups[0]!.kappa;
  } else {
    const defined = groups.filter((g) => g.kappa !== null);
    const weight = defined.reduce((sum, g) => sum + g.n, 0);
    kappa = weight > 0 ? defined.reduce((sum, g) => sum + g.n * g.kappa!, 0) / weight : null;
  }

  let exact = 0;
  let absDiff = 0;
  for (const { a, b } of pairs) {
    if (a === b) exact++;
    absDiff += Math.abs(a - b);
  }
  return { n, exactAgreement: exact / n, meanAbsDifference: absDiff / n, kappa };
}

/**
 * The fewest double-reviewed submissions before kappa on a scale of k levels is shown: 2k².
 * Cicchetti and Fleiss (1977, for 3 to 7 levels) and Cicchetti (1981, "Testing the normal
 * approximation and minimal sample size requirements of weighted kappa when the number of
 * categories is large", Applied Psychological Measurement 5(1), 101–104, up to 10 levels) found
 * by simulation that weighted kappa's sampling distribution is close enough to the normal one
 * its standard error (Fleiss, Cohen and Everitt 1969) assumes only from about 2k² rated subjects
 * on. Below that neither an interval nor a reading of the number ("slight", "worse than chance")
 * means much: one submission can swing kappa from −1 to 1. A 3-level criterion needs 18, a
 * 4-level one 32.
 */
export const minSubjectsForKappa = (k: number): number => 2 * k * k;

/** The 97.5th percentile of the standard normal distribution: a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

/**
 * The large-sample standard error of quadratic-weighted kappa (Fleiss, Cohen and Everitt 1969,
 * "Large sample standard errors of kappa and weighted kappa", Psychological Bulletin 72(5),
 * 323–327), not assuming kappa is 0. With agreement weights w_ij = 1 − (i−j)²/(k−1)², cell
 * proportions p_ij, the raters' marginals p_i. and p_.j, p_o = Σ w_ij p_ij, p_e = Σ w_ij p_i. p_.j,
 * w̄_i. = Σ_j w_ij p_.j and w̄_.j = Σ_i w_ij p_i.:
 *
 *   var = [ Σ_ij p_ij (w_ij (1 − p_e) − (w̄_i. + w̄_.j)(1 − p_o))² − (p_o p_e − 2 p_e + p_o)² ] / (n (1 − p_e)⁴)
 *
 * It assumes the n pairs are independent: one pair per rated submission. Null where kappa is.
 */
export function quadraticKappaStandardError(pairs: { a: number; b: number }[], k: number): number | null {
  const kappa = quadraticWeightedKappa(pairs, k); // validates, and is null where the error is undefined too
  if (kappa === null) return null;
  const n = pairs.length;
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const { a, b } of pairs) counts[a]![b]!++;
  const p = counts.map((r) => r.map((c) => c / n));
  const row = p.map((r) => r.reduce((sum, x) => sum + x, 0));
  const col = row.map((_, j) => p.reduce((sum, r) => sum + r[j]!, 0));
  const w = (i: number, j: number) => 1 - (i - j) ** 2 / (k - 1) ** 2;
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      po += w(i, j) * p[i]![j]!;
      pe += w(i, j) * row[i]! * col[j]!;
    }
  }
  const wRow = row.map((_, i) => col.reduce((sum, pj, j) => sum + w(i, j) * pj, 0));
  const wCol = col.map((_, j) => row.reduce((sum, pi, i) => sum + w(i, j) * pi, 0));
  let spread = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) spread += p[i]![j]! * (w(i, j) * (1 - pe) - (wRow[i]! + wCol[j]!) * (1 - po)) ** 2;
  }
  const variance = (spread - (po * pe - 2 * pe + po) ** 2) / (n * (1 - pe) ** 4);
  // Rounding can leave a variance of exactly 0 (perfect agreement) a hair below it.
  return Math.sqrt(Math.max(0, variance));
}

/** A 95 % interval for quadratic-weighted kappa from its standard error, kept within [−1, 1]. */
export function quadraticKappaInterval(pairs: { a: number; b: number }[], k: number): { low: number; high: number } | null {
  const kappa = quadraticWeightedKappa(pairs, k);
  const se = quadraticKappaStandardError(pairs, k);
  if (kappa === null || se === null) return null;
  return { low: Math.max(-1, kappa - Z_95 * se), high: Math.min(1, kappa + Z_95 * se) };
}
