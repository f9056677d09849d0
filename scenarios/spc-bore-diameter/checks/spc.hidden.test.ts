import { A2, D2, D3, D4, beyondLimits, cpk, mean, range, runOnOneSide, signals, trend, xbarRLimits } from './src/spc';

describe('rule 1: beyond 3σ', () => {
  test('both sides, and a point exactly at 3σ is not beyond', () => {
    expect(beyondLimits([13, 7, 13.5, 6.5, 10], 10, 1)).toEqual([2, 3]);
  });

  test('sigma is a parameter', () => {
    expect(beyondLimits([12.5, 7.5], 10, 0.8)).toEqual([0, 1]);
    expect(beyondLimits([12.5, 7.5], 10, 0.9)).toEqual([]);
  });

  test('no points, no signals', () => {
    expect(beyondLimits([], 10, 1)).toEqual([]);
  });
});

describe('rule 2: nine in a row on one side', () => {
  const above = (n: number) => Array.from({ length: n }, (_, i) => 10.5 + (i % 3) * 0.3);
  const below = (n: number) => Array.from({ length: n }, (_, i) => 9.5 - (i % 2) * 0.4);

  test('exactly nine above: the ninth point', () => {
    expect(runOnOneSide(above(9), 10)).toEqual([8]);
  });

  test('eight are not enough', () => {
    expect(runOnOneSide(above(8), 10)).toEqual([]);
    expect(runOnOneSide([...above(8), ...below(8), ...above(8)], 10)).toEqual([]);
  });

  test('nine below, after points above: the ninth point of the run', () => {
    expect(runOnOneSide([...above(3), ...below(9)], 10)).toEqual([11]);
  });

  test('every point after the ninth while the run lasts', () => {
    expect(runOnOneSide([...below(11), 10.2, ...below(2)], 10)).toEqual([8, 9, 10]);
  });

  test('a point on the centre line belongs to neither side and ends the run', () => {
    expect(runOnOneSide([...above(5), 10, ...above(8)], 10)).toEqual([]);
    expect(runOnOneSide([...above(5), 10, ...above(9)], 10)).toEqual([14]);
    expect(runOnOneSide(Array.from({ length: 12 }, () => 10), 10)).toEqual([]);
  });

  test('fewer than nine points', () => {
    expect(runOnOneSide([], 10)).toEqual([]);
    expect(runOnOneSide([11, 11, 11], 10)).toEqual([]);
  });
});

describe('rule 3: six in a row increasing or decreasing', () => {
  test('six increasing: the sixth point; five are not enough', () => {
    expect(trend([1, 2, 3, 4, 5, 6])).toEqual([5]);
    expect(trend([1, 2, 3, 4, 5])).toEqual([]);
    expect(trend([3, 1, 2, 3, 4, 5, 4])).toEqual([]);
  });

  test('six decreasing, and every later point while the trend lasts', () => {
    expect(trend([9, 8, 7.5, 7, 6, 5.2, 5.1, 6])).toEqual([5, 6]);
  });

  test('two equal points end a trend', () => {
    expect(trend([1, 2, 3, 3, 4, 5, 6])).toEqual([]);
    expect(trend([9, 8, 7, 7, 6, 5, 4])).toEqual([]);
    expect(trend([1, 2, 3, 3, 4, 5, 6, 7, 8])).toEqual([8]);
  });

  test('a peak ends a rising trend and starts a falling one', () => {
    expect(trend([1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1])).toEqual([5, 10]);
  });

  test('up and down in turn is no trend', () => {
    expect(trend([1, 3, 2, 4, 3, 5, 4, 6, 5])).toEqual([]);
    expect(trend([])).toEqual([]);
  });
});

describe('signals of all three rules', () => {
  test('by position, then by rule', () => {
    const points = [10.4, 10.5, 10.6, 10.7, 10.8, 10.9, 10.2, 10.3, 13.5, 10.1];
    expect(signals(points, 10, 1)).toEqual([
      { index: 5, rule: 3 },
      { index: 8, rule: 1 },
      { index: 8, rule: 2 },
      { index: 9, rule: 2 },
    ]);
  });

  test('one point breaking two rules appears once per rule', () => {
    expect(signals([5, 4, 3, 2, 1, -4], 5, 1.5)).toEqual([
      { index: 5, rule: 1 },
      { index: 5, rule: 3 },
    ]);
  });

  test('a quiet chart has no signals', () => {
    expect(signals([10.2, 9.8, 10.1, 9.9, 10.3, 9.7], 10, 1)).toEqual([]);
    expect(signals([], 10, 1)).toEqual([]);
  });
});

describe('X̄-R control limits for n = 5', () => {
  const samples = [
    [100, 104, 98, 102, 96],
    [101, 99, 105, 97, 103],
    [102, 100, 98, 106, 94],
  ];

  test('the constants of the brief', () => {
    expect(A2).toBe(0.577);
    expect(D3).toBe(0);
    expect(D4).toBe(2.114);
    expect(D2).toBe(2.326);
  });

  test('mean and range', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(range([4, 9, 2, 7])).toBe(7);
  });

  test('centre lines and limits', () => {
    const l = xbarRLimits(samples);
    expect(l.center).toBeCloseTo(100.3333, 4);
    expect(l.rBar).toBeCloseTo(9.3333, 4);
    expect(l.ucl).toBeCloseTo(100.3333 + 0.577 * 9.3333, 3);
    expect(l.lcl).toBeCloseTo(100.3333 - 0.577 * 9.3333, 3);
    expect(l.sigma).toBeCloseTo((0.577 * 9.3333) / 3, 4);
    expect(l.uclR).toBeCloseTo(2.114 * 9.3333, 3);
    expect(l.lclR).toBe(0);
  });

  test('samples without any spread: all limits on the centre line', () => {
    const l = xbarRLimits([[5, 5, 5, 5, 5], [5, 5, 5, 5, 5]]);
    expect(l.center).toBe(5);
    expect(l.rBar).toBe(0);
    expect(l.lclR).toBe(0);
    expect(l.uclR).toBe(0);
  });

  test('subgroups of another size or no subgroups are refused', () => {
    expect(() => xbarRLimits([[1, 2, 3, 4]])).toThrow(RangeError);
    expect(() => xbarRLimits([[1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6]])).toThrow(RangeError);
    expect(() => xbarRLimits([])).toThrow(RangeError);
  });
});

describe('Cpk', () => {
  // Means of 32.030, 32.028 and 32.032 mm; every range 0.0093 mm, so σ = 0.0093 / 2.326.
  const high = [
    [32.0254, 32.0347, 32.03, 32.0299, 32.03],
    [32.0234, 32.0327, 32.028, 32.0279, 32.028],
    [32.0274, 32.0367, 32.032, 32.0319, 32.032],
  ];

  test('the upper limit is the nearer one', () => {
    const sigma = 0.0093 / 2.326;
    expect(cpk(high, 32.0, 32.039)).toBeCloseTo((32.039 - 32.03) / (3 * sigma), 4);
  });

  test('the lower limit is the nearer one', () => {
    const sigma = 0.0093 / 2.326;
    expect(cpk(high, 32.025, 32.07)).toBeCloseTo((32.03 - 32.025) / (3 * sigma), 4);
  });

  test('within-subgroup σ from R̄ / d2, not the spread of all readings', () => {
    // The same ranges with the means far apart: the standard deviation of all readings grows, Cpk does not.
    const apart = [
      [32.0154, 32.0247, 32.02, 32.0199, 32.02],
      [32.0354, 32.0447, 32.04, 32.0399, 32.04],
      [32.0254, 32.0347, 32.03, 32.0299, 32.03],
    ];
    expect(cpk(apart, 32.0, 32.039)).toBeCloseTo(cpk(high, 32.0, 32.039), 4);
  });

  test('a mean outside the tolerance gives a negative Cpk', () => {
    expect(cpk(high, 32.0, 32.027)).toBeLessThan(0);
    expect(cpk(high, 32.0, 32.027)).toBeCloseTo((32.027 - 32.03) / (3 * (0.0093 / 2.326)), 4);
  });

  test('subgroups of another size are refused', () => {
    expect(() => cpk([[32.01, 32.02, 32.03]], 32.0, 32.039)).toThrow(RangeError);
  });
});
