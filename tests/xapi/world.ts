import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { stringify } from 'yaml';
import type { CheckResult } from '../../server/grading/types';
import { buildOrg, buildPartnership, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';

/**
 * A course whose records give every kind of statement: an attempt in progress, a released one
 * with two checks (one failed) and a rubric criterion a reviewer scored, and a signed workplace
 * assessment (plus the older version it superseded, which gives none). Rows as the services
 * write them, at times derived from `start`.
 */
export type XapiWorld = {
  school: OrgRecord;
  enterprise: OrgRecord;
  teacher: UserRecord;
  admin: UserRecord;
  student: UserRecord;
  other: UserRecord;
  reviewer: UserRecord;
  mentor: UserRecord;
  courseId: string;
  gradedAttempt: string;
  openAttempt: string;
  assessmentId: string;
};

export const MANIFEST = {
  id: 'freight-quote',
  version: '1.2.0',
  language: 'zh-CN',
  languages: ['zh-CN', 'en'],
  title: '修复运费报价计算器',
  enterprise: 'Swift Logistics',
  industry: 'logistics',
  role: 'Technician',
  durationMinutes: 60,
  competencies: ['js.debugging', 'communication.technical'],
  tasks: [
    {
      id: 'fix-rounding',
      title: 'Rounding',
      instructions: 'tasks/fix.md',
      checks: [
        { id: 'rounding-visible', kind: 'js', title: '四舍五入', file: 'checks/a.test.js', visible: true, points: 10, competencies: { 'js.debugging': 1 } },
        { id: 'rounding-hidden', kind: 'js', title: '边界情况', file: 'checks/b.test.js', visible: false, points: 20, competencies: { 'js.debugging': 1 } },
      ],
      rubric: [{ id: 'explains-fix', title: '说明原因', points: 10, levels: [{ score: 0, text: 'missing' }, { score: 10, text: 'clear' }], competencies: { 'communication.technical': 1 } }],
    },
  ],
  events: [],
  scoring: { autoWeight: 0.6, reviewWeight: 0.4, passAt: 0.7 },
};

/** The package's own scenario.yaml: texts in both languages (the stored manifest has the default's). */
const SCENARIO_YAML = stringify({
  ...MANIFEST,
  title: { 'zh-CN': MANIFEST.title, en: 'Fix the freight quote calculator' },
  enterprise: { 'zh-CN': 'Swift Logistics', en: 'Swift Logistics' },
  role: { 'zh-CN': '技术员', en: 'Technician' },
  tasks: MANIFEST.tasks.map((t) => ({
    ...t,
    title: { 'zh-CN': '四舍五入', en: t.title },
    checks: t.checks.map((c) => ({ ...c, title: { 'zh-CN': c.title, en: c.id === 'rounding-visible' ? 'Rounding' : 'Edge cases' } })),
    rubric: t.rubric.map((c) => ({ ...c, title: { 'zh-CN': c.title, en: 'Explains the cause' }, levels: c.levels.map((l) => ({ ...l, text: { 'zh-CN': l.text, en: l.text } })) })),
  })),
});

const check = (id: string, points: number, earned: number): CheckResult =>
  ({ id, task: 'fix-rounding', kind: 'js', title: id, visible: true, points, earned, score: earned / points, passed: earned === points, messages: [], output: '', status: 'done', durationMs: 5 }) as unknown as CheckResult;

export async function buildXapiWorld(db: Knex, start: number): Promise<XapiWorld> {
  const at = (minutes: number) => new Date(start + minutes * 60_000);
  const school = await buildOrg(db, { kind: 'school' });
  const enterprise = await buildOrg(db, { kind: 'enterprise' });
  const partnership = await buildPartnership(db, school, enterprise);
  const teacher = await buildUser(db, { org: school, roles: ['teacher'] });
  const admin = await buildUser(db, { org: school, roles: ['admin'] });
  const student = await buildUser(db, { org: school, roles: ['student'] });
  const other = await buildUser(db, { org: school, roles: ['student'] });
  const reviewer = await buildUser(db, { org: enterprise, roles: ['reviewer'] });
  const mentor = await buildUser(db, { org: enterprise, roles: ['mentor'] });

  const courseId = randomUUID();
  await db('courses').insert({ id: courseId, school_id: school.id, title: 'Logistics systems 1', created_at: at(0) });
  await db('course_members').insert([
    { course_id: courseId, user_id: teacher.id, role: 'teacher', created_at: at(0) },
    { course_id: courseId, user_id: student.id, role: 'student', created_at: at(0) },
    { course_id: courseId, user_id: other.id, role: 'student', created_at: at(0) },
  ]);
  const scenario = randomUUID();
  const version = randomUUID();
  await db('scenarios').insert({ id: scenario, slug: `freight-${scenario.slice(0, 8)}`, owner_org_id: enterprise.id, created_at: at(0) });
  await db('scenario_versions').insert({ id: version, scenario_id: scenario, version: '1.2.0', seq: 1, content_hash: 'x', title: MANIFEST.title, industry: 'logistics', manifest_json: JSON.stringify(MANIFEST), files_json: JSON.stringify({ 'scenario.yaml': SCENARIO_YAML }), published_at: at(0) });
  const assignment = randomUUID();
  await db('assignments').insert({ id: assignment, course_id: courseId, scenario_version_id: version, title: 'Freight', mode: 'assessment', opens_at: at(0), closes_at: null, time_limit_minutes: 60, max_attempts: null, reveal_policy: 'full', review: 'single', blind_review: false, created_by: teacher.id, created_at: at(0) });

  const gradedAttempt = randomUUID();
  await db('attempts').insert({ id: gradedAttempt, assignment_id: assignment, student_id: student.id, number: 1, status: 'graded', started_at: at(10), deadline_at: at(70), submitted_at: at(55), submit_reason: 'student', auto_score: 0.5, review_score: 1, final_score: 0.7, graded_at: at(120), last_activity_at: at(55) });
  await db('check_runs').insert({ id: randomUUID(), attempt_id: gradedAttempt, kind: 'submission', auto_score: 0.5, results_json: JSON.stringify([check('rounding-visible', 10, 10), check('rounding-hidden', 20, 5)]), created_at: at(55) });
  await db('criterion_results').insert({ attempt_id: gradedAttempt, criterion_id: 'explains-fix', points: 10, level: 1, source: 'review', updated_at: at(110) });
  await db('evidence').insert({ course_id: courseId, student_id: student.id, competency_code: 'communication.technical', score: 1, weight: 10, source: 'rubric', attempt_id: gradedAttempt, ref_kind: 'criterion', ref_id: 'explains-fix', assessor_id: reviewer.id, submitted_at: at(55), created_at: at(120) });

  const openAttempt = randomUUID();
  await db('attempts').insert({ id: openAttempt, assignment_id: assignment, student_id: other.id, number: 1, status: 'in_progress', started_at: at(20), deadline_at: at(80), submitted_at: null, submit_reason: null, auto_score: null, review_score: null, final_score: null, graded_at: null, last_activity_at: at(20) });

  const base = randomUUID();
  await db('training_bases').insert({ id: base, partnership_id: partnership, enterprise_id: enterprise.id, name: 'Depot', site: 'Shanghai', roles_json: '[]', competencies_json: '[]', capacity: 5, created_at: at(0), updated_at: at(0) });
  const placement = randomUUID();
  await db('placements').insert({ id: placement, base_id: base, student_id: student.id, school_id: school.id, teacher_id: teacher.id, enterprise_mentor_id: mentor.id, role: 'Dispatcher', starts_on: '2026-03-01', ends_on: '2026-06-30', weekly_hours: 30, status: 'active', course_id: courseId, created_at: at(0), updated_at: at(0) });
  const point = randomUUID();
  await db('assessment_points').insert({ id: point, placement_id: placement, kind: 'mid', due_on: '2026-04-15', set_by: teacher.id, created_at: at(0), updated_at: at(0) });
  const older = randomUUID();
  const assessmentId = randomUUID();
  const signed = (id: string, v: number, supersedes: string | null, when: number) => ({ id, point_id: point, placement_id: placement, assessor_id: mentor.id, side: 'enterprise', version: v, supersedes_id: supersedes, status: 'signed', revision: 1, content_json: '{}', signer_name: 'Li Wei', signed_at: at(when), content_hash: 'h', created_at: at(when), updated_at: at(when) });
  await db('workplace_assessments').insert(signed(older, 1, null, 200));
  await db('workplace_assessments').insert(signed(assessmentId, 2, older, 300));
  await db('evidence').insert([
    { course_id: courseId, student_id: student.id, competency_code: 'logistics.rating', score: 0.75, weight: 1, source: 'workplace', attempt_id: null, ref_kind: 'assessment', ref_id: assessmentId, assessor_id: mentor.id, placement_id: placement, submitted_at: at(300), created_at: at(300) },
    { course_id: courseId, student_id: student.id, competency_code: 'communication.technical', score: 0.5, weight: 1, source: 'workplace', attempt_id: null, ref_kind: 'assessment', ref_id: assessmentId, assessor_id: mentor.id, placement_id: placement, submitted_at: at(300), created_at: at(300) },
  ]);
  return { school, enterprise, teacher, admin, student, other, reviewer, mentor, courseId, gradedAttempt, openAttempt, assessmentId };
}
