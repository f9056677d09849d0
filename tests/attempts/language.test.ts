import path from 'node:path';
import { connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFrameworkFile } from '../../server/competency/framework';
import { ClientEvents, ServerEvents } from '../../server/contract/realtime';
import type { AttemptView, DeliveredEvent } from '../../server/contract/workspace';
import { SCENARIOS_DIR } from '../../server/scenarios/discover';
import { loadPackage } from '../../server/scenarios/package';
import { publishPackage } from '../../server/scenarios/sync';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { clockStart } from '../helpers/clock';
import { buildOrg, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';
import { workspaceScenario } from '../helpers/scenario';
import { connected, nextEvent, openSocket } from '../helpers/socket';

/**
 * A student reads a scenario in their language (issue 15): the shipped freight-quote is written
 * in English and Chinese; a package in English only is shown in English with the fallback flag.
 * The language comes from `?lang=` (or `lang` on the socket join), else Accept-Language (or the
 * socket's handshake).
 */

let now = clockStart();
const clock = () => new Date(now);

let t: TestServer;
let school: OrgRecord;
let teacher: { agent: TestAgent; cookie: string };
let student: { agent: TestAgent; user: UserRecord; cookie: string };
let courseId: string;
const assignments = new Map<string, string>();

async function assign(slug: string): Promise<string> {
  const version = await t.db('scenario_versions as v').join('scenarios as s', 's.id', 'v.scenario_id').where('s.slug', slug).first('v.id');
  const res = await teacher.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: version.id, mode: 'practice', maxAttempts: 10, revealPolicy: 'full' });
  expect(res.status).toBe(201);
  return res.body.assignment.id;
}

beforeAll(async () => {
  t = await getTestServer({ clock });
  const { pkg } = loadPackage(path.join(SCENARIOS_DIR, 'freight-quote'), loadFrameworkFile());
  await publishPackage(t.db, pkg!, clock());
  await publishPackage(t.db, workspaceScenario('mono-quote'), clock());
  school = await buildOrg(t.db, { kind: 'school', name: 'Chongqing School' });
  teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
  student = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'], email: 'chen.jie@school.test' }));
  courseId = (await teacher.agent.post('/api/courses').send({ title: 'Logistics systems' })).body.course.id;
  await teacher.agent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: [student.user.id] });
  for (const slug of ['freight-quote', 'mono-quote']) assignments.set(slug, await assign(slug));
});
afterAll(() => t.close());

describe('a bilingual scenario', () => {
  let attempt: AttemptView;

  it('starts in Chinese for a reader whose Accept-Language is Chinese', async () => {
    const res = await student.agent.post(`/api/assignments/${assignments.get('freight-quote')}/attempts`).set('Accept-Language', 'zh-CN,zh;q=0.9,en;q=0.8');
    expect(res.status).toBe(201);
    attempt = res.body.attempt;
    expect(attempt.scenario).toMatchObject({ title: '修复运费报价程序', enterprise: '迅捷物流（虚构企业）', language: 'zh-CN', fallback: false });
    expect(attempt.scenario.brief).toContain('# 迅捷物流 · 调度中心');
    expect(attempt.tasks[0]).toMatchObject({ title: '报价差了几分钱', instructions: expect.stringContaining('重庆火锅食材供应') });
    expect(attempt.tasks[0]!.checks.map((c) => c.title)).toEqual(['投诉客户的报价', '四舍五入、运距分档、体积重量和最低收费']);
  });

  it('follows `lang` over Accept-Language, and refuses a language it does not know', async () => {
    const en = await student.agent.get(`/api/attempts/${attempt.id}?lang=en`).set('Accept-Language', 'zh-CN');
    expect(en.body.attempt.scenario).toMatchObject({ title: 'Fix the freight quote calculator', language: 'en', fallback: false });
    expect(en.body.attempt.scenario.brief).toContain('# Swift Logistics — dispatch desk');
    const bad = await student.agent.get(`/api/attempts/${attempt.id}?lang=fr`);
    expect(bad.status).toBe(400);
  });

  it('joins over the socket in the reader’s language, and pushes a message in each of the package’s languages', async () => {
    const watching = await connected(openSocket(t.url, { cookie: student.cookie }));
    const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
    try {
      expect((await watching.emitWithAck(ClientEvents.attemptJoin, { attemptId: attempt.id, lang: 'zh-CN' })).ok).toBe(true);
      now += 21 * 60_000; // the dispatch e-mail arrives 20 minutes in
      const pushed = nextEvent<{ event: DeliveredEvent; byLanguage?: Record<string, DeliveredEvent> }>(watching, ServerEvents.eventDelivered);
      const joined = await socket.emitWithAck(ClientEvents.attemptJoin, { attemptId: attempt.id, lang: 'zh-CN' });
      expect(joined.ok).toBe(true);
      const view = joined.data as AttemptView;
      expect(view.events.map((e) => [e.from, e.subject])).toEqual([['调度主管李伟', '下周一起加收燃油附加费']]);
      expect(view.events[0]!.body).toContain('公司已批准收取燃油附加费');
      expect(view.tasks[1]).toMatchObject({ title: '加收燃油附加费', locked: false });
      // The room hears it once for every reader: the default language, and each language of the package.
      const payload = await pushed;
      expect(payload.event.subject).toBe('Fuel surcharge from Monday');
      expect(payload.byLanguage?.en?.subject).toBe('Fuel surcharge from Monday');
      expect(payload.byLanguage?.['zh-CN']).toMatchObject({ from: '调度主管李伟', subject: '下周一起加收燃油附加费' });
      // The student's own run answers in their language (the room hears the package's).
      const run = await socket.emitWithAck(ClientEvents.checksRun, { attemptId: attempt.id, lang: 'zh-CN' });
      expect(run.ok).toBe(true);
      expect((run.data as { results: { title: string }[] }).results.map((r) => r.title)).toEqual(['投诉客户的报价', '调度邮件中的附加费示例']);
      const refused = await socket.emitWithAck(ClientEvents.attemptJoin, { attemptId: attempt.id, lang: 'klingon' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    } finally {
      socket.close();
      watching.close();
    }
  });
});

describe('a socket join without `lang`', () => {
  it('reads in the page’s language from the handshake', async () => {
    const { id: attemptId } = await t.db('attempts').where({ student_id: student.user.id, assignment_id: assignments.get('freight-quote') }).first('id');
    const socket = await connected(connect(t.url, { transports: ['websocket'], reconnection: false, extraHeaders: { origin: t.url, cookie: student.cookie }, auth: { locale: 'zh-CN' } }));
    try {
      const joined = await socket.emitWithAck(ClientEvents.attemptJoin, { attemptId });
      expect(joined.ok).toBe(true);
      expect((joined.data as AttemptView).scenario).toMatchObject({ title: '修复运费报价程序', language: 'zh-CN', fallback: false });
    } finally {
      socket.close();
    }
  });
});

describe('the student’s dashboard', () => {
  it('names a bilingual scenario in the reader’s language, and the others in their own', async () => {
    const zh = await student.agent.get('/api/assignments').set('Accept-Language', 'zh-CN');
    const bySlug = (res: typeof zh) => Object.fromEntries((res.body.assignments as { scenario: { slug: string; title: string; enterprise: string } }[]).map((a) => [a.scenario.slug, a.scenario]));
    expect(bySlug(zh)['freight-quote']).toMatchObject({ title: '修复运费报价程序', enterprise: '迅捷物流（虚构企业）' });
    expect(bySlug(zh)['mono-quote']).toMatchObject({ title: 'Test scenario mono-quote' });
    const en = await student.agent.get('/api/assignments').set('Accept-Language', 'en-US');
    expect(bySlug(en)['freight-quote']).toMatchObject({ title: 'Fix the freight quote calculator', enterprise: 'Swift Logistics (fictional)' });
  });
});

describe('a scenario in one language', () => {
  it('is shown in its own language to a Chinese reader, with the fallback flag', async () => {
    const res = await student.agent.post(`/api/assignments/${assignments.get('mono-quote')}/attempts?lang=zh-CN`);
    expect(res.status).toBe(201);
    expect(res.body.attempt.scenario).toMatchObject({ title: 'Test scenario mono-quote', language: 'en', fallback: true });
    const english = await student.agent.get(`/api/attempts/${res.body.attempt.id}`).set('Accept-Language', 'en-GB');
    expect(english.body.attempt.scenario).toMatchObject({ language: 'en', fallback: false });
  });
});
