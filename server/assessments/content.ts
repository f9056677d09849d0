import { createHash } from 'node:crypto';
import type { AssessmentContentT } from '../contract/assessments';
import type { ProficiencyLevel } from '../competency/mastery';

/**
 * The content of an assessment as it is signed: a canonical JSON text (keys in one order,
 * ratings by competency code, nothing else), so the same content always gives the same hash
 * whatever order a client sent it in, and anyone can recompute the hash from what is shown.
 */
export function canonicalContent(content: AssessmentContentT): string {
  const ratings = [...content.ratings]
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((r) => ({ code: r.code, comment: r.comment, levelId: r.levelId }));
  return JSON.stringify({ evidence: content.evidence, ratings });
}

/** SHA-256 (hex) of the canonical content: what a sign-off stores and shows. */
export function contentHash(content: AssessmentContentT): string {
  return createHash('sha256').update(canonicalContent(content), 'utf8').digest('hex');
}

/**
 * The score a level stands for in the record: the middle of its band, from its minimum up to
 * the next level's minimum (the top level's band ends at 1). A mentor who says "proficient"
 * places the student somewhere in that band, and the middle is the least biased point of it;
 * the minimum would put every assessed student on the edge of the level below, so any average
 * with a slightly lower simulated score would drop them a level, and the top would never reach
 * "advanced" work. The middle is still inside the band, so the record names the level chosen.
 */
export function levelScore(levels: readonly ProficiencyLevel[], levelId: string): number | null {
  const sorted = [...levels].sort((a, b) => a.min - b.min);
  const at = sorted.findIndex((l) => l.id === levelId);
  if (at < 0) return null;
  const min = sorted[at]!.min;
  const next = sorted[at + 1]?.min ?? 1;
  return (min + Math.max(min, next)) / 2;
}
