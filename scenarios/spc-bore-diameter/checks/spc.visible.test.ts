import { cpk, signals, xbarRLimits } from './src/spc';

describe('the example of the task', () => {
  const points = [20.5, 21.2, 23.4, 20.8, 21.1, 20.2, 20.9, 21.5, 20.3, 20.6, 19.8, 19.1, 18.7, 18.2, 17.5, 16.6, 17.2];

  test('rule 1 at points 2 and 15, rule 2 at 8 and 9, rule 3 at 14 and 15', () => {
    expect(signals(points, 20, 1)).toEqual([
      { index: 2, rule: 1 },
      { index: 8, rule: 2 },
      { index: 9, rule: 2 },
      { index: 14, rule: 3 },
      { index: 15, rule: 1 },
      { index: 15, rule: 3 },
    ]);
  });
});

describe('Cpk of the four samples in the task', () => {
  const samples = [
    [32.018, 32.022, 32.02, 32.025, 32.015],
    [32.021, 32.019, 32.024, 32.017, 32.023],
    [32.026, 32.02, 32.022, 32.019, 32.024],
    [32.016, 32.021, 32.018, 32.023, 32.02],
  ];

  test('X̿ 32.02065 mm and R̄ 0.00775 mm', () => {
    const limits = xbarRLimits(samples);
    expect(limits.center).toBeCloseTo(32.02065, 6);
    expect(limits.rBar).toBeCloseTo(0.00775, 6);
  });

  test('Cpk 1.84 with σ = R̄ / d2', () => {
    expect(cpk(samples, 32.0, 32.039)).toBeCloseTo(1.8358, 4);
  });
});
