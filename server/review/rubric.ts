import { createHash } from 'node:crypto';
import type { RubricCriterionView } from '../contract/review';
import type { ScenarioManifestT } from '../scenarios/schema';

/**
 * The rubric a review item is scored against, frozen when the item is created. Levels are
 * ordered by score, so a level index is an ordinal scale (agreement and "differ by more than
 * one level" both need that) whatever order the author listed them in.
 */
export function rubricSnapshot(manifest: ScenarioManifestT): { rubric: RubricCriterionView[]; hash: string } {
  const rubric = manifest.tasks.flatMap((t) =>
    t.rubric.map((c) => ({
      id: c.id,
      task: t.id,
      title: c.title,
      description: c.description ?? null,
      points: c.points,
      levels: [...c.levels].sort((a, b) => a.score - b.score).map((l) => ({ score: Math.min(l.score, c.points), text: l.text })),
    })),
  );
  const hash = createHash('sha256').update(JSON.stringify(rubric)).digest('hex');
  return { rubric, hash };
}

export const rubricPoints = (rubric: RubricCriterionView[]) => rubric.reduce((sum, c) => sum + c.points, 0);

/** Review score in 0..1: points given over the rubric's points. */
export function reviewScoreOf(rubric: RubricCriterionView[], earned: Map<string, number>): number {
  const total = rubricPoints(rubric);
  if (total === 0) return 0;
  const got = rubric.reduce((sum, c) => sum + (earned.get(c.id) ?? 0), 0);
  return round4(got / total);
}

export const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

export function finalScoreOf(scoring: ScenarioManifestT['scoring'], auto: number, review: number | null): number {
  if (review === null) return round4(auto);
  return round4(scoring.autoWeight * auto + scoring.reviewWeight * review);
}
