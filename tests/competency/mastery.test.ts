import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LEVELS,
  DEFAULT_METHOD,
  describeMethod,
  levelOf,
  mastery,
  METHOD_KINDS,
  validateMethod,
  type MasteryMethod,
} from '../../server/competency/mastery';

const latest: MasteryMethod = { kind: 'latest' };
const highest: MasteryMethod = { kind: 'highest' };
const average: MasteryMethod = { kind: 'average' };
const weighted: MasteryMethod = { kind: 'weighted_average', weight: 0.65 };
const decaying: MasteryMethod = { kind: 'decaying_average', weight: 0.65 };
const nMastery = (threshold: number): MasteryMethod => ({ kind: 'n_mastery', n: 3, threshold });

/** One of each kind, so "every method" cases cannot silently skip a kind added later. */
const everyMethod: MasteryMethod[] = [latest, highest, average, weighted, decaying, nMastery(0.6)];

describe('METHOD_KINDS and DEFAULT_METHOD', () => {
  it('lists every kind once and defaults to a 65 % decaying average', () => {
    expect([...METHOD_KINDS].sort()).toEqual(everyMethod.map((m) => m.kind).sort());
    expect(DEFAULT_METHOD).toEqual({ kind: 'decaying_average', weight: 0.65 });
    expect(validateMethod(DEFAULT_METHOD)).toEqual([]);
  });
});

// Canvas's published examples use the scores 1..5 (oldest first). The same list scaled to
// 0.2..1.0 is how Practicum stores scores, and must give the Canvas results divided by 5.
describe.each([
  { scale: '1..5', k: 1 },
  { scale: '0.2..1.0', k: 1 / 5 },
])('Canvas examples on $scale', ({ k }) => {
  const s = [1, 2, 3, 4, 5].map((x) => x * k);

  it('weighted average 65/35 → 4.125', () => {
    // 0.65 × 5 + 0.35 × mean(1, 2, 3, 4) = 3.25 + 0.875
    expect(mastery(s, weighted)).toBeCloseTo(4.125 * k, 10);
  });

  it('decaying average 65 % → 4.47, through every intermediate', () => {
    const expected = [1, 1.65, 2.5275, 3.484625, 4.46961875];
    expected.forEach((d, i) => expect(mastery(s.slice(0, i + 1), decaying)).toBeCloseTo(d * k, 10));
    expect(mastery(s, decaying)!.toFixed(2)).toBe((4.47 * k).toFixed(2));
  });

  it('n mastery n = 3, threshold 3 → 4 (mean of 3, 4, 5)', () => {
    expect(mastery(s, nMastery(3 * k))).toBeCloseTo(4 * k, 10);
  });

  it('latest → 5, highest → 5, average → 3', () => {
    expect(mastery(s, latest)).toBeCloseTo(5 * k, 10);
    expect(mastery(s, highest)).toBeCloseTo(5 * k, 10);
    expect(mastery(s, average)).toBeCloseTo(3 * k, 10);
  });
});

describe('mastery edge cases', () => {
  it.each(everyMethod.map((m) => [m.kind, m] as const))('%s: no scores → null', (_kind, method) => {
    expect(mastery([], method)).toBeNull();
  });

  it.each([latest, highest, average, weighted, decaying].map((m) => [m.kind, m] as const))(
    '%s: one score → that score',
    (_kind, method) => {
      expect(mastery([0.7], method)).toBe(0.7);
    },
  );

  it('n mastery with one score: that score when n = 1 and it qualifies, otherwise null', () => {
    expect(mastery([0.7], { kind: 'n_mastery', n: 1, threshold: 0.6 })).toBe(0.7);
    expect(mastery([0.5], { kind: 'n_mastery', n: 1, threshold: 0.6 })).toBeNull();
    expect(mastery([0.7], nMastery(0.6))).toBeNull();
  });

  it('n mastery stays null until the n-th qualifying score, then averages only those', () => {
    const s = [0.9, 0.2, 0.8, 0.3, 0.7];
    expect(mastery(s.slice(0, 4), nMastery(0.6))).toBeNull(); // two of three so far
    expect(mastery(s, nMastery(0.6))).toBeCloseTo(0.8, 10);
    expect(mastery([0.1, 0.2, 0.3, 0.4, 0.5], nMastery(0.6))).toBeNull();
  });

  it('n mastery counts a score equal to the threshold as reaching it', () => {
    expect(mastery([0.6, 0.6, 0.6], nMastery(0.6))).toBeCloseTo(0.6, 10);
    expect(mastery([3, 3, 3, 1], nMastery(3))).toBe(3);
    // 0.1 + 0.7 lands a hair under 0.8 in binary; a teacher sees 80 % and so must the method.
    const hairUnder = 0.1 + 0.7;
    expect(hairUnder).toBeLessThan(0.8);
    expect(mastery([hairUnder, 0.8, 0.9], nMastery(0.8))).toBeCloseTo(0.8 + 0.1 / 3, 10);
  });

  it('highest with equal maxima returns the maximum', () => {
    expect(mastery([0.8, 0.3, 0.8, 0.5], highest)).toBe(0.8);
    expect(mastery([0.4, 0.4, 0.4], highest)).toBe(0.4);
  });

  it('order matters for latest, weighted and decaying, not for highest, average or n mastery', () => {
    const s = [0.2, 0.4, 0.6, 0.8, 1.0];
    const permuted = [0.6, 1.0, 0.2, 0.8, 0.4];
    expect(mastery(permuted, latest)).toBe(0.4);
    expect(mastery(permuted, weighted)).not.toBeCloseTo(mastery(s, weighted)!, 5);
    // 0.65 × 0.4 + 0.35 × mean(0.6, 1.0, 0.2, 0.8)
    expect(mastery(permuted, weighted)).toBeCloseTo(0.26 + 0.35 * 0.65, 10);
    expect(mastery(permuted, decaying)).not.toBeCloseTo(mastery(s, decaying)!, 5);
    expect(mastery(permuted, highest)).toBe(mastery(s, highest));
    expect(mastery(permuted, average)).toBeCloseTo(mastery(s, average)!, 10);
    expect(mastery(permuted, nMastery(0.6))).toBeCloseTo(mastery(s, nMastery(0.6))!, 10);
  });

  it('does not assume scores lie in 0..1', () => {
    expect(mastery([-2, 10], average)).toBe(4);
    expect(mastery([-2, 10], decaying)).toBeCloseTo(0.65 * 10 + 0.35 * -2, 10);
    expect(mastery([150, 80, 120], highest)).toBe(150);
  });

  it('does not round', () => {
    expect(mastery([0, 0, 1], average)).toBe(1 / 3);
  });

  it('does not change the scores it is given', () => {
    const s = [0.3, 0.9, 0.1];
    mastery(s, weighted);
    mastery(s, nMastery(0.2));
    expect(s).toEqual([0.3, 0.9, 0.1]);
  });

  it('handles a long history without overflowing the stack', () => {
    const s = Array.from({ length: 300_000 }, (_, i) => (i % 10) / 10);
    expect(mastery(s, highest)).toBe(0.9);
  });

  it('throws on a kind it does not know rather than inventing a score', () => {
    expect(() => mastery([0.5], { kind: 'median' } as unknown as MasteryMethod)).toThrow(/median/);
  });
});

describe('describeMethod', () => {
  it('gives the example wording for the default', () => {
    expect(describeMethod(DEFAULT_METHOD)).toBe('Decaying average: each new score counts 65 %, everything before it 35 %.');
  });

  it('puts the numbers in the words', () => {
    expect(describeMethod(weighted)).toMatch(/Weighted average.*65 %.*35 %/);
    expect(describeMethod({ kind: 'decaying_average', weight: 0.625 })).toContain('62.5 %, everything before it 37.5 %');
    const n = describeMethod(nMastery(0.6));
    expect(n).toContain('n = 3');
    expect(n).toContain('threshold 60 %');
    expect(describeMethod({ kind: 'n_mastery', n: 1, threshold: 0.8 })).toContain('at least 1 score reaches 80 %');
  });

  it('has a distinct sentence for every kind', () => {
    const texts = everyMethod.map(describeMethod);
    expect(new Set(texts).size).toBe(texts.length);
    for (const t of texts) expect(t).toMatch(/^[A-Z].*\.$/);
  });
});

describe('levelOf', () => {
  const id = (score: number | null) => levelOf(score)?.id ?? null;

  it('places scores on the default levels, minimums inclusive', () => {
    expect(id(0)).toBe('beginner');
    expect(id(0.3999)).toBe('beginner');
    expect(id(0.4)).toBe('developing');
    expect(id(0.5999)).toBe('developing');
    expect(id(0.6)).toBe('proficient');
    expect(id(0.8499)).toBe('proficient');
    expect(id(0.85)).toBe('advanced');
    expect(id(1)).toBe('advanced');
  });

  it('null score → null', () => {
    expect(levelOf(null)).toBeNull();
    expect(levelOf(mastery([], DEFAULT_METHOD))).toBeNull();
  });

  it('does not mark a student down for float error at a boundary', () => {
    // Both show as exactly 40 % and 85 % to a teacher but are a hair below in binary.
    const forty = mastery([0.2, 0.5, 0.5], average)!;
    const eightyFive = mastery([0.7, 0.85, 0.9, 0.95], average)!;
    expect(forty).toBeLessThan(0.4);
    expect(eightyFive).toBeLessThan(0.85);
    expect(id(forty)).toBe('developing');
    expect(id(eightyFive)).toBe('advanced');
  });

  it('uses custom levels, below every minimum → null, order of the list does not matter', () => {
    const levels = [
      { id: 'met', label: 'Met', min: 0.7 },
      { id: 'near', label: 'Nearly met', min: 0.5 },
    ];
    expect(levelOf(0.75, levels)?.id).toBe('met');
    expect(levelOf(0.5, levels)?.id).toBe('near');
    expect(levelOf(0.49, levels)).toBeNull();
    expect(levelOf(0.5, [])).toBeNull();
  });

  it('default levels are ascending and start at 0', () => {
    expect(DEFAULT_LEVELS.map((l) => l.min)).toEqual([0, 0.4, 0.6, 0.85]);
  });
});

describe('validateMethod', () => {
  it('accepts valid methods', () => {
    for (const m of everyMethod) expect(validateMethod(m)).toEqual([]);
    expect(validateMethod({ kind: 'n_mastery', n: 1, threshold: 0 })).toEqual([]);
    expect(validateMethod({ kind: 'n_mastery', n: 5, threshold: 1 })).toEqual([]);
  });

  it.each([0, 1, 1.5, -0.2, Number.NaN])('rejects weight %s for both averages', (weight) => {
    for (const kind of ['weighted_average', 'decaying_average'] as const) {
      const problems = validateMethod({ kind, weight });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/weight/);
    }
  });

  it('rejects n 0, fractional n and threshold 2, naming each problem', () => {
    expect(validateMethod({ kind: 'n_mastery', n: 0, threshold: 0.6 })).toEqual([expect.stringMatching(/^n must/)]);
    expect(validateMethod({ kind: 'n_mastery', n: 2.5, threshold: 0.6 })).toEqual([expect.stringMatching(/^n must/)]);
    expect(validateMethod({ kind: 'n_mastery', n: 3, threshold: 2 })).toEqual([expect.stringMatching(/^threshold/)]);
    expect(validateMethod({ kind: 'n_mastery', n: 0, threshold: 2 })).toHaveLength(2);
  });

  it('rejects an unknown kind read back from storage', () => {
    expect(validateMethod({ kind: 'median' } as unknown as MasteryMethod)).toEqual([expect.stringMatching(/unknown.*median/)]);
  });
});
