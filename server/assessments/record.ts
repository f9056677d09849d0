import type { Knex } from 'knex';
import type { AssessmentContentT } from '../contract/assessments';
import { recomputeMastery } from '../competency/evidence';
import type { ProficiencyLevel } from '../competency/mastery';
import type { PlacementFacts } from '../placements/access';
import { levelScore } from './content';

export type SignedAssessment = {
  id: string;
  supersedesId: string | null;
  assessorId: string;
  content: AssessmentContentT;
  levels: ProficiencyLevel[];
  signedAt: Date;
};

/**
 * A signed assessment enters the competency record of the placement's course: one evidence
 * row per rated competency, source `workplace`, no attempt, the signer as assessor. A
 * correction's rows replace those of the version it supersedes (the old version stays
 * readable, but only the newest signed word counts). No course: no record to enter (the page
 * says so). Runs inside the sign-off's transaction, so a sign-off never half-enters the record.
 */
export async function recordSigned(trx: Knex, placement: PlacementFacts, signed: SignedAssessment): Promise<void> {
  if (!placement.courseId) return;
  const codes = new Set<string>();
  if (signed.supersedesId) {
    const old: { competency_code: string }[] = await trx('evidence')
      .where({ source: 'workplace', ref_kind: 'assessment', ref_id: signed.supersedesId })
      .select('competency_code');
    for (const r of old) codes.add(r.competency_code);
    await trx('evidence').where({ source: 'workplace', ref_kind: 'assessment', ref_id: signed.supersedesId }).delete();
  }
  const rows = signed.content.ratings.flatMap((r) => {
    const score = levelScore(signed.levels, r.levelId);
    if (score === null) return [];
    codes.add(r.code);
    return [
      {
        course_id: placement.courseId,
        student_id: placement.studentId,
        competency_code: r.code,
        score,
        weight: 1,
        source: 'workplace',
        attempt_id: null,
        ref_kind: 'assessment',
        ref_id: signed.id,
        assessor_id: signed.assessorId,
        placement_id: placement.id,
        submitted_at: signed.signedAt,
        created_at: signed.signedAt,
      },
    ];
  });
  if (rows.length > 0) await trx('evidence').insert(rows);
  await recomputeMastery(trx, placement.courseId, placement.studentId, [...codes]);
}
