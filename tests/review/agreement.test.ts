import { describe, expect, it } from 'vitest';
import { agreement, minSubjectsForKappa, quadraticKappaInterval, quadraticKappaStandardError, quadraticWeightedKappa, Z_95, type RatingPair } from '../../server/review/agreement';
import { numbers } from '../../server/review/stats';

// Expected values are worked out by hand. Notation for k = 3: w_ij = (i-j)^2 / (3-1)^2,
// so w = 1/4 one level apart and w = 1 two levels apart. hA, hB are the raters'
// level histograms, ΣwE = Σ w_ij * hA_i * hB_j / n, kappa = 1 - ΣwO / ΣwE.
const onScale = (k: number, ...ab: [number, number][]): RatingPair[] => ab.map(([a, b]) => ({ a, b, k }));

describe('quadratic-weighted kappa and agreement', () => {
  it('gives kappa 1 when raters agree on every pair and levels vary', () => {
    // O is diagonal, so ΣwO = 0. hA = hB = [1,1,2], n = 4.
    // ΣwE = [ (1/4)(1·1 + 1·1 + 1·2 + 2·1) + 1·(1·2 + 2·1) ] / 4 = (1.5 + 4) / 4 = 1.375
    // kappa = 1 - 0 / 1.375 = 1
    const stats = agreement(onScale(3, [0, 0], [1, 1], [2, 2], [2, 2]));
    expect(stats).toEqual({ n: 4, exactAgreement: 1, meanAbsDifference: 0, kappa: 1 });
  });

  it('penalises a rater who is always one level higher', () => {
    // O: (0,1) = 2, (1,2) = 2  =>  ΣwO = (1/4)·4 = 1.
    // hA = [2,2,0], hB = [0,2,2], n = 4.
    // ΣwE = [ (1/4)(hA0·hB1 + hA1·hB2) + 1·(hA0·hB2) ] / 4 = [ (1/4)(4 + 4) + 4 ] / 4 = 6 / 4 = 1.5
    // kappa = 1 - 1 / 1.5 = 1/3
    const stats = agreement(onScale(3, [0, 1], [1, 2], [0, 1], [1, 2]));
    expect(stats.n).toBe(4);
    expect(stats.exactAgreement).toBe(0);
    expect(stats.meanAbsDifference).toBe(1);
    expect(stats.kappa).toBeCloseTo(1 / 3, 6);
  });

  it('goes negative when raters disagree more than chance would', () => {
    // Pairs (0,2), (2,0), (1,1), (0,1).
    // ΣwO = 1 + 1 + 0 + 1/4 = 2.25.
    // hA = [2,1,1], hB = [1,2,1], n = 4.
    // One apart:  hA0·hB1 + hA1·hB0 + hA1·hB2 + hA2·hB1 = 4 + 1 + 1 + 2 = 8, times 1/4 = 2
    // Two apart:  hA0·hB2 + hA2·hB0 = 2 + 1 = 3, times 1 = 3
    // ΣwE = (2 + 3) / 4 = 1.25;  kappa = 1 - 2.25 / 1.25 = -0.8
    // Exact agreement 1/4; MAD = (2 + 2 + 0 + 1) / 4 = 1.25.
    const stats = agreement(onScale(3, [0, 2], [2, 0], [1, 1], [0, 1]));
    expect(stats.exactAgreement).toBe(0.25);
    expect(stats.meanAbsDifference).toBe(1.25);
    expect(stats.kappa).toBeCloseTo(-0.8, 6);
  });

  it('matches a hand-worked 3-level contingency table', () => {
    //            b=0  b=1  b=2 | hA
    //   a=0       5    2    1  |  8
    //   a=1       1    4    2  |  7
    //   a=2       0    1    4  |  5
    //   hB        6    7    7  | n = 20
    // ΣwO = (1/4)(2 + 1 + 2 + 1) + 1·(1 + 0) = 1.5 + 1 = 2.5
    // One apart:  8·7 + 7·6 + 7·7 + 5·7 = 56 + 42 + 49 + 35 = 182, times 1/4 = 45.5
    // Two apart:  8·7 + 5·6 = 56 + 30 = 86, times 1 = 86
    // ΣwE = (45.5 + 86) / 20 = 6.575;  kappa = 1 - 2.5 / 6.575 = 163/263 ≈ 0.619772
    // Exact agreement (5 + 4 + 4) / 20 = 0.65; MAD = (6·1 + 1·2) / 20 = 0.4.
    const table = [
      [5, 2, 1],
      [1, 4, 2],
      [0, 1, 4],
    ];
    const pairs: { a: number; b: number }[] = [];
    table.forEach((row, a) => row.forEach((count, b) => {
      for (let c = 0; c < count; c++) pairs.push({ a, b });
    }));

    expect(quadraticWeightedKappa(pairs, 3)).toBeCloseTo(163 / 263, 6);
    expect(quadraticWeightedKappa(pairs, 3)).toBeCloseTo(0.619772, 6);
    const stats = agreement(pairs.map((p) => ({ ...p, k: 3 })));
    expect(stats.n).toBe(20);
    expect(stats.exactAgreement).toBeCloseTo(0.65, 12);
    expect(stats.meanAbsDifference).toBeCloseTo(0.4, 12);
  });

  it('leaves kappa undefined when both raters only ever use one level', () => {
    // hA = hB = [0,3,0]: every E term pairs level 1 with level 1, where w = 0, so ΣwE = 0.
    const stats = agreement(onScale(3, [1, 1], [1, 1], [1, 1]));
    expect(stats).toEqual({ n: 3, exactAgreement: 1, meanAbsDifference: 0, kappa: null });
  });

  it('leaves kappa undefined on a one-level scale', () => {
    expect(quadraticWeightedKappa([{ a: 0, b: 0 }], 1)).toBeNull();
  });

  it('reports nothing for no pairs', () => {
    expect(agreement([])).toEqual({ n: 0, exactAgreement: null, meanAbsDifference: null, kappa: null });
    expect(quadraticWeightedKappa([], 3)).toBeNull();
  });

  it('averages per-scale kappas weighted by pair count, skipping undefined ones', () => {
    // k = 3 group: the "one level higher" pairs above, n = 4, kappa = 1/3.
    // k = 2 group: (0,0), (1,1), n = 2. w_01 = w_10 = 1. ΣwO = 0;
    //   hA = hB = [1,1], ΣwE = (1·1 + 1·1) / 2 = 1, kappa = 1.
    // k = 5 group: (2,2), (2,2): one level only, kappa undefined, so it gets no weight.
    // kappa = (4 · 1/3 + 2 · 1) / (4 + 2) = (10/3) / 6 = 5/9 ≈ 0.555556
    // Exact agreement over all 8 pairs: (0 + 2 + 2) / 8 = 0.5; MAD = (4·1) / 8 = 0.5.
    const stats = agreement([
      ...onScale(3, [0, 1], [1, 2], [0, 1], [1, 2]),
      ...onScale(2, [0, 0], [1, 1]),
      ...onScale(5, [2, 2], [2, 2]),
    ]);
    expect(stats.n).toBe(8);
    expect(stats.exactAgreement).toBe(0.5);
    expect(stats.meanAbsDifference).toBe(0.5);
    expect(stats.kappa).toBeCloseTo(5 / 9, 6);
  });

  it('gives null kappa when every per-scale group is undefined', () => {
    const stats = agreement([...onScale(3, [1, 1]), ...onScale(4, [2, 2])]);
    expect(stats.kappa).toBeNull();
    expect(stats.exactAgreement).toBe(1);
  });

  it('rejects levels that are not integers on the scale', () => {
    expect(() => agreement(onScale(3, [3, 0]))).toThrow(RangeError);
    expect(() => agreement(onScale(3, [0, -1]))).toThrow(RangeError);
    expect(() => agreement(onScale(3, [1.5, 1]))).toThrow(RangeError);
    expect(() => agreement(onScale(3, [Number.NaN, 1]))).toThrow(RangeError);
    expect(() => quadraticWeightedKappa([{ a: 0, b: 3 }], 3)).toThrow(/level 3 .*\[0, 2\]/);
    // A bad pair in a minority group must not hide behind valid groups.
    expect(() => agreement([...onScale(3, [0, 1]), ...onScale(2, [0, 2])])).toThrow(RangeError);
  });

  it('rejects a non-integer scale size', () => {
    expect(() => quadraticWeightedKappa([{ a: 0, b: 1 }], 2.5)).toThrow(RangeError);
  });
});

/** Pairs from a contingency table: table[a][b] pairs rated (a, b). */
const fromTable = (table: number[][]) => table.flatMap((row, a) => row.flatMap((count, b) => Array.from({ length: count }, () => ({ a, b }))));

describe('the standard error and interval of quadratic-weighted kappa (Fleiss, Cohen and Everitt 1969)', () => {
  it('matches a 2-level table worked by hand', () => {
    // k = 2: agreement weights w = 1 on the diagonal, 0 off it. Table (a\b): [[2, 1], [0, 3]], n = 6.
    // p = [[1/3, 1/6], [0, 1/2]]; rows p0. = p1. = 1/2; columns p.0 = 1/3, p.1 = 2/3.
    // p_o = 1/3 + 1/2 = 5/6; p_e = (1/2)(1/3) + (1/2)(2/3) = 1/2; kappa = (5/6 − 1/2) / (1/2) = 2/3.
    // w̄_i. = Σ_j w_ij p.j = [1/3, 2/3]; w̄_.j = Σ_i w_ij pi. = [1/2, 1/2].
    // d_ij = w_ij (1 − p_e) − (w̄_i. + w̄_.j)(1 − p_o):
    //   d00 = 1/2 − (5/6)(1/6) = 13/36; d01 = 0 − (5/6)(1/6) = −5/36; d11 = 1/2 − (7/6)(1/6) = 11/36.
    // Σ p_ij d_ij² = (1/3)(169) + (1/6)(25) + (1/2)(121), all / 1296, = 726/7776 = 121/1296.
    // (p_o p_e − 2 p_e + p_o)² = (5/12 − 1 + 5/6)² = (1/4)² = 1/16 = 81/1296.
    // var = (121 − 81)/1296 / (6 · (1/2)⁴) = (40/1296)(16/6) = 20/243; SE = √(20/243) ≈ 0.286888.
    const pairs = fromTable([
      [2, 1],
      [0, 3],
    ]);
    expect(quadraticWeightedKappa(pairs, 2)).toBeCloseTo(2 / 3, 12);
    expect(quadraticKappaStandardError(pairs, 2)).toBeCloseTo(Math.sqrt(20 / 243), 12);
    // 2/3 ± 1.96 × 0.286888 = [0.104377, 1.228956]: the upper end is kept at 1.
    const interval = quadraticKappaInterval(pairs, 2)!;
    expect(interval.low).toBeCloseTo(2 / 3 - Z_95 * Math.sqrt(20 / 243), 12);
    expect(interval.low).toBeCloseTo(0.104377, 6);
    expect(interval.high).toBe(1);
  });

  it('matches the 3-level table of 20 pairs above, worked with exact fractions', () => {
    // The table of "matches a hand-worked 3-level contingency table": kappa = 163/263.
    // w = 1 − (i−j)²/4. p_o = 1 − 2.5/20 = 7/8; p_e = 1 − 6.575/20 = 537/800.
    // Rows (8, 7, 5)/20, columns (6, 7, 7)/20, so w̄_i. = [9/16, 67/80, 49/80], w̄_.j = [53/80, 67/80, 41/80].
    // Σ p_ij d_ij² = 2052859/102400000; (p_o p_e − 2 p_e + p_o)² = 588289/40960000;
    // var = their difference / (20 (263/800)⁴) = 116427300/263⁴; SE ≈ 0.155997.
    const pairs = fromTable([
      [5, 2, 1],
      [1, 4, 2],
      [0, 1, 4],
    ]);
    expect(quadraticKappaStandardError(pairs, 3)).toBeCloseTo(Math.sqrt(116427300) / 263 ** 2, 12);
    expect(quadraticKappaStandardError(pairs, 3)).toBeCloseTo(0.155997, 6);
    const interval = quadraticKappaInterval(pairs, 3)!;
    // 0.619772 ± 1.959964 × 0.155997 = [0.314024, 0.925520]
    expect(interval.low).toBeCloseTo(0.314024, 6);
    expect(interval.high).toBeCloseTo(0.92552, 5);
  });

  it('has no standard error where kappa is undefined', () => {
    expect(quadraticKappaStandardError(fromTable([[0, 0], [0, 3]]), 2)).toBeNull();
    expect(quadraticKappaInterval([], 3)).toBeNull();
  });
});

describe('what the agreement page may show', () => {
  const items = (n: number) => new Set(Array.from({ length: n }, (_, i) => `item-${i}`));
  // A 3-level criterion, one pair per submission, raters mostly agreeing.
  const criterion = (n: number): RatingPair[] => Array.from({ length: n }, (_, i) => ({ a: i % 3, b: i % 5 === 4 ? Math.max(0, (i % 3) - 1) : i % 3, k: 3 }));

  it('needs 2k² submissions before it gives kappa (Cicchetti 1981): 18 for 3 levels, 32 for 4', () => {
    expect([minSubjectsForKappa(2), minSubjectsForKappa(3), minSubjectsForKappa(4), minSubjectsForKappa(5)]).toEqual([8, 18, 32, 50]);
    const few = numbers({ pairs: criterion(17), items: items(17) }, true);
    expect(few).toMatchObject({ n: 17, items: 17, kappa: null, kappaStatus: 'too_few', kappaMinItems: 18, kappaInterval: null });
    // The plain numbers are facts about the pairs and stay.
    expect(few.exactAgreement).toBeCloseTo(agreement(criterion(17)).exactAgreement!, 12);
    const enough = numbers({ pairs: criterion(18), items: items(18) }, true);
    expect(enough.kappaStatus).toBe('ok');
    expect(enough.kappa).toBeCloseTo(quadraticWeightedKappa(criterion(18), 3)!, 12);
    expect(enough.kappaInterval).toEqual(quadraticKappaInterval(criterion(18), 3));
  });

  it('counts submissions, not pairs, and gives no interval where a submission gives several pairs', () => {
    // 36 pairs from 18 submissions (two criteria each): enough for kappa, but the pairs of one
    // submission are not independent, so no interval.
    const pooled = numbers({ pairs: [...criterion(18), ...criterion(18)], items: items(18) }, false);
    expect(pooled).toMatchObject({ n: 36, items: 18, kappaStatus: 'ok', kappaInterval: null });
    expect(numbers({ pairs: [...criterion(18), ...criterion(18)], items: items(9) }, false)).toMatchObject({ kappa: null, kappaStatus: 'too_few' });
    // A 4-level criterion among them raises the bar to 32.
    const mixed = numbers({ pairs: [...criterion(20), { a: 3, b: 3, k: 4 }], items: items(20) }, false);
    expect(mixed).toMatchObject({ kappaMinItems: 32, kappaStatus: 'too_few' });
  });

  it('says when the scores vary too little for kappa', () => {
    const same = Array.from({ length: 18 }, () => ({ a: 1, b: 1, k: 3 }));
    expect(numbers({ pairs: same, items: items(18) }, true)).toMatchObject({ kappa: null, kappaStatus: 'no_variation', exactAgreement: 1 });
  });
});
