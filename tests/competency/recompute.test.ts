import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { computeCourseMastery, masteryFromPieces, methodOf, recomputeCourseMastery, recomputeMastery, weightsOf, MASTERY_COLUMNS, type CourseMasterySettings, type MasteryValues } from '../../server/competency/evidence';
import { createTestDb, type TestDb } from '../helpers/db';
import { buildOrg, buildUser } from '../helpers/factories';

/**
 * The whole-course recompute (issue 18) reads the evidence packed and in student groups; it must
 * give exactly what the per-student recompute gives and what the plain per-piece query (the
 * code before issue 18, kept here as the reference) gives, to the last bit, for every method.
 */
let t: TestDb;
let courseId: string;
let students: string[];
const CODES = ['c.a', 'c.b', 'c.c', 'c.d'];
const START = Date.UTC(2026, 0, 5, 9);

// A small deterministic generator: varied data, the same on every run.
function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

beforeAll(async () => {
  t = await createTestDb();
  const db = t.db;
  const now = new Date(START);
  const school = await buildOrg(db);
  courseId = randomUUID();
  await db('courses').insert({ id: courseId, school_id: school.id, title: 'Recompute', created_at: now });
  students = [];
  for (let i = 0; i < 7; i++) students.push((await buildUser(db, { org: school, roles: ['student'] })).id);
  const teacher = await buildUser(db, { org: school, roles: ['teacher'] });
  const scenario = randomUUID();
  const version = randomUUID();
  await db('scenarios').insert({ id: scenario, slug: 'recompute', owner_org_id: null, created_at: now });
  await db('scenario_versions').insert({ id: version, scenario_id: scenario, version: '1.0.0', seq: 1, content_hash: 'x', title: 'R', industry: 'software', manifest_json: '{}', files_json: '{}', published_at: now });
  const assignment = randomUUID();
  await db('assignments').insert({ id: assignment, course_id: courseId, scenario_version_id: version, title: 'R', mode: 'practice', opens_at: now, closes_at: null, time_limit_minutes: 60, max_attempts: null, reveal_policy: 'full', review: 'none', blind_review: false, created_by: teacher.id, created_at: now });
  const random = rng(42);
  const evidence: object[] = [];
  for (const [si, student] of students.entries()) {
    // Student 6 has no evidence at all; student 5 only workplace assessments.
    if (si === 6) continue;
    const attempts = si === 5 ? 0 : 3 + Math.floor(random() * 5);
    for (let k = 0; k < attempts; k++) {
      // Some attempts submitted at the same instant: the order falls back to the piece id.
      const at = new Date(START + Math.floor(k / 2) * 86_400_000);
      const id = randomUUID();
      await db('attempts').insert({ id, assignment_id: assignment, student_id: student, number: k + 1, status: 'graded', started_at: at, deadline_at: at, submitted_at: at, submit_reason: 'student', auto_score: 0.5, review_score: null, final_score: 0.5, graded_at: at, last_activity_at: at });
      for (const code of CODES) {
        if (random() < 0.2) continue;
        // Several checks and criteria on one competency: a weighted mean with awkward decimals.
        const rows = 1 + Math.floor(random() * 4);
        for (let r = 0; r < rows; r++) {
          evidence.push({ course_id: courseId, student_id: student, competency_code: code, score: Math.round(random() * 1000) / 1000 + (r === 1 ? 0.1 / 3 : 0), weight: [1, 2.5, 10, 0.3][r]!, source: r === 3 ? 'rubric' : 'check', attempt_id: id, ref_kind: r === 3 ? 'criterion' : 'check', ref_id: `ref-${r}`, assessor_id: null, submitted_at: at, created_at: now });
        }
      }
    }
    if (si >= 3) {
      // Workplace assessments: no attempt, one piece per assessment, two of them at one instant.
      for (let w = 0; w < 3; w++) {
        const ref = randomUUID();
        const at = new Date(START + (w === 2 ? 1 : w) * 86_400_000 + 3_600_000);
        for (const code of CODES.slice(0, 3)) {
          evidence.push({ course_id: courseId, student_id: student, competency_code: code, score: [0.25, 0.5, 0.75, 1][Math.floor(random() * 4)]!, weight: 1, source: 'workplace', attempt_id: null, ref_kind: 'assessment', ref_id: ref, assessor_id: null, submitted_at: at, created_at: now });
        }
      }
    }
  }
  for (let i = 0; i < evidence.length; i += 100) await db('evidence').insert(evidence.slice(i, i + 100));
});

afterAll(() => t.destroy());

/** The reference: the per-piece query and grouping exactly as they were before issue 18. */
async function reference(db: Knex, course: CourseMasterySettings): Promise<Record<string, MasteryValues>> {
  const kind = "case when source = 'workplace' then 1 else 0 end";
  const rows: { student_id: string; competency_code: string; workplace: number; piece: string; at: Date | number; score: number }[] = await db('evidence')
    .where('course_id', courseId)
    .groupByRaw(`student_id, competency_code, ${kind}, coalesce(attempt_id, ref_id)`)
    .select('student_id', 'competency_code', db.raw(`${kind} as workplace`), db.raw('coalesce(attempt_id, ref_id) as piece'))
    .min({ at: 'submitted_at' })
    .select(db.raw('sum(score * weight) / sum(weight) as score'));
  const out: Record<string, MasteryValues> = {};
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `${r.student_id}\u0000${r.competency_code}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(r);
  }
  for (const list of groups.values()) {
    const pieces = list.map((r) => ({ workplace: Number(r.workplace) === 1, piece: String(r.piece), at: r.at, score: Number(r.score) }));
    (out[list[0]!.student_id] ??= {})[list[0]!.competency_code] = masteryFromPieces(pieces, methodOf(course), weightsOf(course));
  }
  return out;
}

/** The structure with every number replaced by 0, and the numbers in order: compared apart. */
const shape = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' ? 0 : x)));
const numbers = (v: unknown): number[] => {
  const out: number[] = [];
  JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && out.push(x), x));
  return out;
};

async function stored(db: Knex): Promise<Record<string, MasteryValues>> {
  const rows: { student_id: string; values_json: string }[] = await db('mastery').where({ course_id: courseId });
  return Object.fromEntries(rows.map((r) => [r.student_id, JSON.parse(r.values_json) as MasteryValues]));
}

const SETTINGS: Partial<CourseMasterySettings>[] = [
  { mastery_method: 'latest' },
  { mastery_method: 'highest' },
  { mastery_method: 'average', workplace_weight: 3 },
  { mastery_method: 'weighted_average', mastery_weight: 0.7 },
  { mastery_method: 'decaying_average', mastery_weight: 0.65, simulated_weight: 2 },
  { mastery_method: 'n_mastery', mastery_n: 2, mastery_threshold: 0.6 },
];

describe('whole-course recompute', () => {
  for (const settings of SETTINGS) {
    it(`equals the per-student recompute and the pre-issue-18 query: ${JSON.stringify(settings)}`, async () => {
      const db = t.db;
      await db('courses').where({ id: courseId }).update(settings);
      const course = await db('courses').where({ id: courseId }).first<CourseMasterySettings>(...MASTERY_COLUMNS);
      const expected = await reference(db, course);
      expect(Object.keys(expected)).toHaveLength(6);

      await recomputeCourseMastery(db, courseId);
      const whole = await stored(db);
      if (db.dialect === 'sqlite') {
        // toStrictEqual compares numbers with Object.is: equal to the last bit.
        expect(whole).toStrictEqual(expected);
      } else {
        // PostgreSQL sums REAL columns in its plan's order, so the old query itself answered to
        // single precision only (the per-student and whole-course plans disagreed in the 8th
        // digit); the new one fixes the order. Equal to single precision, then.
        expect(shape(whole)).toStrictEqual(shape(expected));
        const [got, want] = [numbers(whole), numbers(expected)];
        got.forEach((x, i) => expect(Math.abs(x - want[i]!)).toBeLessThan(1e-6));
      }

      await db('mastery').where({ course_id: courseId }).delete();
      // The student without evidence is left out: a per-student recompute would store an empty row.
      for (const student of students.slice(0, 6)) await recomputeMastery(db, courseId, student, CODES);
      expect(await stored(db)).toStrictEqual(whole);
    });
  }

  it('reports progress by student group and stops when told to', async () => {
    const course = await t.db('courses').where({ id: courseId }).first<CourseMasterySettings>(...MASTERY_COLUMNS);
    const heard: [number, number][] = [];
    const values = await computeCourseMastery(t.db, courseId, course, async (done, total) => {
      heard.push([done, total]);
    });
    expect(heard).toEqual([[6, 6]]);
    expect(values!.size).toBe(6);
    expect(await computeCourseMastery(t.db, courseId, course, async () => false)).toBeNull();
  });
});
