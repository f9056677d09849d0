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
