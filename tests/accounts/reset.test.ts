import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerEvents } from '../../server/contract/realtime';
import { getTestServer, type TestServer } from '../helpers/app';
import { buildOrg, buildUser, type UserRecord } from '../helpers/factories';
import { clockStart } from '../helpers/clock';
import { connected, nextEvent, openSocket } from '../helpers/socket';

const start = clockStart();
let now = start;
const clock = () => new Date(now);

let t: TestServer;
beforeAll(async () => {
  t = await getTestServer({ clock });
});
afterAll(() => t.close());

const NEW = 'the tide comes in at dawn';
const tokenOf = (link: string) => /#token=([\w-]{43})$/.exec(link)![1]!;
const mailsTo = (to: string) => t.db('mail_outbox').where({ to_address: to, kind: 'passwordReset' }).orderBy('created_at');
const redeem = (token: string, password = NEW) => t.agent().post('/api/password-resets/redeem').send({ token, password });
const forgot = (email: string) => t.agent().post('/api/password-resets').send({ email });

/** Asks for a link by e-mail and reads it from the queued mail, as the person would. */
async function linkByMail(user: UserRecord): Promise<string> {
  now += 2 * 60_000; // past the resend pause
  await forgot(user.email).expect(202);
  const mails = await mailsTo(user.email);
  const match = /(http:\/\/\S+\/reset-password#token=[\w-]{43})/.exec(mails.at(-1)!.text_body);
  return match![1]!;
}

describe('forgot password', () => {
  it('answers the same for an existing, an unknown and a disabled address, and mails only the existing one', async () => {
    const user = await buildUser(t.db, { roles: ['student'] });
    const disabled = await buildUser(t.db, { roles: ['student'], disabled: true });
    const known = await forgot(user.email.toUpperCase());
    const unknown = await forgot('nobody.at.all@example.test');
    const off = await forgot(disabled.email);
    for (const res of [known, unknown, off]) {
      expect(res.status).toBe(202);
      expect(res.body).toEqual(known.body);
    }
    expect(await mailsTo(user.email)).toHaveLength(1);
    expect(await mailsTo('nobody.at.all@example.test')).toHaveLength(0);
    expect(await mailsTo(disabled.email)).toHaveLength(0);
    const [mail] = await mailsTo(user.email);
    expect(mail).toMatchObject({ user_id: user.id, locale: 'en', status: 'queued', subject: 'Reset your Practicum password' });
    expect(mail.text_body).toContain(`${t.url}/reset-password#token=`);
    expect(mail.text_body).toContain('60 minutes');
    // Only the token's SHA-256 is stored.
    const token = tokenOf(/(\S+#token=\S+)/.exec(mail.text_body)![1]!);
    expect(JSON.stringify(await t.db('password_resets').where({ user_id: user.id }))).not.toContain(token);
  });

  it('writes the e-mail in the person’s language', async () => {
    const user = await buildUser(t.db, { roles: ['student'] });
    await t.db('users').where({ id: user.id }).update({ locale: 'zh-CN' });
    await forgot(user.email).expect(202);
    const [mail] = await mailsTo(user.email);
    expect(mail).toMatchObject({ locale: 'zh-CN', subject: '重置你的 Practicum 密码' });
    expect(mail.text_body).toContain('60 分钟');
  });

  it('sets the password once, ends every session and socket, and records it', async () => {
    const user = await buildUser(t.db, { roles: ['student'] });
    await t.db('users').where({ id: user.id }).update({ must_change_password: true });
    const signedIn = await t.signIn(user);
    const socket = await connected(openSocket(t.url, { cookie: signedIn.cookie }));
    const ended = nextEvent<{ reason: string }>(socket, ServerEvents.sessionEnded);
    const closed = nextEvent<string>(socket, 'disconnect');
    const token = tokenOf(await linkByMail(user));

    const weak = await redeem(token, 'password1234');
    expect(weak.status).toBe(400);
    expect(weak.body.error.details[0]).toMatchObject({ field: 'body.password', key: 'field.passwordCommon' });
    await redeem(token).expect(204);
    expect(await ended).toEqual({ reason: 'password-reset' });
    expect(await closed).toBe('io server disconnect');
    expect((await signedIn.agent.get('/api/session')).status).toBe(401);

    const row = await t.db('users').where({ id: user.id }).first();
    expect(row.must_change_password === true || row.must_change_password === 1).toBe(false);
    expect(new Date(row.password_changed_at).getTime()).toBe(now);
    expect(await t.db('audit_log').where({ target_id: user.id, action: 'password.reset' })).toMatchObject([{ actor_id: user.id, org_id: user.orgId }]);
    await t.agent().post('/api/session').send({ email: user.email, password: NEW }).expect(200);

    const again = await redeem(token, 'yet another long phrase');
    expect(again.status).toBe(404);
    expect(again.body.error.key).toBe('accounts.resetLinkInvalid');
  });

  it('gives expired, replaced, malformed and unknown links one answer', async () => {
    const user = await buildUser(t.db, { roles: ['student'] });
    const first = tokenOf(await linkByMail(user));
    const second = tokenOf(await linkByMail(user));
    const answers = [await redeem(first), await redeem('not-a-token'), await redeem('A'.repeat(43))];
    now += 60 * 60_000; // the second link's hour is over
    answers.push(await redeem(second));
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual(answers[0]!.body);
    }
    const row = await t.db('users').where({ id: user.id }).first('password_changed_at');
    expect(row.password_changed_at).toBeNull();
  });

  it('links to the canonical public URL when one is configured', async () => {
    const behindProxy = await getTestServer({ clock, env: { PUBLIC_ORIGINS: 'https://practicum.example.edu,https://alias.example.edu' } });
    try {
      const user = await buildUser(behindProxy.db, { roles: ['student'] });
      await behindProxy.agent().set('Origin', 'https://alias.example.edu').post('/api/password-resets').send({ email: user.email }).expect(202);
      const [mail] = await behindProxy.db('mail_outbox').where({ to_address: user.email });
      expect(mail.text_body).toMatch(/https:\/\/practicum\.example\.edu\/reset-password#token=[\w-]{43}/);
    } finally {
      await behindProxy.close();
    }
  });

  it('sends no second e-mail within a minute', async () => {
    const user = await buildUser(t.db, { roles: ['student'] });
    await forgot(user.email).expect(202);
    await forgot(user.email).expect(202);
    expect(await mailsTo(user.email)).toHaveLength(1);
  });
});

describe('POST /api/users/:id/password-reset', () => {
  it('gives the admin a week-long link once, and records who issued it', async () => {
    const school = await buildOrg(t.db, { kind: 'school' });
    const admin = await t.signIn(await buildUser(t.db, { roles: ['admin'], org: school }));
    const student = await buildUser(t.db, { roles: ['student'], org: school });
    const res = await admin.agent.post(`/api/users/${student.id}/password-reset`).expect(201);
    expect(res.body.link).toMatch(new RegExp(`^${t.url}/reset-password#token=[\\w-]{43}$`));
    expect(Date.parse(res.body.expiresAt)).toBe(now + 7 * 86_400_000);
    expect(await t.db('audit_log').where({ target_id: student.id, action: 'password.resetIssued' })).toMatchObject([{ actor_id: admin.user.id, org_id: school.id }]);
    expect(await mailsTo(student.email)).toHaveLength(0);

    now += 6 * 86_400_000;
    await redeem(tokenOf(res.body.link)).expect(204);
    await t.agent().post('/api/session').send({ email: student.email, password: NEW }).expect(200);
  });

  it('is refused for another school’s student (404) and a person who also belongs elsewhere (403)', async () => {
    const schoolA = await buildOrg(t.db, { kind: 'school' });
    const schoolB = await buildOrg(t.db, { kind: 'school' });
    const studentA = await buildUser(t.db, { roles: ['student'], org: schoolA });
    const adminB = await t.signIn(await buildUser(t.db, { roles: ['admin'], org: schoolB }));
    const foreign = await adminB.agent.post(`/api/users/${studentA.id}/password-reset`);
    const nowhere = await adminB.agent.post(`/api/users/${crypto.randomUUID()}/password-reset`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(nowhere.body);
    expect(await t.db('password_resets').where({ user_id: studentA.id })).toHaveLength(0);

    await t.db('memberships').insert({ id: crypto.randomUUID(), user_id: studentA.id, org_id: schoolB.id, role: 'teacher', created_at: new Date() });
    expect((await adminB.agent.post(`/api/users/${studentA.id}/password-reset`)).status).toBe(403);

    const operator = await t.signIn(['operator']);
    expect((await operator.agent.post(`/api/users/${studentA.id}/password-reset`)).status).toBe(201);
  });
});
