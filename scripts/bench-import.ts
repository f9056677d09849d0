/**
 * npm run bench:import [-- --lines N]
 *
 * Bulk accounts (#17): one school, an account list of N new students (default 2,000) in classes
 * of 45, through the real HTTP app: the preview, the apply (N initial passwords hashed), and the
 * same file again (every line unchanged). Prints lines per second of the apply, the goal being
 * 2,000 lines in under 10 s. Also times hashPassword (the full argon2id cost of chosen passwords)
 * on a sample and extrapolates it to N, the figure behind the lighter cost of initial passwords
 * (server/accounts/import/initialPasswords.ts). SQLite; PostgreSQL when TEST_DATABASE_URL is set.
 */
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../server/accounts/passwords';
import { createTestDb } from '../tests/helpers/db';
import { arg, serveSignedIn } from './benchSupport';

const LINES = arg('lines', 2000);
const PASSWORD = 'bench-password-1';
const FULL_COST_SAMPLE = 40;
const CLASS_SIZE = 45;

const { db, destroy } = await createTestDb();
try {
  const now = new Date();
  const school = randomUUID();
  await db('organizations').insert({ id: school, slug: 'bench-school', name: 'Bench School', kind: 'school', created_at: now });
  const adminId = randomUUID();
  await db('users').insert({ id: adminId, email: 'admin@bench.test', name: 'Admin', password_hash: await hashPassword(PASSWORD), disabled: false, created_at: now, updated_at: now });
  await db('memberships').insert({ id: randomUUID(), user_id: adminId, org_id: school, role: 'admin', lead: false, created_at: now });

  const rows = Array.from({ length: LINES }, (_, i) => `student-${i}@bench.test,学生 ${i},学生,物流${2301 + Math.floor(i / CLASS_SIZE)}班`);
  const file = Buffer.from(['邮箱,姓名,角色,班级', ...rows].join('\r\n') + '\r\n');

  const { url, cookie, close } = await serveSignedIn(db, 'admin@bench.test', PASSWORD);
  const send = async (path: string) => {
    const started = performance.now();
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'text/csv', origin: url, cookie }, body: file });
    const body = (await res.json()) as { preview?: { planId: string; counts: Record<string, number> }; result?: { counts: Record<string, number> } };
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
    return { ms: Math.round(performance.now() - started), body };
  };
  const base = `/api/orgs/${school}/account-imports`;
  const preview = await send(`${base}/preview`);
  const applied = await send(`${base}?plan=${preview.body.preview!.planId}`);
  if (applied.body.result!.counts.create !== LINES) throw new Error(`created ${applied.body.result!.counts.create} of ${LINES}`);
  const again = await send(`${base}/preview`);
  const reapplied = await send(`${base}?plan=${again.body.preview!.planId}`);
  if (reapplied.body.result!.counts.unchanged !== LINES) throw new Error('the second upload changed something');
  close();

  // The full cost, four at a time as libuv runs them: what the apply would take with hashPassword.
  const started = performance.now();
  for (let i = 0; i < FULL_COST_SAMPLE; i += 4) await Promise.all([0, 1, 2, 3].map((j) => hashPassword(`sample-${i + j}`)));
  const fullCostEstimate = ((performance.now() - started) / FULL_COST_SAMPLE) * LINES;

  console.log(
    [
      `db=${process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite'}`,
      `lines=${LINES}`,
      `preview_ms=${preview.ms}`,
      `apply_ms=${applied.ms}`,
      `lines_per_s=${Math.round((LINES / applied.ms) * 1000)}`,
      `reupload_preview_ms=${again.ms}`,
      `reupload_apply_ms=${reapplied.ms}`,
      `full_cost_hash_est_ms=${Math.round(fullCostEstimate)}`,
    ].join(' '),
  );
} finally {
  await destroy();
}
