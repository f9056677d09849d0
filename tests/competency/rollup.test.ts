import { describe, expect, it } from 'vitest';
import { rollUps } from '../../server/competency/rollup';
import { DEFAULT_LEVELS } from '../../server/competency/mastery';

const row = (code: string, parent: string | null, value: number | null, attempts: number) => ({ code, parent, value, attempts });

describe('rollUps', () => {
  it('gives a parent without evidence the mean of its children, weighted by their pieces of work', () => {
    const out = rollUps(
      [row('data', null, null, 0), row('sql.query', 'data', 0.9, 3), row('sql.join', 'data', 0.5, 1), row('sql.aggregate', 'data', null, 0)],
      DEFAULT_LEVELS,
    );
    // (0.9 × 3 + 0.5 × 1) / 4 = 0.8; the child without evidence does not count.
    expect(out.get('data')).toEqual({ value: expect.closeTo(0.8, 9), level: 'proficient', competencies: 2, work: 4 });
    expect(out.has('sql.query')).toBe(false);
    expect(out.has('sql.aggregate')).toBe(false);
  });

  it('rolls a roll-up up again, carrying the work behind it', () => {
    const out = rollUps(
      [row('root', null, null, 0), row('mid', 'root', null, 0), row('leaf.a', 'mid', 0.2, 1), row('leaf.b', 'mid', 0.4, 1), row('other', 'root', 1, 2)],
      DEFAULT_LEVELS,
    );
    expect(out.get('mid')).toEqual({ value: expect.closeTo(0.3, 9), level: 'beginner', competencies: 2, work: 2 });
    // mid weighs as its two pieces of work: (0.3 × 2 + 1 × 2) / 4 = 0.65.
    expect(out.get('root')).toEqual({ value: expect.closeTo(0.65, 9), level: 'proficient', competencies: 3, work: 4 });
  });

  it('leaves a parent with no evidence anywhere below it alone', () => {
    expect(rollUps([row('ops', null, null, 0), row('ops.web-server', 'ops', null, 0)], DEFAULT_LEVELS).size).toBe(0);
  });
});
