import type { LevelView, MethodView } from '../../../../server/contract/competency';

/** 0.724 → "72 %"; null (no evidence) → "—". */
export function percent(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 100)} %`;
}

export const NO_EVIDENCE = 'No evidence';

/** The level's name from the report's own list, so the page says what the server decided. */
export function levelLabel(levels: LevelView[], id: string | null): string {
  if (id === null) return NO_EVIDENCE;
  return levels.find((l) => l.id === id)?.label ?? id;
}

/** A class for the level's colour; the level's name is always written next to it. */
export function levelClass(id: string | null): string {
  return `mastery-level mastery-level--${id ?? 'none'}`;
}

/** The lowest level counted as having reached mastery (gaps are "below proficient"). */
export const PROFICIENT = 'proficient';

export const METHOD_KINDS: MethodView['kind'][] = ['latest', 'highest', 'average', 'weighted_average', 'decaying_average', 'n_mastery'];

export const METHOD_LABEL: Record<MethodView['kind'], string> = {
  latest: 'Most recent score',
  highest: 'Highest score',
  average: 'Average',
  weighted_average: 'Weighted average',
  decaying_average: 'Decaying average',
  n_mastery: 'Mastery n times',
};

export const SOURCE_LABEL: Record<'check' | 'rubric' | 'regrade', string> = {
  check: 'Automatic check',
  rubric: 'Reviewer rubric',
  regrade: 'Regrade',
};

/**
 * The level a mastery value falls in: the highest whose minimum it reaches, as the server's
 * `levelOf` decides it (same slack for float noise at a boundary). null for no value.
 */
export function levelFor(levels: LevelView[], value: number | null): string | null {
  if (value === null || Number.isNaN(value)) return null;
  let found: LevelView | null = null;
  for (const level of levels) if (value >= level.min - 1e-9 && (found === null || level.min > found.min)) found = level;
  return found?.id ?? null;
}
