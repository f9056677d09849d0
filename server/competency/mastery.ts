import { msg, type Msg, render } from '../messages';
/**
 * Mastery of one competency from a student's evidence scores. The methods mean exactly what
 * Canvas Outcomes' calculation methods mean, so teachers who know Canvas can read them.
 * Pure and dependency-free: the same code can run on the server and in the student record page.
 */

export type MasteryMethod =
  | { kind: 'latest' }
  | { kind: 'highest' }
  | { kind: 'average' }
  /** w × latest + (1 − w) × mean of the earlier scores */
  | { kind: 'weighted_average'; weight: number }
  /** D1 = x1, Dk = w × xk + (1 − w) × D(k−1) */
  | { kind: 'decaying_average'; weight: number }
  /** mean of the scores >= threshold once there are at least n of them; null before */
  | { kind: 'n_mastery'; n: number; threshold: number };

export const DEFAULT_METHOD: MasteryMethod = { kind: 'decaying_average', weight: 0.65 };

export const METHOD_KINDS: readonly MasteryMethod['kind'][] = Object.freeze([
  'latest',
  'highest',
  'average',
  'weighted_average',
  'decaying_average',
  'n_mastery',
] as const);

/**
 * Scores come out of sums and products of decimals, so a student whose scores average to what a
 * teacher sees as exactly 40 % can land on 0.39999999999999997. Comparisons against a boundary
 * (threshold, level minimum) allow this much slack so that such a student is not marked down.
 * It is far below any difference a grade could express, on any scale.
 */
const BOUNDARY_SLACK = 1e-9;

function mean(xs: readonly number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** scores in the order the work was done (oldest first); values are usually 0..1 but the maths must not assume it */
export function mastery(scores: readonly number[], method: MasteryMethod): number | null {
  // No evidence is not the same as a score of zero: the record page must be able to say "not yet assessed".
  if (scores.length === 0) return null;
  const latest = scores[scores.length - 1]!;
  switch (method.kind) {
    case 'latest':
      return latest;
    case 'highest': {
      // A loop rather than Math.max(...scores): spreading a long history can overflow the call stack.
      let best = scores[0]!;
      for (const s of scores) if (s > best) best = s;
      return best;
    }
    case 'average':
      return mean(scores);
    case 'weighted_average': {
      // With nothing earlier to weigh against, Canvas reports the single score as it is.
      if (scores.length === 1) return latest;
      const w = method.weight;
      return w * latest + (1 - w) * mean(scores.slice(0, -1));
    }
    case 'decaying_average': {
      const w = method.weight;
      let d = scores[0]!;
      for (let k = 1; k < scores.length; k++) d = w * scores[k]! + (1 - w) * d;
      return d;
    }
    case 'n_mastery': {
      const reached = scores.filter((s) => s >= method.threshold - BOUNDARY_SLACK);
      // length 0 is checked too so that an invalid n (0 or below) cannot turn into 0 / 0.
      if (reached.length === 0 || reached.length < method.n) return null;
      return mean(reached);
    }
    default: {
      // Methods arrive from stored JSON; a kind this code does not know must fail loudly, not score 0.
      const unknown: never = method;
      throw new Error(`unknown mastery method: ${JSON.stringify(unknown)}`);
    }
  }
}

/** 0.65 → "65 %", 0.625 → "62.5 %"; rounding hides float noise such as 0.35 × 100 = 35.00000000000001. */
function percent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(1))} %`;
}

/** Thresholds are fractions when valid; an out-of-range one is shown raw so the page never says "300 %". */
function thresholdText(threshold: number): string {
  return threshold >= 0 && threshold <= 1 ? percent(threshold) : String(threshold);
}

/** The formula in words for the student record page, e.g. "Decaying average: each new score counts 65 %, everything before it 35 %." */
export function describeMethod(method: MasteryMethod): string {
  switch (method.kind) {
    case 'latest':
      return 'Most recent score: only the latest score counts.';
    case 'highest':
      return 'Highest score: only the best score so far counts.';
    case 'average':
      return 'Average: every score counts equally.';
    case 'weighted_average':
      return `Weighted average: the most recent score counts ${percent(method.weight)}, the average of all earlier scores ${percent(1 - method.weight)}.`;
    case 'decaying_average':
      return `Decaying average: each new score counts ${percent(method.weight)}, everything before it ${percent(1 - method.weight)}.`;
    case 'n_mastery': {
      const t = thresholdText(method.threshold);
      const scores = method.n === 1 ? 'score reaches' : 'scores reach';
      return `Mastery n times (n = ${method.n}, threshold ${t}): no result until at least ${method.n} ${scores} ${t}, then the average of the scores that reach it.`;
    }
    default: {
      const unknown: never = method;
      return `Unknown method ${JSON.stringify(unknown)}.`;
    }
  }
}

export type ProficiencyLevel = { id: string; label: string; min: number }; // min inclusive, ordered ascending

export const DEFAULT_LEVELS: ProficiencyLevel[] = [
  { id: 'beginner', label: 'Beginner', min: 0 },
  { id: 'developing', label: 'Developing', min: 0.4 },
  { id: 'proficient', label: 'Proficient', min: 0.6 },
  { id: 'advanced', label: 'Advanced', min: 0.85 },
];

/**
 * The highest level whose minimum the score reaches. null for no score (nothing to place yet)
 * and for a score below every level's minimum (placing it in the lowest level would overstate it).
 */
export function levelOf(score: number | null, levels: ProficiencyLevel[] = DEFAULT_LEVELS): ProficiencyLevel | null {
  if (score === null || Number.isNaN(score)) return null;
  let found: ProficiencyLevel | null = null;
  // Picks by the largest minimum reached rather than by position, so a misordered list still answers correctly.
  for (const level of levels) {
    if (score >= level.min - BOUNDARY_SLACK && (found === null || level.min > found.min)) found = level;
  }
  return found;
}

/** Problems in words, empty when the method is usable. Written for a teacher editing the method. */
export function validateMethod(method: MasteryMethod): string[] {
  return methodProblems(method).map((reason) => render(reason));
}

/** `validateMethod`'s problems as catalog messages (competency.method.*), for the reader's language. */
export function methodProblems(method: MasteryMethod): Msg[] {
  const problems: Msg[] = [];
  // The type says it is a known kind, but methods are read back from JSON, where it may not be.
  if (!METHOD_KINDS.includes(method?.kind)) {
    return [msg('competency.method.unknown', { kind: String(JSON.stringify((method as { kind?: unknown } | null)?.kind)), kinds: METHOD_KINDS.join(', ') })];
  }
  if (method.kind === 'weighted_average' || method.kind === 'decaying_average') {
    // 0 would ignore the newest evidence and 1 everything before it; "latest" already covers the latter.
    if (typeof method.weight !== 'number' || !(method.weight > 0 && method.weight < 1)) {
      problems.push(msg('competency.method.weight', { got: String(method.weight) }));
    }
  }
  if (method.kind === 'n_mastery') {
    if (typeof method.n !== 'number' || !Number.isInteger(method.n) || method.n < 1) {
      problems.push(msg('competency.method.n', { got: String(method.n) }));
    }
    if (typeof method.threshold !== 'number' || !(method.threshold >= 0 && method.threshold <= 1)) {
      problems.push(msg('competency.method.threshold', { got: String(method.threshold) }));
    }
  }
  return problems;
}

/** How much each kind of evidence counts in a course's mastery (issue 16); only the ratio matters. */
export type SourceWeights = { simulated: number; workplace: number };

/**
 * One competency's mastery from the mastery of simulated work and that of workplace
 * assessments (each by the course's method): their weighted mean when both have a result,
 * else the one that has. A student never placed keeps exactly their simulated mastery.
 */
export function combineSources(simulated: number | null, workplace: number | null, weights: SourceWeights): number | null {
  if (simulated === null) return workplace;
  if (workplace === null) return simulated;
  const total = weights.simulated + weights.workplace;
  // Weights are validated > 0; should a stored pair ever sum to nothing, count both alike rather than divide by zero.
  if (!(total > 0)) return (simulated + workplace) / 2;
  return (weights.simulated * simulated + weights.workplace * workplace) / total;
}

/** The weights in words for API clients and logs (the pages say it in the reader's language). */
export function describeWeights(weights: SourceWeights): string {
  const ratio = Number((weights.workplace / weights.simulated).toFixed(2));
  if (ratio === 1) return 'Workplace assessments and simulated work count equally.';
  if (ratio > 1) return `Workplace assessments count ${ratio === 2 ? 'twice' : `${ratio} times`} as much as simulated work.`;
  const inverse = Number((weights.simulated / weights.workplace).toFixed(2));
  return `Simulated work counts ${inverse === 2 ? 'twice' : `${inverse} times`} as much as workplace assessments.`;
}
