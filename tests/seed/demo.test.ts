import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/accounts/passwords';
import { DEMO_PASSWORD, seedDemoWorld } from '../../server/seed/demo';
import { createTestDb, type TestDb } from '../helpers/db';
import { getTestServer } from '../helpers/app';
import { loadFrameworkFile } from '../../server/competency/framework';
import { SCENARIOS_DIR } from '../../server/scenarios/discover';
import { syncScenarioPackages } from '../../server/scenarios/sync';
import { seedDemoWork } from '../../server/seed/demoWork';
import { seedDemoPlacements } from '../../server/seed/demoPlacements';
import fs from 'node:fs';
import { importCase } from '../../server/competency/case';
import { SHIPPED_FRAMEWORK } from '../../server/competency/framework';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.destroy());

const count = async (table: string, where: Record<string, unknown> = {}) =>
  Number(((await t.db(table).where(where).count({ n: '*' })) as [{ n: number | string }])[0].n);

describe('seedDemoWorld', () => {
  it('creates the demo school, enterprise, people and partnership', async () => {
    const result = await seedDemoWorld(t.db, new Date(), { randomPasswords: false });
    expect(result.password).toBe(DEMO_PASSWORD);
    const school = await t.db('organizations').where({ name: 'Chongqing Vocational Institute of Technology', kind: 'school' }).first();
    const enterprise = await t.db('organizations').where({ name: 'Swift Logistics', kind: 'enterprise' }).first();
    expect(school).toBeDefined();
    expect(enterprise).toBeDefined();
    expect(await count('memberships', { org_id: school.id, role: 'student' })).toBe(6);
    expect(await count('memberships', { org_id: school.id, role: 'teacher' })).toBe(1);
    expect(await count('memberships', { org_id: enterprise.id, role: 'author' })).toBe(1);
    expect(await count('memberships', { org_id: enterprise.id, role: 'reviewer' })).toBe(2);
    expect(await count('memberships', { org_id: enterprise.id, role: 'reviewer', lead: true })).toBe(1);
    // One admin per organisation; the platform's own admin is an operator, no organisation's role.
    expect(await count('memberships', { org_id: school.id, role: 'admin' })).toBe(1);
    expect(await count('memberships', { org_id: enterprise.id, role: 'admin' })).toBe(1);
    const operator = await t.db('users').where({ email: 'admin@practicum.example' }).first('id', 'platform_role');
    expect(operator.platform_role).toBe('operator');
    expect(await count('memberships', { user_id: operator.id })).toBe(0);
    expect(await count('partnerships', { school_id: school.id, enterprise_id: enterprise.id, status: 'active' })).toBe(1);
    const student = await t.db('users').where({ email: 'student1@cvit.example' }).first();
    expect(await verifyPassword(student.password_hash, DEMO_PASSWORD)).toBe(true);
  });

  it('is idempotent', async () => {
    const tables = ['organizations', 'users', 'memberships', 'partnerships'];
    const before = await Promise.all(tables.map((x) => count(x)));
    const again = await seedDemoWorld(t.db, new Date(), { randomPasswords: false });
    expect(again.created).toBe(0);
    expect(await Promise.all(tables.map((x) => count(x)))).toEqual(before);
  });

  it('never uses the published password in production mode', async () => {
    const other = await createTestDb();
    try {
      const result = await seedDemoWorld(other.db, new Date(), { randomPasswords: true });
      expect(result.password).toBeNull();
      const admin = await other.db('users').where({ email: 'admin@practicum.example' }).first();
      expect(await verifyPassword(admin.password_hash, DEMO_PASSWORD)).toBe(false);
    } finally {
      await other.destroy();
    }
  });
});

describe('seedDemoWork', () => {
  it('leaves the demo student’s graded submission waiting in the demo reviewer’s queue', async () => {
    const t = await getTestServer();
    try {
      await importCase(t.db, JSON.parse(fs.readFileSync(SHIPPED_FRAMEWORK, 'utf8')), new Date());
      await syncScenarioPackages(t.db, loadFrameworkFile(), SCENARIOS_DIR);
      await seedDemoWorld(t.db, new Date(), { randomPasswords: false });
      expect(await seedDemoWork(t.deps)).toBe(12);
      expect(await seedDemoWork(t.deps)).toBe(0);
      const reviewer = await t.db('users').where({ email: 'reviewer@swift.example' }).first('id', 'email', 'name');
      const { agent } = await t.signIn({ ...reviewer, password: DEMO_PASSWORD, orgId: '' });
      const queue = (await agent.get('/api/review-queue')).body;
      expect(queue.isLead).toBe(true);
      expect(queue.items).toEqual([
        expect.objectContaining({ student: { kind: 'named', name: 'Chen Jie', school: 'Chongqing Vocational Institute of Technology' }, autoScore: 1, scenario: expect.objectContaining({ slug: 'freight-quote' }) }),
      ]);
      // The past work was graded and reviewed through the real services: the report has content.
      const teacher = await t.db('users').where({ email: 'teacher@cvit.example' }).first('id', 'email', 'name');
      const course = await t.db('courses').where({ title: 'Enterprise Practice 2026' }).first('id');
      const report = (await (await t.signIn({ ...teacher, password: DEMO_PASSWORD, orgId: '' })).agent.get(`/api/courses/${course.id}/report`)).body;
      expect(report.modules).toHaveLength(4);
      // Every student of the cohort has mastery somewhere.
      expect(report.heatmap.values.filter((row: (number | null)[]) => row.some((v) => v !== null))).toHaveLength(6);
      expect(report.gaps.length).toBeGreaterThan(0);
      const technical = report.adjustments[0].comparison.find((c: { code: string }) => c.code === 'communication.technical');
      expect(technical.before.n).toBeGreaterThan(0);
      expect(technical.after.n).toBeGreaterThan(0);

      // Off-campus training: three placements with Gao Jun; Zhao Lei finished below Swift's profile.
      expect(await seedDemoPlacements(t.deps)).toBe(3);
      expect(await seedDemoPlacements(t.deps)).toBe(0);
      const teacherAgent = (await t.signIn({ ...teacher, password: DEMO_PASSWORD, orgId: '' })).agent;
      const targeted = (await teacherAgent.get(`/api/courses/${course.id}/targeted-education`).expect(200)).body;
      expect(JSON.stringify(targeted)).toContain('Zhao Lei');
      const mentor = await t.db('users').where({ email: 'mentor@swift.example' }).first('id', 'email', 'name');
      const mentorAgent = (await t.signIn({ ...mentor, password: DEMO_PASSWORD, orgId: '' })).agent;
      const mentees = (await mentorAgent.get('/api/placements').expect(200)).body.placements as { id: string; student: { name: string }; status: string }[];
      expect(mentees.map((p) => [p.student.name, p.status]).sort()).toEqual([
        ['Liu Yang', 'active'],
        ['Wang Fang', 'active'],
        ['Zhao Lei', 'completed'],
      ]);
      const byName = Object.fromEntries(mentees.map((p) => [p.student.name, p]));
      const week = async (name: string) => (await mentorAgent.get(`/api/placements/${byName[name]!.id}/logbook`).expect(200)).body;
      expect(JSON.stringify(await week('Liu Yang'))).toContain('confirmed');
      expect(JSON.stringify(await week('Wang Fang'))).toContain('submitted');
      const due = (await mentorAgent.get('/api/assessment-reminders').expect(200)).body;
      expect(JSON.stringify(due)).toContain('Liu Yang');
      // Zhao Lei's two signed finals and Zhang Min's of Liu Yang, three competencies each.
      expect(Number((await t.db('evidence').where({ source: 'workplace' }).count({ n: '*' }).first())!.n)).toBe(9);
    } finally {
      await t.close();
    }
  }, 120_000);
});
