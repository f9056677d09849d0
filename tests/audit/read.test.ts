import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { SESSION_COOKIE } from '../../server/accounts/sessions';
import { recordAudit } from '../../server/audit/record';
import type { AuditEntryViewT } from '../../server/contract/audit';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { clockStart, DAY_MS, isoDay } from '../helpers/clock';
import { buildOrg, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';

/**
 * Reading the audit log: each organisation's admin reads their organisation's entries only,
 * the operator reads all; filters, newest-first pages, and the CSV (BOM, the reader's language,
 * formula cells defused). Entries are written with recordAudit at chosen times of the test clock.
 */

let t: TestServer;
let school: OrgRecord;
let other: OrgRecord;
let schoolAdmin: TestAgent;
let otherAdmin: TestAgent;
let operator: TestAgent;
let actor: UserRecord;
const start = clockStart();
const at = (days: number, minutes = 0) => new Date(start - days * DAY_MS + minutes * 60_000);

beforeAll(async () => {
  t = await getTestServer();
  school = await buildOrg(t.db, { kind: 'school', name: 'Audit School' });
  other = await buildOrg(t.db, { kind: 'school', name: 'Other School' });
  schoolAdmin = await sessionFor(await buildUser(t.db, { roles: ['admin'], org: school }));
  otherAdmin = await sessionFor(await buildUser(t.db, { roles: ['admin'], org: other }));
  operator = await sessionFor(await buildUser(t.db, { roles: ['operator'] }));
  actor = await buildUser(t.db, { roles: ['teacher'], org: school, email: 'actor@audit.test' });
  const who = { id: actor.id, email: actor.email };
  // The school: five entries over five days (two in the same millisecond); the other school: one; the platform: one.
  await recordAudit(t.db, { actor: who, orgId: school.id, action: 'user.created', target: { kind: 'user', id: 'u-1' }, ip: '10.0.0.1', detail: { roles: ['student'] } }, at(4));
  await recordAudit(t.db, { actor: who, orgId: school.id, action: 'user.disabled', target: { kind: 'user', id: 'u-1' }, detail: { before: { disabled: false }, after: { disabled: true } } }, at(3));
  await recordAudit(t.db, { actor: null, actorLabel: '=HYPERLINK("http://evil.test","x")', orgId: school.id, action: 'session.signInFailed', detail: { note: '+1, "quoted"\nsecond line' } }, at(2));
  await recordAudit(t.db, { actor: who, orgId: school.id, action: 'membership.granted', target: { kind: 'user', id: 'u-2' }, detail: { role: 'teacher' } }, at(1));
  await recordAudit(t.db, { actor: who, orgId: school.id, action: 'membership.removed', target: { kind: 'user', id: 'u-2' }, detail: { role: 'teacher' } }, at(1));
  await recordAudit(t.db, { actor: null, actorLabel: '-2+3', orgId: other.id, action: 'user.created', target: { kind: 'user', id: 'u-other' } }, at(2));
  await recordAudit(t.db, { actor: null, actorLabel: '@SUM(A1)', orgId: null, action: 'organisation.created', target: { kind: 'organisation', id: school.id } }, at(5));
});
afterAll(() => t.close());

/** A session made directly, not by signing in: a sign-in is audited, and these tests count entries. */
async function sessionFor(user: UserRecord): Promise<TestAgent> {
  const { token } = await t.deps.sessions.create(user.id, {});
  return t.agent().set('Cookie', `${SESSION_COOKIE}=${token}`);
}

async function page(agent: TestAgent, query: Record<string, string | number> = {}): Promise<{ entries: AuditEntryViewT[]; next: string | null }> {
  const res = await agent.get('/api/audit').query(query);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('GET /api/audit', () => {
  it('gives an organisation admin their organisation’s entries only, newest first', async () => {
    const { entries, next } = await page(schoolAdmin);
    expect(next).toBeNull();
    expect(entries.map((e) => e.action)).toEqual(
      // The two of one moment come newest-id first; whichever that is, both are there after the sign-in failure.
      expect.arrayContaining(['membership.granted', 'membership.removed']),
    );
    expect(entries.slice(2).map((e) => e.action)).toEqual(['session.signInFailed', 'user.disabled', 'user.created']);
    expect(new Set(entries.map((e) => e.orgId))).toEqual(new Set([school.id]));
    expect(entries[4]).toMatchObject({ actorId: actor.id, actorLabel: 'actor@audit.test', ip: '10.0.0.1', targetKind: 'user', targetId: 'u-1', detail: { roles: ['student'] }, at: at(4).toISOString() });
    const theirs = await page(otherAdmin);
    expect(theirs.entries.map((e) => e.targetId)).toEqual(['u-other']);
  });

  it('refuses an admin naming another organisation as not found, and lets them name their own', async () => {
    const res = await otherAdmin.get('/api/audit').query({ orgId: school.id });
    expect(res.status).toBe(404);
    expect((await page(schoolAdmin, { orgId: school.id })).entries).toHaveLength(5);
  });

  it('gives the platform operator every entry, platform-wide ones included, and one organisation’s on asking', async () => {
    const all = await page(operator);
    expect(all.entries).toHaveLength(7);
    expect(all.entries.at(-1)).toMatchObject({ orgId: null, action: 'organisation.created' });
    expect((await page(operator, { orgId: other.id })).entries.map((e) => e.targetId)).toEqual(['u-other']);
  });

  it('filters by action, actor, target and time (a day includes all of it)', async () => {
    expect((await page(schoolAdmin, { action: 'user.disabled' })).entries.map((e) => e.action)).toEqual(['user.disabled']);
    expect((await page(schoolAdmin, { actorId: actor.id })).entries).toHaveLength(4);
    expect((await page(schoolAdmin, { targetId: 'u-2' })).entries.map((e) => e.action).sort()).toEqual(['membership.granted', 'membership.removed']);
    const days = await page(schoolAdmin, { from: isoDay(at(3).getTime()), to: isoDay(at(2).getTime()) });
    expect(days.entries.map((e) => e.action)).toEqual(['session.signInFailed', 'user.disabled']);
    const moments = await page(schoolAdmin, { from: at(3).toISOString(), to: at(2).toISOString() });
    expect(moments.entries.map((e) => e.action)).toEqual(['user.disabled']);
    expect((await schoolAdmin.get('/api/audit').query({ action: 'no.such' })).status).toBe(400);
    expect((await schoolAdmin.get('/api/audit').query({ from: 'yesterday' })).status).toBe(400);
  });

  it('pages newest first with a cursor, no entry skipped or repeated (two share a moment)', async () => {
    const seen: AuditEntryViewT[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const p = await page(operator, { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...p.entries);
      cursor = p.next ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen.map((e) => e.id)).toEqual((await page(operator)).entries.map((e) => e.id));
    expect(new Set(seen.map((e) => e.id)).size).toBe(7);
    expect((await operator.get('/api/audit').query({ cursor: 'not a cursor' })).status).toBe(400);
  });
});

async function csvOf(agent: TestAgent, query: Record<string, string> = {}): Promise<{ status: number; bytes: Buffer; type: string }> {
  const res = await agent
    .get('/api/audit.csv')
    .query(query)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  return { status: res.status, bytes: res.body as Buffer, type: String(res.headers['content-type']) };
}

describe('GET /api/audit.csv', () => {
  it('is UTF-8 with a BOM, headers and actions in the reader’s language, formula cells defused', async () => {
    const { status, bytes, type } = await csvOf(schoolAdmin, { lang: 'zh-CN' });
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/csv; charset=utf-8/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(bytes.subarray(3).toString('utf8'));
    expect(rows[0]).toEqual(['时间（UTC）', '操作人', '操作人编号', '机构编号', '操作', '操作代码', '对象类型', '对象编号', '对象名称', 'IP 地址', '详情']);
    expect(rows).toHaveLength(6);
    const failed = rows.find((r) => r[5] === 'session.signInFailed')!;
    expect(failed[1]).toBe(`'=HYPERLINK("http://evil.test","x")`);
    expect(failed[4]).toBe('登录失败');
    expect(JSON.parse(failed[10]!)).toEqual({ note: '+1, "quoted"\nsecond line' });
    expect(rows.find((r) => r[5] === 'user.created')).toEqual([at(4).toISOString(), 'actor@audit.test', actor.id, school.id, '创建用户', 'user.created', 'user', 'u-1', '', '10.0.0.1', '{"roles":["student"]}']);
  });

  it('defuses = + - @ for the operator too, who reads every organisation, in English', async () => {
    const { bytes } = await csvOf(operator, { lang: 'en' });
    const text = bytes.subarray(3).toString('utf8');
    const rows: string[][] = parse(text);
    expect(rows[0]![0]).toBe('time (UTC)');
    expect(rows).toHaveLength(8);
    const labels = rows.map((r) => r[1]);
    expect(labels).toContain("'-2+3");
    expect(labels).toContain("'@SUM(A1)");
    expect(labels).not.toContain('-2+3');
    // CRLF lines (the detail's line break is JSON-escaped, so every entry is one line).
    expect(text.split('\r\n')).toHaveLength(rows.length + 1);
  });

  it('names the target as it is called now, next to its id (and leaves the name empty when there is none)', async () => {
    const rows: string[][] = parse((await csvOf(operator, { lang: 'en' })).bytes.subarray(3).toString('utf8'));
    expect(rows[0]![8]).toBe('target name');
    expect(rows.find((r) => r[5] === 'organisation.created')!.slice(6, 9)).toEqual(['organisation', school.id, 'Audit School']);
    const { entries } = await page(operator, { action: 'organisation.created' });
    expect(entries[0]).toMatchObject({ targetKind: 'organisation', targetId: school.id, targetLabel: 'Audit School' });
    expect((await page(schoolAdmin, { action: 'user.created' })).entries[0]!.targetLabel).toBeNull(); // u-1: nobody by that id
  });

  it('takes the same filters and scope as the list', async () => {
    const mine: string[][] = parse((await csvOf(schoolAdmin, { action: 'membership.granted', lang: 'en' })).bytes.subarray(3).toString('utf8'));
    expect(mine.slice(1).map((r) => r[5])).toEqual(['membership.granted']);
    const theirs: string[][] = parse((await csvOf(otherAdmin, {})).bytes.subarray(3).toString('utf8'));
    expect(theirs.slice(1).map((r) => r[7])).toEqual(['u-other']);
    expect((await csvOf(otherAdmin, { orgId: school.id })).status).toBe(404);
  });
});
