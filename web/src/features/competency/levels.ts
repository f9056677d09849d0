import i18next from 'i18next';
import type { LevelView, MethodView } from '../../../../server/contract/competency';
import { formatProportion } from '../../app/format';

/*
 * Words for mastery in the interface's language. Functions rather than constants so each call
 * reads the current language (the components calling them re-render when it changes).
 */
const t = (key: string, params?: Record<string, unknown>) => i18next.t(key, { ns: 'competency', ...params });

/** 0.724 → "72%"; null (no evidence) → "—". */
export function percent(value: number | null): string {
  return formatProportion(value);
}

export function noEvidence(): string {
  return t('levels.none');
}

export function noResultYet(): string {
  return t('levels.noResult');
}

/** The platform's own levels, said in the reader's language; a framework's own names stay as written. */
const DEFAULT_LEVEL_LABEL: Record<string, string> = { beginner: 'Beginner', developing: 'Developing', proficient: 'Proficient', advanced: 'Advanced' };

/** A level's name: the platform's four in the reader's language, a framework's own as the server sends it. */
export function levelName(level: LevelView): string {
  if (DEFAULT_LEVEL_LABEL[level.id] !== level.label) return level.label;
  const names: Record<string, string> = {
    beginner: t('levels.beginner'),
    developing: t('levels.developing'),
    proficient: t('levels.proficient'),
    advanced: t('levels.advanced'),
  };
  return names[level.id] ?? level.label;
}

/** The level's name from the report's own list, so the page says what the server decided. */
export function levelLabel(levels: LevelView[], id: string | null): string {
  if (id === null) return noEvidence();
  const level = levels.find((l) => l.id === id);
  return level ? levelName(level) : id;
}

/** A class for the level's colour; the level's name is always written next to it. */
export function levelClass(id: string | null): string {
  return `mastery-level mastery-level--${id ?? 'none'}`;
}

/** The lowest level counted as having reached mastery (gaps are "below proficient"). */
export const PROFICIENT = 'proficient';

export const METHOD_KINDS: MethodView['kind'][] = ['latest', 'highest', 'average', 'weighted_average', 'decaying_average', 'n_mastery'];

export function methodLabel(kind: MethodView['kind']): string {
  const labels: Record<MethodView['kind'], string> = {
    latest: t('method.kind.latest'),
    highest: t('method.kind.highest'),
    average: t('method.kind.average'),
    weighted_average: t('method.kind.weightedAverage'),
    decaying_average: t('method.kind.decayingAverage'),
    n_mastery: t('method.kind.nMastery'),
  };
  return labels[kind];
}

/** Thresholds are fractions when valid; an out-of-range one is shown raw so the page never says "300%". */
function thresholdText(threshold: number): string {
  return threshold >= 0 && threshold <= 1 ? formatProportion(threshold, 1) : String(threshold);
}

/** The formula in words, in the reader's language (the server's `description` is English). */
export function methodDescription(method: MethodView): string {
  const weight = formatProportion(method.weight, 1);
  const rest = formatProportion(1 - method.weight, 1);
  switch (method.kind) {
    case 'latest':
      return t('method.description.latest');
    case 'highest':
      return t('method.description.highest');
    case 'average':
      return t('method.description.average');
    case 'weighted_average':
      return t('method.description.weightedAverage', { weight, rest });
    case 'decaying_average':
      return t('method.description.decayingAverage', { weight, rest });
    case 'n_mastery':
      return t('method.description.nMastery', { n: method.n, threshold: thresholdText(method.threshold) });
    default:
      return method.description;
  }
}

export function sourceLabel(source: 'check' | 'rubric' | 'regrade' | 'workplace'): string {
  const labels = { check: t('source.check'), rubric: t('source.rubric'), regrade: t('source.regrade'), workplace: t('source.workplace') };
  return labels[source];
}

/**
 * How simulated work and workplace assessments weigh against each other, in words ("Workplace
 * assessments count twice as much as simulated work"). Only the ratio matters, so 2 : 4 reads
 * as 1 : 2.
 */
export function weightsDescription(sources: MethodView['sources']): string {
  const ratio = Number((sources.workplace / sources.simulated).toFixed(2));
  if (ratio === 1) return t('method.sources.equal');
  if (ratio > 1) return t('method.sources.workplaceMore', { ratio });
  return t('method.sources.simulatedMore', { ratio: Number((sources.simulated / sources.workplace).toFixed(2)) });
}

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
