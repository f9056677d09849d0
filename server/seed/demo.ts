import { randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { hashPassword } from '../accounts/passwords';
import type { Role } from '../http/policy';

/** Known in development so the demo is one command away; never used in production. */
export const DEMO_PASSWORD = 'practicum-demo';

type DemoOrg = { slug: string; name: string; kind: 'school' | 'enterprise' };
type DemoUser = { email: string; name: string; roles: { org: string; role: Role }[] };

const ORGS: DemoOrg[] = [
  { slug: 'cvit', name: 'Chongqing Vocational Institute of Technology', kind: 'school' },
  { slug: 'swift-logistics', name: 'Swift Logistics', kind: 'enterprise' },
];

const STUDENTS = ['Chen Jie', 'Liu Yang', 'Wang Fang', 'Zhao Lei', 'Huang Xin', 'Zhou Ting'];

export const DEMO_USERS: DemoUser[] = [
  { email: 'admin@practicum.example', name: 'Platform Admin', roles: [{ org: 'cvit', role: 'admin' }] },
  { email: 'teacher@cvit.example', name: 'Zhang Min', roles: [{ org: 'cvit', role: 'teacher' }] },
  ...STUDENTS.map((name, i) => ({ email: `student${i + 1}@cvit.example`, name, roles: [{ org: 'cvit', role: 'student' as Role }] })),
  { email: 'author@swift.example', name: 'Li Wei', roles: [{ org: 'swift-logistics', role: 'author' }] },
  { email: 'reviewer@swift.example', name: 'Sun Hao', roles: [{ org: 'swift-logistics', role: 'reviewer' }] },
];

const PARTNERSHIPS = [{ school: 'cvit', enterprise: 'swift-logistics' }];

export type SeedResult = { created: number; password: string | null };

/**
 * Creates whatever part of the demo world is missing, matched by slug and email, so running
 * it twice changes nothing. With `randomPasswords` (production) nobody can sign in with a
 * published password.
 */
export async function seedDemoWorld(db: Knex, now: Date, opts: { randomPasswords: boolean }): Promise<SeedResult> {
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
    }
    for (const user of DEMO_USERS) {
      let userId: string | undefined = (await trx('users').where({ email: user.email }).first('id'))?.id;
      if (!userId) {
        userId = randomUUID();
        const passwordHash = sharedHash ?? (await hashPassword(randomBytes(24).toString('base64url')));
        await trx('users').insert({ id: userId, email: user.email, name: user.name, password_hash: passwordHash, disabled: false, created_at: now, updated_at: now });
        created++;
      }
      for (const { org, role } of user.roles) {
        const orgId = orgIds.get(org)!;
        if (!(await trx('memberships').where({ user_id: userId, org_id: orgId, role }).first('id'))) {
          await trx('memberships').insert({ id: randomUUID(), user_id: userId, org_id: orgId, role, created_at: now });
          created++;
        }
      }
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
