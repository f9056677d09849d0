import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readerTitles } from '../../server/attempts/packages';
import { loadFrameworkFile } from '../../server/competency/framework';
import type { QueueView } from '../../server/contract/review';
import { inLocale } from '../../server/http/locale';
import { SCENARIOS_DIR } from '../../server/scenarios/discover';
import { loadPackage } from '../../server/scenarios/package';
import { publishPackage } from '../../server/scenarios/sync';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { clockStart } from '../helpers/clock';
import { buildOrg, buildPartnership, buildUser } from '../helpers/factories';
import { workspaceScenario } from '../helpers/scenario';

/**
 * Reviewers and teachers read a bilingual scenario's title in their language (issue 15): the
 * stored title is the package's default language; the lists choose the reader's (the web
 * client's Accept-Language) when the package is written in it, and keep the default otherwise.
 */

const ZH = '修复运费报价程序';
const EN = 'Fix the freight quote calculator';

let t: TestServer;
let reviewer: TestAgent;
let teacher: TestAgent;
let freightVersion: string;
let courseId: string;

beforeAll(async () => {
  t = await getTestServer({ clock: () => new Date(clockStart()) });
  const { pkg } = loadPackage(path.join(SCENARIOS_DIR, 'freight-quote'), loadFrameworkFile());
  await publishPackage(t.db, pkg!, new Date(clockStart()));
  await publishPackage(t.db, workspaceScenario('mono-quote'), new Date(clockStart()));
  const enterprise = await buildOrg(t.db, { kind: 'enterprise', name: 'Swift Logistics' });
  await t.db('scenarios').whereIn('slug', ['freight-quote', 'mono-quote']).update({ owner_org_id: enterprise.id });
  freightVersion = (await t.db('scenario_versions as v').join('scenarios as s', 's.id', 'v.scenario_id').where('s.slug', 'freight-quote').first('v.id')).id;
  reviewer = (await t.signIn(await buildUser(t.db, { org: enterprise, roles: ['reviewer'] }))).agent;
  const school = await buildOrg(t.db, { kind: 'school', name: 'Chongqing School' });
  await buildPartnership(t.db, school, enterprise);
  teacher = (await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }))).agent;
  courseId = (await teacher.post('/api/courses').send({ title: 'Logistics systems' })).body.course.id;
  const assigned = await teacher.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: freightVersion, mode: 'practice' });
  expect(assigned.status).toBe(201);
});
afterAll(() => t.close());

describe('the review queue’s scenarios', () => {
  const titles = async (language: string) => {
    const res = await reviewer.get('/api/review-queue').set('Accept-Language', language);
    expect(res.status).toBe(200);
    return (res.body as QueueView).filters.scenarios.map((s) => s.title);
  };
  it('are in Chinese for a Chinese reader when the package is, else in its own language', async () => {
    expect(await titles('zh-CN,zh;q=0.9')).toEqual(expect.arrayContaining([ZH, 'Test scenario mono-quote']));
    expect(await titles('zh-CN')).not.toContain(EN);
  });
  it('are in English for an English reader', async () => {
    expect(await titles('en-US,en;q=0.9')).toContain(EN);
  });
});

describe('the teacher’s scenario catalog', () => {
  it('gives a bilingual scenario’s title, company and role in Chinese', async () => {
    const res = await teacher.get('/api/scenario-versions').set('Accept-Language', 'zh-CN');
    expect(res.status).toBe(200);
    const freight = (res.body.versions as { id: string; title: string; enterprise: string; role: string }[]).find((v) => v.id === freightVersion);
    expect(freight).toMatchObject({ title: ZH, enterprise: '迅捷物流（虚构企业）', role: '物流系统初级技术员' });
  });
  it('keeps English without a Chinese Accept-Language', async () => {
    const res = await teacher.get('/api/scenario-versions');
    expect((res.body.versions as { id: string; title: string }[]).find((v) => v.id === freightVersion)?.title).toBe(EN);
  });
});

describe('a course’s assigned scenarios (cited in an adjustment)', () => {
  it('are named in Chinese for a Chinese teacher', async () => {
    const res = await teacher.get(`/api/courses/${courseId}/assigned-scenarios`).set('Accept-Language', 'zh-CN');
    expect(res.status).toBe(200);
    expect(res.body.scenarios.map((s: { title: string }) => s.title)).toEqual([ZH]);
  });
});

describe('readerTitles', () => {
  it('follows the request’s language', async () => {
    expect((await inLocale('zh-CN', () => readerTitles(t.db, [freightVersion]))).get(freightVersion)).toBe(ZH);
    expect((await inLocale('en', () => readerTitles(t.db, [freightVersion]))).get(freightVersion)).toBe(EN);
  });
});
