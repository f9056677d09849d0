import { describe, expect, it } from 'vitest';
import { agreement, quadraticWeightedKappa, type RatingPair } from '../../server/review/agreement';

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
