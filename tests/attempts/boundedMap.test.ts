import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../../server/attempts/boundedMap';

describe('a bounded map (the monitor’s per-attempt memory)', () => {
  it('keeps at most its limit, forgetting the entry set longest ago', () => {
    const m = new BoundedMap<string, number>(3);
    for (const [i, k] of ['a', 'b', 'c', 'd'].entries()) m.set(k, i);
    expect(m.size).toBe(3);
    expect(m.get('a')).toBeUndefined();
    expect([m.get('b'), m.get('c'), m.get('d')]).toEqual([1, 2, 3]);
  });

  it('treats setting a key again as the newest', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1).set('b', 2).set('a', 3).set('c', 4);
    expect(m.get('b')).toBeUndefined();
    expect([m.get('a'), m.get('c')]).toEqual([3, 4]);
  });

  it('stays at its limit after many more keys than it holds', () => {
    const m = new BoundedMap<number, number>(1_000);
    for (let i = 0; i < 50_000; i++) m.set(i, i);
    expect(m.size).toBe(1_000);
    expect(m.get(49_999)).toBe(49_999);
    expect(m.get(48_999)).toBeUndefined();
  });

  it('refuses a limit that could hold nothing', () => {
    expect(() => new BoundedMap(0)).toThrow(RangeError);
  });
});
