import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { courseStatements } from '../../server/xapi/collect';
import { homePageOf, identityOf } from '../../server/xapi/settings';
import { isoDuration, pseudonym, registrationOf, uuidV5, VERBS, type Agent, type Statement } from '../../server/xapi/statements';
import { clockStart } from '../helpers/clock';
import { createTestDb, type TestDb } from '../helpers/db';
import { buildXapiWorld, type XapiWorld } from './world';

/**
 * Issue 19: every kind of statement Practicum makes, from records as the services write them,
 * held to Learning Locker's independent xAPI 1.0.3 validator (@learninglocker/xapi-validation).
 */
const require = createRequire(import.meta.url);
// CommonJS; its default export is the validator (a list of warnings, empty when valid).
const validate: (s: unknown) => unknown[] = require('@learninglocker/xapi-validation').default;

let testDb: TestDb;
let world: XapiWorld;
let statements: Statement[];
const START = clockStart();
const config = loadConfig({ NODE_ENV: 'test', PUBLIC_ORIGINS: 'https://practicum.example.edu' });

beforeAll(async () => {
  testDb = await createTestDb();
  world = await buildXapiWorld(testDb.db, START);
  const identity = await identityOf(testDb.db, config, world.school.id, new Date(START));
  statements = [];
  for await (const c of courseStatements(testDb.db, identity, world.courseId)) statements.push(c.statement);
});
afterAll(async () => {
  await testDb.destroy();
});

const byVerb = (verb: string) => statements.filter((s) => s.verb.id === verb);
/** The agent's account; an agent named by e-mail fails the test here. */
const account = (a: Agent | undefined) => {
  if (!a || !('account' in a)) throw new Error(`not an account: ${JSON.stringify(a)}`);
  return a.account;
};

describe('statements of a course', () => {
  it('gives every kind, and each passes the xAPI 1.0.3 validator with no warning', () => {
    const kinds = new Set(statements.map((s) => `${s.verb.id} ${s.object.definition.type}`));
    expect([...kinds].sort()).toEqual(
      [
        'http://adlnet.gov/expapi/verbs/attempted http://adlnet.gov/expapi/activities/simulation',
        'http://adlnet.gov/expapi/verbs/completed http://adlnet.gov/expapi/activities/simulation',
        'http://adlnet.gov/expapi/verbs/passed http://adlnet.gov/expapi/activities/simulation',
        'http://adlnet.gov/expapi/verbs/scored https://w3id.org/xapi/practicum/activity-types/check',
        'http://adlnet.gov/expapi/verbs/scored https://w3id.org/xapi/practicum/activity-types/rubric-criterion',
        'https://w3id.org/xapi/practicum/verbs/assessed-at-workplace https://w3id.org/xapi/practicum/activity-types/placement-assessment',
      ].sort(),
    );
    for (const s of statements) expect({ id: s.id, warnings: validate(s) }).toEqual({ id: s.id, warnings: [] });
  });

  it('names people by a pseudonym on the installation’s URL, never by e-mail or id', async () => {
    const text = JSON.stringify(statements);
    for (const u of [world.student, world.other, world.reviewer, world.mentor, world.teacher]) {
      expect(text).not.toContain(u.email);
      expect(text).not.toContain(u.id);
    }
    const started = byVerb(VERBS.attempted.id).find((s) => s.context.registration === registrationOf(world.gradedAttempt))!;
    const { pseudonym_key: key } = await testDb.db('xapi_settings').where({ org_id: world.school.id }).first('pseudonym_key');
    expect(account(started.actor)).toEqual({ homePage: homePageOf(config), name: pseudonym(key as string, world.student.id) });
    expect(account(started.actor).homePage).toBe('https://practicum.example.edu');
    // One person, one name in every statement about them.
    const names = new Set(statements.filter((s) => s.context.registration === registrationOf(world.gradedAttempt)).map((s) => account(s.actor).name));
    expect(names.size).toBe(1);
  });

  it('reports the released score against the pass mark, with duration, the teacher and the course as grouping', async () => {
    const [passed] = byVerb(VERBS.passed.id);
    expect(passed!.result).toEqual({ score: { scaled: 0.7, raw: 70, min: 0, max: 100 }, success: true, completion: true, duration: 'PT45M' });
    expect(passed!.context.registration).toBe(world.gradedAttempt);
    expect(passed!.context.contextActivities.grouping![0]!.id).toBe(`https://practicum.example.edu/xapi/activities/courses/${world.courseId}`);
    expect(passed!.context.platform).toBe('Practicum');
    // The teacher who set the assignment, by pseudonym.
    const { pseudonym_key: key } = await testDb.db('xapi_settings').where({ org_id: world.school.id }).first('pseudonym_key');
    expect(account(passed!.context.instructor).name).toBe(pseudonym(key as string, world.teacher.id));
    expect(passed!.context.language).toBe('zh-CN');
    // Named in both languages of the package: the default's from the manifest, English from its scenario.yaml.
    expect(passed!.object.definition.name).toEqual({ 'zh-CN': '修复运费报价计算器', en: 'Fix the freight quote calculator' });
    expect(passed!.timestamp).toBe(new Date(START + 120 * 60_000).toISOString());
  });

  it('scores each check (failed one unsuccessful) and the criterion with its reviewer as instructor', () => {
    const checks = byVerb(VERBS.scored.id).filter((s) => s.object.id.includes('/checks/'));
    expect(checks.map((c) => [c.object.id.split('/').pop(), c.result!.score!.scaled, c.result!.success])).toEqual([
      ['rounding-visible', 1, true],
      ['rounding-hidden', 0.25, false],
    ]);
    expect(checks[1]!.object.definition.name).toEqual({ 'zh-CN': '边界情况', en: 'Edge cases' });
    const criterion = byVerb(VERBS.scored.id).find((s) => s.object.id.includes('/criteria/'))!;
    expect(criterion.object.definition.name).toEqual({ 'zh-CN': '说明原因', en: 'Explains the cause' });
    expect(criterion.result!.score).toEqual({ scaled: 1, raw: 10, min: 0, max: 10 });
    expect(account(criterion.context.instructor).name).not.toBe(account(criterion.actor).name);
    expect(account(criterion.context.instructor).name).not.toBe(account(checks[0]!.context.instructor).name);
  });

  it('gives the newest signed workplace assessment only, with the mentor as instructor', () => {
    const assessed = byVerb(VERBS.assessedAtWorkplace.id);
    expect(assessed).toHaveLength(1);
    expect(assessed[0]!.result!.score).toEqual({ scaled: 0.625 });
  });

  it('gives nothing scored for an attempt still in progress', () => {
    const open = statements.filter((s) => s.context.registration === world.openAttempt);
    expect(open.map((s) => s.verb.id)).toEqual([VERBS.attempted.id]);
  });

  it('makes the same ids from the same records, and a changed score a new statement', async () => {
    const identity = await identityOf(testDb.db, config, world.school.id, new Date(START));
    const again: string[] = [];
    for await (const c of courseStatements(testDb.db, identity, world.courseId)) again.push(c.statement.id);
    expect(again).toEqual(statements.map((s) => s.id));
    expect(new Set(again).size).toBe(again.length);
    await testDb.db('attempts').where({ id: world.gradedAttempt }).update({ final_score: 0.6 });
    const changed: Statement[] = [];
    for await (const c of courseStatements(testDb.db, identity, world.courseId)) changed.push(c.statement);
    const failed = changed.find((s) => s.verb.id === VERBS.failed.id)!;
    expect(failed.result!.success).toBe(false);
    expect(again).not.toContain(failed.id);
    await testDb.db('attempts').where({ id: world.gradedAttempt }).update({ final_score: 0.7 });
  });
});

describe('an organisation that identifies people by e-mail', () => {
  it('names them by mbox (mailto:), the same statements otherwise, each valid xAPI 1.0.3', async () => {
    await testDb.db('xapi_settings').where({ org_id: world.school.id }).update({ identify_by_email: true });
    try {
      const identity = await identityOf(testDb.db, config, world.school.id, new Date(START));
      const byEmail: Statement[] = [];
      for await (const c of courseStatements(testDb.db, identity, world.courseId)) byEmail.push(c.statement);
      expect(byEmail.map((s) => s.id)).toEqual(statements.map((s) => s.id));
      for (const s of byEmail) expect({ id: s.id, warnings: validate(s) }).toEqual({ id: s.id, warnings: [] });
      const started = byEmail.find((s) => s.verb.id === VERBS.attempted.id && s.context.registration === registrationOf(world.gradedAttempt))!;
      expect(started.actor).toEqual({ objectType: 'Agent', mbox: `mailto:${world.student.email}` });
      expect(byEmail.find((s) => s.verb.id === VERBS.passed.id)!.context.instructor).toEqual({ objectType: 'Agent', mbox: `mailto:${world.teacher.email}` });
      const assessed = byEmail.find((s) => s.verb.id === VERBS.assessedAtWorkplace.id)!;
      expect(assessed.context.instructor).toEqual({ objectType: 'Agent', mbox: `mailto:${world.mentor.email}` });
      // No pseudonymous account is left in them.
      expect(JSON.stringify(byEmail)).not.toContain('"account"');
    } finally {
      await testDb.db('xapi_settings').where({ org_id: world.school.id }).update({ identify_by_email: false });
    }
  });
});

describe('building blocks', () => {
  it('holds statements to a validator that does refuse a broken one', () => {
    const s = statements[0]!;
    expect(validate({ ...s, actor: { objectType: 'Agent', account: { homePage: 'not a url', name: 'x' } } }).length).toBeGreaterThan(0);
    expect(validate({ ...s, id: 'not-a-uuid' }).length).toBeGreaterThan(0);
    expect(validate({ ...s, actor: { objectType: 'Agent', mbox: 'someone@example.edu' } }).length).toBeGreaterThan(0);
  });

  it('makes RFC 4122 version 5 ids, stable across calls', () => {
    expect(uuidV5('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV5('a')).toBe(uuidV5('a'));
    expect(uuidV5('a')).not.toBe(uuidV5('b'));
    expect(registrationOf('not-a-uuid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes ISO 8601 durations', () => {
    expect(isoDuration(0)).toBe('PT0S');
    expect(isoDuration(45 * 60_000)).toBe('PT45M');
    expect(isoDuration(3_723_000)).toBe('PT1H2M3S');
  });

  it('names one user differently for two organisations', () => {
    expect(pseudonym('key-a', 'u1')).toBe(pseudonym('key-a', 'u1'));
    expect(pseudonym('key-a', 'u1')).not.toBe(pseudonym('key-b', 'u1'));
  });
});
