import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createDb, dbOptionsFromConfig } from '../db/knex';
import { migrateLatest } from '../db/migrate';
import { hashPassword } from './passwords';
import { findUserByEmail, insertUser } from './repo';

/**
 * `npm run operator -- <email> [--name "Full Name"]`: makes a platform operator, the role that
 * creates organisations and their first admins. It is the first step on a new installation
 * (production seeds nobody), so it is a command run on the server, never an API call. An
 * existing account becomes an operator; a new one gets a random password, printed once.
 */
async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { name: { type: 'string' }, revoke: { type: 'boolean' } } });
  const email = positionals[0]?.trim().toLowerCase();
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) {
    process.stderr.write('Usage: npm run operator -- <email> [--name "Full Name"] [--revoke]\n');
    return 2;
  }
  const config = loadConfig(process.env, { web: false });
  const db = createDb(dbOptionsFromConfig(config));
  try {
    await migrateLatest(db);
    const existing = await findUserByEmail(db, email);
    if (values.revoke) {
      if (!existing) throw new Error(`no account ${email}`);
      await db('users').where({ id: existing.id }).update({ platform_role: null, updated_at: new Date() });
      process.stdout.write(`${email} is no longer a platform operator.\n`);
      return 0;
    }
    if (existing) {
      await db('users').where({ id: existing.id }).update({ platform_role: 'operator', updated_at: new Date() });
      process.stdout.write(`${email} is now a platform operator (their password is unchanged).\n`);
      return 0;
    }
    const password = randomBytes(15).toString('base64url');
    const id = await insertUser(db, { email, name: values.name?.trim() || email, passwordHash: await hashPassword(password), memberships: [] }, new Date());
    await db('users').where({ id }).update({ platform_role: 'operator' });
    process.stdout.write(`Created the platform operator ${email}. Password (shown once; keep it somewhere safe):\n  ${password}\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
