import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWorld } from '../../server/seed/demo';
import { getTestServer, type TestServer } from '../helpers/app';
import { buildOrg, buildUser } from '../helpers/factories';
import { clockStart } from '../helpers/clock';

/** The interface language is the person's, kept on the server; an organisation may set a default. */

const now = new Date(clockStart());
let t: TestServer;
beforeAll(async () => {
  t = await getTestServer({ clock: () => now });
});
afterAll(() => t.close());

describe('a person’s interface language', () => {
  it('is unset until chosen, then every session of theirs reads it', async () => {
    const user = await buildUser(t.db, { roles: ['student'] });
    const { agent } = await t.signIn(user);
    expect((await agent.get('/api/session')).body.user.locale).toBeNull();

    const res = await agent.put('/api/me/locale').send({ locale: 'zh-CN' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ locale: 'zh-CN' });

    // Another device: a fresh sign-in sees the choice.
    const other = await t.signIn(user);
    expect((await other.agent.get('/api/session')).body.user.locale).toBe('zh-CN');
  });

  it('refuses a language Practicum does not speak, with a keyed field error, and keeps the old one', async () => {
    const user = await buildUser(t.db, { roles: ['teacher'] });
    const { agent } = await t.signIn(user);
    await agent.put('/api/me/locale').send({ locale: 'en' });
    const res = await agent.put('/api/me/locale').send({ locale: 'fr' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', key: 'http.invalidField' });
    expect(res.body.error.details[0]).toMatchObject({ field: 'body.locale', key: 'field.oneOf', params: { options: 'en, zh-CN' } });
    expect((await agent.get('/api/session')).body.user.locale).toBe('en');
  });

  it('is asked of signed-in people only', async () => {
    const res = await t.agent().put('/api/me/locale').send({ locale: 'en' });
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'unauthenticated', key: 'http.unauthenticated' });
  });

  it('names the organisation’s default language in the session, when it has one', async () => {
    const org = await buildOrg(t.db, { kind: 'school' });
    const user = await buildUser(t.db, { roles: ['student'], org });
    const { agent } = await t.signIn(user);
    expect((await agent.get('/api/session')).body.orgLocale).toBeNull();
    await t.db('organizations').where({ id: org.id }).update({ default_locale: 'zh-CN' });
    expect((await agent.get('/api/session')).body.orgLocale).toBe('zh-CN');
  });
});

describe('DEMO_LOCALE', () => {
  it('both: the school speaks Chinese, half the class each way, and a choice already made stays', async () => {
    const db = (await getTestServer({ clock: () => now })).db;
    await seedDemoWorld(db, now, { randomPasswords: true, locale: 'both' });
    const locales = Object.fromEntries((await db('users').whereLike('email', '%.example').select('email', 'locale')).map((u) => [u.email, u.locale]));
    expect(locales['teacher@cvit.example']).toBe('zh-CN');
    expect(locales['student1@cvit.example']).toBe('zh-CN');
    expect(locales['student2@cvit.example']).toBe('en');
    expect(locales['author@swift.example']).toBe('en');
    expect(locales['reviewer@swift.example']).toBe('zh-CN');
    const orgs = await db('organizations').whereIn('slug', ['cvit', 'swift-logistics']).pluck('default_locale');
    expect(orgs).toEqual(['zh-CN', 'zh-CN']);

    await db('users').where({ email: 'student1@cvit.example' }).update({ locale: 'en' });
    await seedDemoWorld(db, now, { randomPasswords: true, locale: 'zh-CN' });
    expect((await db('users').where({ email: 'student1@cvit.example' }).first('locale')).locale).toBe('en');
  });
});
