import type { Knex } from 'knex';
import { competencyIndex, levelsFor } from '../competency/case';
import { levelOf, type ProficiencyLevel } from '../competency/mastery';
import type { OrgRef } from '../contract/partnerships';
import { NEARLY_GAP, type CandidateView, type CandidatesQueryT, type CandidatesView, type Fit, type WorkplaceAssessmentView } from '../contract/talent';
import { toBool, toIso } from '../db/values';
import { errors } from '../http/errors';
import { chooseOrg, type Actor } from '../http/policy';
import { msg } from '../messages';
import { gapsFrom, profileFor } from '../placements/profiles';
import { currentConsents } from './consent';

/**
 * The enterprise's candidates: students of its partner schools who consent now, with their fit
 * to a role's requirement profile from the mastery the record shows (the best value across
 * their courses, simulated and workplace evidence alike), and only what each agreed to share.
 */

export const enterprisesOf = (actor: Actor) => actor.memberships.filter((m) => m.role === 'admin' && m.orgKind === 'enterprise').map((m) => ({ id: m.orgId, name: m.orgName }));

/** The caller's enterprise the call is about: the one named, or their only one. */
export function chooseEnterprise(actor: Actor, requested: string | undefined): OrgRef {
  return chooseOrg(enterprisesOf(actor), requested, { none: () => errors.notFound(msg('notFound.enterprise')), several: msg('orgs.severalEnterprises') });
}

/** A base of the enterprise (its partnership's school restricts the candidates), or not found. */
export async function enterpriseBase(db: Knex, enterpriseId: string, baseId: string): Promise<{ id: string; name: string; school_id: string }> {
  const base = await db('training_bases as b').join('partnerships as p', 'p.id', 'b.partnership_id').where({ 'b.id': baseId, 'b.enterprise_id': enterpriseId }).first('b.id', 'b.name', 'p.school_id');
  if (!base) throw errors.notFound(msg('notFound.trainingBase'));
  return base;
}

type ConsentRow = { student_id: string; candidate_ref: string; school_id: string; school_name: string; student_name: string; shares_identity: unknown; shares_assessments: unknown };

/**
 * Consenting students of the enterprise, optionally one candidate (by the enterprise's ref for
 * them, `candidate_ref`, never the user id) or one school.
 */
export async function consentingStudents(db: Knex, enterpriseId: string, only: { candidateRef?: string; schoolId?: string } = {}): Promise<ConsentRow[]> {
  const q = currentConsents(db)
    .join('organizations as s', 's.id', 'c.school_id')
    .where('c.enterprise_id', enterpriseId)
    .distinct('c.student_id', 'c.candidate_ref', 'c.school_id', 's.name as school_name', 'u.name as student_name', 'c.shares_identity', 'c.shares_assessments');
  if (only.candidateRef) q.where('c.candidate_ref', only.candidateRef);
  if (only.schoolId) q.where('c.school_id', only.schoolId);
  return q;
}

/** The best value per competency across the students' courses. */
async function bestMastery(db: Knex, studentIds: string[]): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  if (studentIds.length === 0) return out;
  const rows: { student_id: string; values_json: string }[] = await db('mastery').whereIn('student_id', studentIds).select('student_id', 'values_json');
  for (const r of rows) {
    const mine = out.get(r.student_id) ?? new Map<string, number>();
    out.set(r.student_id, mine);
    for (const [code, [value]] of Object.entries(JSON.parse(r.values_json) as Record<string, [number | null, number]>)) {
      if (value !== null && value > (mine.get(code) ?? -Infinity)) mine.set(code, value);
    }
  }
  return out;
}

async function workplaceAssessments(db: Knex, studentIds: string[], titleOf: (code: string) => string, levelsOf: (code: string) => Promise<ProficiencyLevel[]>) {
  const out = new Map<string, WorkplaceAssessmentView[]>();
  if (studentIds.length === 0) return out;
  const rows = await db('evidence as ev')
    .join('placements as pl', 'pl.id', 'ev.placement_id')
    .join('training_bases as b', 'b.id', 'pl.base_id')
    .join('organizations as e', 'e.id', 'b.enterprise_id')
    .whereIn('ev.student_id', studentIds)
    .where('ev.source', 'workplace')
    .orderBy([{ column: 'ev.submitted_at', order: 'desc' }, { column: 'ev.id' }])
    .select('ev.student_id', 'ev.competency_code', 'ev.score', 'ev.submitted_at', 'e.name as enterprise_name', 'pl.role');
  for (const r of rows) {
    const list = out.get(r.student_id) ?? [];
    out.set(r.student_id, list);
    const level = levelOf(Number(r.score), await levelsOf(r.competency_code));
    list.push({ code: r.competency_code, title: titleOf(r.competency_code), level, value: Number(r.score), on: toIso(r.submitted_at)!.slice(0, 10), enterprise: r.enterprise_name, role: r.role });
  }
  return out;
}

const FIT_ORDER: Record<Fit, number> = { meets: 0, nearlyMeets: 1, below: 2, noProfile: 3 };

/** meets / nearly meets (every competency assessed, no gap over NEARLY_GAP) / below. */
export function fitOf(gaps: { value: number | null; gap: number; meets: boolean }[]): Fit {
  if (gaps.length === 0) return 'noProfile';
  if (gaps.every((g) => g.meets)) return 'meets';
  if (gaps.every((g) => g.value !== null && g.gap <= NEARLY_GAP + 1e-9)) return 'nearlyMeets';
  return 'below';
}

export async function candidates(db: Knex, actor: Actor, query: CandidatesQueryT, onlyCandidate?: string): Promise<CandidatesView> {
  const enterprise = chooseEnterprise(actor, query.enterpriseId);
  const base = query.baseId ? await enterpriseBase(db, enterprise.id, query.baseId) : null;
  const profile = await profileFor(db, enterprise.id, query.role, base?.id ?? null);
  const students = await consentingStudents(db, enterprise.id, { candidateRef: onlyCandidate, schoolId: base?.school_id });
  const ids = students.map((s) => s.student_id);
  const index = await competencyIndex(db);
  const titleOf = (code: string) => index.get(code)?.title ?? code;
  const levelCache = new Map<string, Promise<ProficiencyLevel[]>>();
  const levelsOf = (code: string) => levelCache.get(code) ?? levelCache.set(code, levelsFor(db, [code])).get(code)!;
  const sharing = students.filter((s) => toBool(s.shares_assessments as boolean)).map((s) => s.student_id);
  const [mastery, assessments, shortlist] = await Promise.all([
    bestMastery(db, ids),
    workplaceAssessments(db, sharing, titleOf, levelsOf),
    db('talent_shortlist').where({ enterprise_id: enterprise.id }).whereIn('student_id', ids).select('*'),
  ]);
  const listed = new Map(shortlist.map((r) => [r.student_id as string, r]));
  const out: CandidateView[] = [];
  // Between equal gaps, the one further above the required levels ranks first.
  const margin = new Map<string, number>();
  // Keyed by candidate ref: what the enterprise calls the candidate.
  for (const s of students) {
    const values = mastery.get(s.student_id) ?? new Map<string, number>();
    const gaps = gapsFrom(profile, (code) => values.get(code) ?? null, titleOf);
    const competencies = [];
    for (const g of gaps) {
      const level = levelOf(g.value, await levelsOf(g.code));
      competencies.push({ code: g.code, title: g.title, required: g.required, level, value: g.value, gap: g.gap, meets: g.meets });
    }
    margin.set(s.candidate_ref, gaps.reduce((sum, g) => sum + (g.value === null ? 0 : g.value - g.required.min), 0));
    const identity = toBool(s.shares_identity as boolean);
    const sharesAssessments = toBool(s.shares_assessments as boolean);
    const entry = listed.get(s.student_id);
    out.push({
      id: s.candidate_ref,
      name: identity ? s.student_name : null,
      school: identity ? { id: s.school_id, name: s.school_name } : null,
      shares: { identity, assessments: sharesAssessments },
      fit: fitOf(gaps),
      // Unassessed competencies count as a whole level missing, so they rank below small gaps.
      totalGap: gaps.reduce((sum, g) => sum + (g.value === null ? g.required.min : g.gap), 0),
      competencies,
      assessments: sharesAssessments ? (assessments.get(s.student_id) ?? []) : null,
      shortlist: entry ? { role: entry.role, note: entry.note, at: toIso(entry.updated_at)! } : null,
    });
  }
  out.sort((a, b) => FIT_ORDER[a.fit] - FIT_ORDER[b.fit] || a.totalGap - b.totalGap || margin.get(b.id)! - margin.get(a.id)! || a.id.localeCompare(b.id));
  return { enterprise, role: query.role, baseId: base?.id ?? null, profileFromBase: profile.baseId !== null, candidates: out };
}

/** One candidate by their ref, or not found: a student without a current consent is one that exists nowhere. */
export async function candidate(db: Knex, actor: Actor, candidateRef: string, query: CandidatesQueryT): Promise<CandidateView> {
  const found = (await candidates(db, actor, query, candidateRef)).candidates[0];
  if (!found) throw errors.notFound(msg('notFound.candidate'));
  return found;
}
