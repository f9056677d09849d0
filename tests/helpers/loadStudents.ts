import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { hashPassword } from '../../server/accounts/passwords';

/**
 * Many students in a course, each with a session, written straight into the database: signing
 * thousands of people in through argon2 would measure the password hash, not the load a
 * benchmark or a crash test is about. Returns each student's session token (the cookie value).
 */
export async function addStudentsWithSessions(db: Knex, opts: { courseId: string; schoolId: string; count: number; emailPrefix: string; now: Date }): Promise<string[]> {
  const passwordHash = await hashPassword(randomBytes(16).toString('hex'));
  const { now } = opts;
  const tokens: string[] = [];
  const users = Array.from({ length: opts.count }, (_, i) => ({ id: randomUUID(), email: `${opts.emailPrefix}${i}@cvit.example`, name: `${opts.emailPrefix} ${i}` }));
  for (let i = 0; i < users.length; i += 200) {
    const batch = users.slice(i, i + 200);
    await db.transaction(async (trx) => {
      await trx('users').insert(batch.map((u) => ({ ...u, password_hash: passwordHash, disabled: false, created_at: now, updated_at: now })));
      await trx('memberships').insert(batch.map((u) => ({ id: randomUUID(), user_id: u.id, org_id: opts.schoolId, role: 'student', created_at: now })));
      await trx('course_members').insert(batch.map((u) => ({ course_id: opts.courseId, user_id: u.id, role: 'student', created_at: now })));
      const sessionRows = batch.map((u) => {
        const token = randomBytes(32).toString('base64url');
        tokens.push(token);
        return { id: createHash('sha256').update(token).digest('hex'), user_id: u.id, created_at: now, last_seen_at: now, expires_at: new Date(now.getTime() + 86_400_000) };
      });
      await trx('sessions').insert(sessionRows);
    });
  }
  return tokens;
}
