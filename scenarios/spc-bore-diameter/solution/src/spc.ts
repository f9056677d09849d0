// Yuxin Precision Machining, Chongqing: the SPC rules of the X̄-R chart for the piston bore of
// BC-32. The SPC board in the CMM room and the daily quality report both call these functions.

/** Every sample (subgroup) on our charts has five parts; the constants below are for n = 5. */
export const SUBGROUP_SIZE = 5;
/** X̄ chart: control limits at X̿ ± A2 · R̄. */
export const A2 = 0.577;
/** R chart: lower control limit D3 · R̄ (0 for n = 5). */
export const D3 = 0;
/** R chart: upper control limit D4 · R̄. */
export const D4 = 2.114;
/** Within-subgroup standard deviation σ = R̄ / d2. */
export const D2 = 2.326;

export interface Limits {
  /** X̿: the mean of the subgroup means, the centre line of the X̄ chart. */
  center: number;
  /** Upper and lower control limits of the X̄ chart. */
  ucl: number;
  lcl: number;
  /** σ of the X̄ chart: one third of the distance from the centre line to a limit. */
  sigma: number;
  /** R̄: the mean range, the centre line of the R chart. */
  rBar: number;
  /** Upper and lower control limits of the R chart. */
  uclR: number;
  lclR: number;
}

/** One point of the X̄ chart that breaks one rule. */
export interface Signal {
  /** Position of the point in the list, from 0. */
  index: number;
  /** 1: beyond 3σ; 2: nine in a row on one side; 3: six in a row increasing or decreasing. */
  rule: 1 | 2 | 3;
}

export function mean(values: number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export function range(values: number[]): number {
  return Math.max(...values) - Math.min(...values);
}

/** Control limits of the X̄ and R charts from subgroups of five readings each. */
export function xbarRLimits(subgroups: number[][]): Limits {
  if (subgroups.length === 0) throw new RangeError('no subgroups: control limits need data');
  for (const g of subgroups) {
    if (g.length !== SUBGROUP_SIZE) throw new RangeError(`a subgroup has ${g.length} readings; the constants are for ${SUBGROUP_SIZE}`);
  }
  const center = mean(subgroups.map(mean));
  const rBar = mean(subgroups.map(range));
  return {
    center,
    ucl: center + A2 * rBar,
    lcl: center - A2 * rBar,
    sigma: (A2 * rBar) / 3,
    rBar,
    uclR: D4 * rBar,
    lclR: D3 * rBar,
  };
}

/** Rule 1: the points strictly more than 3σ away from the centre line, on either side. */
export function beyondLimits(points: number[], center: number, sigma: number): number[] {
  const out: number[] = [];
  points.forEach((p, i) => {
    if (Math.abs(p - center) > 3 * sigma) out.push(i);
  });
  return out;
}

/**
 * Rule 2: nine points in a row on the same side of the centre line. Reports the ninth point and
 * every later one while the run lasts; a point on the centre line belongs to neither side.
 */
export function runOnOneSide(points: number[], center: number): number[] {
  const out: number[] = [];
  for (let i = 8; i < points.length; i++) {
    const run = points.slice(i - 8, i + 1);
    if (run.every((p) => p > center) || run.every((p) => p < center)) out.push(i);
  }
  return out;
}

/**
 * Rule 3: six points in a row, each higher than the one before (or each lower). Reports the
 * sixth point and every later one while the trend lasts; two equal points end a trend.
 */
export function trend(points: number[]): number[] {
  const out: number[] = [];
  for (let i = 5; i < points.length; i++) {
    const run = points.slice(i - 5, i + 1);
    const rising = run.every((p, k) => k === 0 || p > run[k - 1]!);
    const falling = run.every((p, k) => k === 0 || p < run[k - 1]!);
    if (rising || falling) out.push(i);
  }
  return out;
}

/** Every signal of rules 1 to 3, by position and then by rule. */
export function signals(points: number[], center: number, sigma: number): Signal[] {
  const all: Signal[] = [
    ...beyondLimits(points, center, sigma).map((index) => ({ index, rule: 1 as const })),
    ...runOnOneSide(points, center).map((index) => ({ index, rule: 2 as const })),
    ...trend(points).map((index) => ({ index, rule: 3 as const })),
  ];
  // sort() is stable: signals of one point keep the rule order they were listed in.
  return all.sort((a, b) => a.index - b.index);
}

/**
 * Process capability Cpk against the drawing tolerance [lsl, usl]: the distance from X̿ to the
 * nearer limit over 3σ, with the within-subgroup σ = R̄ / d2 (not the standard deviation of
 * all readings: that would be Ppk).
 */
export function cpk(subgroups: number[][], lsl: number, usl: number): number {
  const { center, rBar } = xbarRLimits(subgroups);
  const sigma = rBar / D2;
  return Math.min(usl - center, center - lsl) / (3 * sigma);
}
