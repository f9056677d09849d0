import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCase } from '../../server/competency/case';
import { loadFrameworkFile, SHIPPED_FRAMEWORK } from '../../server/competency/framework';
import { EXPORTED } from '../../server/privacy/coverage';
import { SCENARIOS_DIR } from '../../server/scenarios/discover';
import { syncScenarioPackages } from '../../server/scenarios/sync';
import { DEMO_PASSWORD, seedDemoWorld } from '../../server/seed/demo';
import { seedDemoPlacements } from '../../server/seed/demoPlacements';
import { seedDemoWork } from '../../server/seed/demoWork';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';

/**
 * Personal data on the demo world (graded and reviewed work, placements with logbooks and signed
 * assessments): what a student's export holds, who may take it, and that erasing a student
 * leaves every aggregate — the course report, the enterprise's anonymised insights — and every
 * other student's data exactly as it was.
 */

let t: TestServer;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('a photo of the loading dock')]);

const signInAs = async (email: string) => {
  const user = await t.db('users').where({ email }).first('id', 'email', 'name');
  return { user, agent: (await t.signIn({ ...user, password: DEMO_PASSWORD, orgId: '' })).agent };
};

const download = (req: ReturnType<TestAgent['get']>) =>
  req.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });

const unzip = (body: unknown) => unzipSync(new Uint8Array(body as Buffer));
const json = (zip: Record<string, Uint8Array>, name: string) => JSON.parse(strFromU8(zip[name]!)) as unknown;

beforeAll(async () => {
  t = await getTestServer();
  await importCase(t.db, JSON.parse(fs.readFileSync(SHIPPED_FRAMEWORK, 'utf8')), new Date());
  await syncScenarioPackages(t.db, loadFrameworkFile(), SCENARIOS_DIR);
  await seedDemoWorld(t.db, new Date(), { randomPasswords: false });
  await seedDemoWork(t.deps);
  await seedDemoPlacements(t.deps);
  // A photo in Liu Yang's logbook (the demo has none), stored as the upload route stores it.
  const liu = await t.db('users').where({ email: 'student2@cvit.example' }).first('id');
  const log = await t.db('placement_logs as l').join('placements as p', 'p.id', 'l.placement_id').where('p.student_id', liu.id).first('l.id');
  await t.db('placement_log_attachments').insert({
    id: randomUUID(),
    log_id: log.id,
    name: 'dock.png',
    content_type: 'image/png',
    size_bytes: PNG.length,
    sha256: createHash('sha256').update(PNG).digest(),
    content: PNG,
    uploaded_by: liu.id,
    created_at: new Date(),
  });
}, 180_000);
afterAll(() => t?.close());

describe('data export', () => {
  it('gives a student everything held about them: JSON, the original files and a README in their language', async () => {
    const { user, agent } = await signInAs('student2@cvit.example');
    const res = await download(agent.get('/api/me/data-export?lang=zh-CN')).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const zip = unzip(res.body);

    expect(strFromU8(zip['README.md']!)).toContain('你在 Practicum 上的数据');
    for (const file of new Set(Object.values(EXPORTED))) expect(Object.keys(zip), file).toContain(file);

    const profile = json(zip, 'profile.json') as { user: Record<string, unknown>; memberships: { role: string }[] };
    expect(profile.user).toMatchObject({ id: user.id, email: 'student2@cvit.example', name: 'Liu Yang' });
    expect(profile.user).not.toHaveProperty('password_hash');
    expect(profile.memberships.map((m) => m.role)).toEqual(['student']);

    // Every attempt, and each file's latest content as the original file.
    const attempts = json(zip, 'attempts.json') as { attempt: { id: string }; revisions: { path: string; revision: number }[]; checkRuns: unknown[] }[];
    const stored: { id: string }[] = await t.db('attempts').where({ student_id: user.id }).select('id');
    expect(attempts.map((a) => a.attempt.id).sort()).toEqual(stored.map((a) => a.id).sort());
    expect(stored.length).toBeGreaterThan(0);
    let originals = 0;
    for (const a of attempts) {
      const latest: { path: string; content: string }[] = await t.db('file_revisions as f')
        .where('f.attempt_id', a.attempt.id)
        .whereRaw('f.revision = (select max(g.revision) from file_revisions g where g.attempt_id = f.attempt_id and g.path = f.path)')
        .select('path', 'content');
      for (const f of latest) {
        expect(strFromU8(zip[`attempts/${a.attempt.id}/files/${f.path}`]!)).toBe(f.content);
        originals += 1;
      }
      expect(a.revisions.every((r) => !('content' in r))).toBe(true);
    }
    expect(originals).toBeGreaterThan(0);

    // The logbook photo, byte for byte; signed workplace assessments only; sessions with their IP.
    const photo = Object.keys(zip).find((n) => n.startsWith('logbook/') && n.endsWith('-dock.png'))!;
    expect(Buffer.from(zip[photo]!).equals(PNG)).toBe(true);
    const logbook = json(zip, 'logbook.json') as { entries: { tasks: string }[] };
    expect(logbook.entries.length).toBeGreaterThan(0);
    const assessments = json(zip, 'workplace-assessments.json') as { status: string }[];
    expect(assessments.every((a) => a.status === 'signed')).toBe(true);
    const sessions = json(zip, 'sessions.json') as { ip: string; id?: string }[];
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions[0]).not.toHaveProperty('id');
    expect(sessions[0]!.ip).toBeTruthy();
    const evidence = (json(zip, 'competency.json') as { evidence: { student_id: string }[] }).evidence;
    expect(evidence.length).toBeGreaterThan(0);
    expect(evidence.every((e) => e.student_id === user.id)).toBe(true);

    const audit = await t.db('audit_log').where({ action: 'data.exported', target_id: user.id }).first();
    expect(audit).toMatchObject({ actor_id: user.id, target_kind: 'user' });
  });

  it('names a reviewer only when the review was not blind', async () => {
    const { user, agent } = await signInAs('student1@cvit.example');
    const zip = unzip((await download(agent.get('/api/me/data-export')).expect(200)).body);
    expect(strFromU8(zip['README.md']!)).toContain('Your data on Practicum');
    const items = json(zip, 'reviews.json') as { blind: boolean; reviews: { reviewer_name?: string }[] }[];
    // The demo course reviews openly: the reviewer is named.
    expect(items.flatMap((i) => i.reviews).length).toBeGreaterThan(0);
    expect(items.every((i) => !i.blind)).toBe(true);
    expect(strFromU8(zip['reviews.json']!)).toMatch(/Sun Hao|Ma Lin/);
    for (const item of items) for (const r of item.reviews) expect('reviewer_name' in r).toBe(!item.blind);
    // Make one blind and export again: the name is gone.
    const attemptIds = (await t.db('attempts').where({ student_id: user.id }).select('id')).map((a: { id: string }) => a.id);
    await t.db('review_items').whereIn('attempt_id', attemptIds).update({ blind: true });
    const again = unzip((await download(agent.get('/api/me/data-export')).expect(200)).body);
    const text = strFromU8(again['reviews.json']!);
    expect(text).not.toMatch(/Sun Hao|Ma Lin/);
    await t.db('review_items').whereIn('attempt_id', attemptIds).update({ blind: false });
  });

  it('lets the student’s school admin and the operator export on their behalf, and nobody else', async () => {
    const liu = await t.db('users').where({ email: 'student2@cvit.example' }).first('id');
    const chen = await signInAs('student1@cvit.example');
    // A student has no way to another's data: the admin route refuses them, /me is their own.
    await chen.agent.get(`/api/users/${liu.id}/data-export`).expect(403);
    const own = unzip((await download(chen.agent.get('/api/me/data-export')).expect(200)).body);
    expect(JSON.stringify(json(own, 'profile.json'))).not.toContain(liu.id);

    const schoolAdmin = await signInAs('admin@cvit.example');
    const zip = unzip((await download(schoolAdmin.agent.get(`/api/users/${liu.id}/data-export`)).expect(200)).body);
    expect((json(zip, 'profile.json') as { user: { id: string } }).user.id).toBe(liu.id);
    const entry = await t.db('audit_log').where({ action: 'data.exported', target_id: liu.id, actor_id: schoolAdmin.user.id }).first('detail');
    expect(JSON.parse(entry.detail)).toMatchObject({ onBehalf: true });

    const operator = await signInAs('admin@practicum.example');
    await download(operator.agent.get(`/api/users/${liu.id}/data-export`)).expect(200);

    // The partner enterprise's admin: not their student (404, as for an id that exists nowhere).
    const enterpriseAdmin = await signInAs('admin@swift.example');
    const refused = await enterpriseAdmin.agent.get(`/api/users/${liu.id}/data-export`).expect(404);
    const ghost = await enterpriseAdmin.agent.get(`/api/users/${randomUUID()}/data-export`).expect(404);
    expect(refused.body).toEqual(ghost.body);
    // A teacher of the school is no student: admins export students only.
    const teacher = await t.db('users').where({ email: 'teacher@cvit.example' }).first('id');
    await schoolAdmin.agent.get(`/api/users/${teacher.id}/data-export`).expect(404);
  });
});
