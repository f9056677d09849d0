import { randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { hashPassword } from '../accounts/passwords';
import type { Locale } from '../contract/constants';
import type { Role } from '../http/policy';

/** Known in development so the demo is one command away; never used in production. */
export const DEMO_PASSWORD = 'practicum-demo';

type DemoOrg = { slug: string; name: string; kind: 'school' | 'enterprise' };
type DemoUser = { email: string; name: string; operator?: true; roles: { org: string; role: Role; lead?: boolean }[] };

const ORGS: DemoOrg[] = [
  { slug: 'cvit', name: 'Chongqing Vocational Institute of Technology', kind: 'school' },
  { slug: 'swift-logistics', name: 'Swift Logistics', kind: 'enterprise' },
];

const STUDENTS = ['Chen Jie', 'Liu Yang', 'Wang Fang', 'Zhao Lei', 'Huang Xin', 'Zhou Ting'];

export const DEMO_USERS: DemoUser[] = [
  // Runs the installation: creates organisations, manages the shared framework. No school's or company's role.
  { email: 'admin@practicum.example', name: 'Platform Admin', operator: true, roles: [] },
  // Each organisation runs its own people and partnerships.
  { email: 'admin@cvit.example', name: 'Tang Hui', roles: [{ org: 'cvit', role: 'admin' }] },
  { email: 'admin@swift.example', name: 'Deng Qiang', roles: [{ org: 'swift-logistics', role: 'admin' }] },
  { email: 'teacher@cvit.example', name: 'Zhang Min', roles: [{ org: 'cvit', role: 'teacher' }] },
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- without it TypeScript 7 widens the role to string
  ...STUDENTS.map((name, i) => ({ email: `student${i + 1}@cvit.example`, name, roles: [{ org: 'cvit', role: 'student' as Role }] })),
  { email: 'author@swift.example', name: 'Li Wei', roles: [{ org: 'swift-logistics', role: 'author' }] },
  { email: 'reviewer@swift.example', name: 'Sun Hao', roles: [{ org: 'swift-logistics', role: 'reviewer', lead: true }] },
  { email: 'reviewer2@swift.example', name: 'Ma Lin', roles: [{ org: 'swift-logistics', role: 'reviewer' }] },
  // Guides the students on placement at Swift's training base (off-campus training).
  { email: 'mentor@swift.example', name: 'Gao Jun', roles: [{ org: 'swift-logistics', role: 'mentor' }] },
];

/** The demo enterprise publishes the bundled sample scenarios, so its reviewers review them. */
const SAMPLE_OWNER = 'swift-logistics';

const PARTNERSHIPS = [{ school: 'cvit', enterprise: 'swift-logistics' }];

export const DEMO_COURSE = 'Enterprise Practice 2026';

export type SeedResult = { created: number; password: string | null };

/**
 * DEMO_LOCALE: the demo world in one language (every preference and both organisations'
 * default), or `both`: the school and the lead reviewer in Chinese, the rest in English, with
 * half the class each way, so one demo shows both at once.
 */
export type DemoLocale = Locale | 'both';

function demoLocaleOf(user: DemoUser, mode: DemoLocale): Locale {
  if (mode !== 'both') return mode;
  const student = /^student(\d+)@/.exec(user.email);
  if (student) return Number(student[1]) % 2 === 1 ? 'zh-CN' : 'en';
  return user.roles.some((r) => r.org === 'cvit') || user.email === 'reviewer@swift.example' ? 'zh-CN' : 'en';
}

/**
 * Creates whatever part of the demo world is missing, matched by slug and email, so running
 * it twice changes nothing. With `randomPasswords` (production) nobody can sign in with a
 * published password.
 */
export async function seedDemoWorld(db: Knex, now: Date, opts: { randomPasswords: boolean; locale?: DemoLocale | undefined }): Promise<SeedResult> {
  const password = opts.randomPasswords ? null : DEMO_PASSWORD;
  const sharedHash = password ? await hashPassword(password) : null;
  let created = 0;
  await db.transaction(async (trx) => {
    const orgIds = new Map<string, string>();
    for (const org of ORGS) {
      const existing = await trx('organizations').where({ slug: org.slug }).first('id');
      if (existing) orgIds.set(org.slug, existing.id);
      else {
        const id = randomUUID();
        await trx('organizations').insert({ id, ...org, created_at: now });
        orgIds.set(org.slug, id);
        created++;
      }
      if (opts.locale) {
        const orgLocale = opts.locale === 'both' ? 'zh-CN' : opts.locale;
        await trx('organizations').where({ id: orgIds.get(org.slug)! }).whereNull('default_locale').update({ default_locale: orgLocale });
      }
    }
    for (const user of DEMO_USERS) {
      let userId: string | undefined = (await trx('users').where({ email: user.email }).first('id'))?.id;
      if (!userId) {
        userId = randomUUID();
        const passwordHash = sharedHash ?? (await hashPassword(randomBytes(24).toString('base64url')));
        await trx('users').insert({ id: userId, email: user.email, name: user.name, password_hash: passwordHash, disabled: false, platform_role: user.operator ? 'operator' : null, created_at: now, updated_at: now });
        created++;
      }
      // A preference someone already chose stays theirs.
      if (opts.locale) await trx('users').where({ id: userId }).whereNull('locale').update({ locale: demoLocaleOf(user, opts.locale) });
      for (const { org, role, lead } of user.roles) {
        const orgId = orgIds.get(org)!;
        if (!(await trx('memberships').where({ user_id: userId, org_id: orgId, role }).first('id'))) {
          await trx('memberships').insert({ id: randomUUID(), user_id: userId, org_id: orgId, role, lead: lead ?? false, created_at: now });
          created++;
        }
      }
    }
    created += await trx('scenarios').whereNull('owner_org_id').update({ owner_org_id: orgIds.get(SAMPLE_OWNER)! });
    // A course with every published sample scenario assigned, so the demo student can start at once.
    const schoolId = orgIds.get('cvit')!;
    let course = await trx('courses').where({ school_id: schoolId, title: DEMO_COURSE }).first('id');
    if (!course) {
      course = { id: randomUUID() };
      await trx('courses').insert({ id: course.id, school_id: schoolId, title: DEMO_COURSE, code: 'EP-2026', created_at: now });
      created++;
    }
    const members = DEMO_USERS.filter((u) => u.roles.some((r) => r.org === 'cvit' && (r.role === 'teacher' || r.role === 'student')));
    for (const u of members) {
      const user = await trx('users').where({ email: u.email }).first('id');
      const role = u.roles.some((r) => r.role === 'teacher') ? 'teacher' : 'student';
      if (!(await trx('course_members').where({ course_id: course.id, user_id: user.id, role }).first('user_id'))) {
        await trx('course_members').insert({ course_id: course.id, user_id: user.id, role, created_at: now });
        created++;
      }
    }
    const teacher = await trx('users').where({ email: 'teacher@cvit.example' }).first('id');
    const versions: { id: string; slug: string; title: string; manifest_json: string }[] = await trx('scenario_versions as v')
      .join('scenarios as s', 's.id', 'v.scenario_id')
      .whereRaw('v.seq = (select max(seq) from scenario_versions w where w.scenario_id = v.scenario_id)')
      .orderBy('s.slug')
      .select('v.id', 's.slug', 'v.title', 'v.manifest_json');
    for (const v of versions) {
      const already = await trx('assignments as a')
        .join('scenario_versions as w', 'w.id', 'a.scenario_version_id')
        .where('a.course_id', course.id)
        .where('w.scenario_id', trx('scenario_versions').where('id', v.id).select('scenario_id'))
        .first('a.id');
      if (already) continue;
      await trx('assignments').insert({
        id: randomUUID(),
        course_id: course.id,
        scenario_version_id: v.id,
        title: v.title,
        mode: 'practice',
        // Opened two weeks ago: the seeded past work of the cohort happened inside the window.
        opens_at: new Date(now.getTime() - 14 * 86_400_000),
        closes_at: null,
        time_limit_minutes: (JSON.parse(v.manifest_json) as { durationMinutes: number }).durationMinutes,
        max_attempts: null,
        reveal_policy: 'description',
        // Every sample has a rubric: the demo enterprise reviews what the demo students submit.
        review: 'single',
        blind_review: false,
        created_by: teacher.id,
        created_at: now,
      });
      created++;
    }

    for (const p of PARTNERSHIPS) {
      const pair = { school_id: orgIds.get(p.school)!, enterprise_id: orgIds.get(p.enterprise)! };
      if (!(await trx('partnerships').where(pair).first('id'))) {
        await trx('partnerships').insert({ id: randomUUID(), ...pair, status: 'active', created_at: now });
        created++;
      }
    }
  });
  return { created, password };
}
