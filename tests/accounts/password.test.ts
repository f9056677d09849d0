import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerEvents } from '../../server/contract/realtime';
import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from '../../server/accounts/passwordPolicy';
import { getTestServer, type TestServer } from '../helpers/app';
import { buildOrg, buildUser } from '../helpers/factories';
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

const NEW = 'a river runs through Guangzhou';
const owner = { email: 'lin.xiaoyu@school.example', name: 'Lin Xiaoyu' };
const auditOf = (targetId: string, action: string) => t.db('audit_log').where({ target_id: targetId, action }).orderBy('at');

describe('password policy', () => {
  it('takes long passphrases of any characters, with no composition rules', () => {
    expect(passwordProblem('correct horse battery staple', owner)).toBeNull();
    expect(passwordProblem('所有的实训都从第一步开始', owner)).toBeNull();
    expect(passwordProblem('x'.repeat(3) + 'y'.repeat(3) + 'z'.repeat(4), owner)).toBeNull();
    expect(passwordProblem('an honest long phrase '.repeat(5), owner)).toBeNull();
  });

  it('refuses too short, too long, common and personal passwords', () => {
    expect(passwordProblem('short one', owner)).toEqual({ key: 'field.tooShort', params: { minimum: PASSWORD_MIN } });
    expect(passwordProblem('p'.repeat(PASSWORD_MAX) + 'q', owner)?.key).toBe('field.tooLong');
    for (const common of ['1234567890', 'qwertyuiop', 'Password123', 'woaini1314520', 'iloveyou123', 'aaaaaaaaaaaa', 'abababababab', 'PRACTICUM123']) {
      expect(passwordProblem(common, owner)?.key, common).toBe('field.passwordCommon');
    }
    expect(passwordProblem('lin.xiaoyu@school.example', owner)?.key).toBe('field.passwordPersonal');
    expect(passwordProblem('my name is lin.xiaoyu', owner)?.key).toBe('field.passwordPersonal');
    expect(passwordProblem('LinXiaoyu2026!', owner)?.key).toBe('field.passwordPersonal');
  });

  it('applies when an admin creates a user', async () => {
    const org = await buildOrg(t.db, { kind: 'school' });
    const admin = await buildUser(t.db, { roles: ['admin'], org });
    const { agent } = await t.signIn(admin);
    const body = { email: 'wang.fang@school.example', name: 'Wang Fang', memberships: [{ orgId: org.id, role: 'student' }] };
    const common = await agent.post('/api/users').send({ ...body, password: 'qwerty123456' });
    expect(common.status).toBe(400);
    expect(common.body.error.details).toEqual([expect.objectContaining({ field: 'body.password', key: 'field.passwordCommon' })]);
    const personal = await agent.post('/api/users').send({ ...body, password: 'wang.fang rocks' });
    expect(personal.body.error.details[0]).toMatchObject({ field: 'body.password', key: 'field.passwordPersonal' });
    expect((await agent.post('/api/users').send({ ...body, password: NEW })).status).toBe(201);
  });
});

describe('PUT /api/me/password', () => {
  it('needs the current password and a password the policy allows', async () => {
    const { agent, user } = await t.signIn(['student']);
    const wrong = await agent.put('/api/me/password').send({ current: 'not my password', next: NEW });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0]).toMatchObject({ field: 'body.current', key: 'accounts.currentPasswordWrong' });
    const weak = await agent.put('/api/me/password').send({ current: user.password, next: '1234567890' });
    expect(weak.body.error.details[0]).toMatchObject({ field: 'body.next', key: 'field.passwordCommon' });
    const row = await t.db('users').where({ id: user.id }).first('password_changed_at');
    expect(row.password_changed_at).toBeNull();
  });

  it('ends every other session and its socket, keeps this one, and records the change', async () => {
    const user = await buildUser(t.db, { roles: ['student'] });
    await t.db('users').where({ id: user.id }).update({ must_change_password: true });
    const here = await t.signIn(user);
    const there = await t.signIn(user);
    const otherUser = await t.signIn(['student']);
    const socket = await connected(openSocket(t.url, { cookie: there.cookie }));
    const ended = nextEvent<{ reason: string }>(socket, ServerEvents.sessionEnded);
    const closed = nextEvent<string>(socket, 'disconnect');
    expect((await here.agent.get('/api/session')).body.user.mustChangePassword).toBe(true);

    now += 60_000;
    const res = await here.agent.put('/api/me/password').send({ current: user.password, next: NEW });
    expect(res.status).toBe(204);
    expect(await ended).toEqual({ reason: 'password-changed' });
    expect(await closed).toBe('io server disconnect');
    expect((await there.agent.get('/api/session')).status).toBe(401);
    expect((await otherUser.agent.get('/api/session')).status).toBe(200);
    const session = await here.agent.get('/api/session');
    expect(session.status).toBe(200);
    expect(session.body.user.mustChangePassword).toBe(false);

    const row = await t.db('users').where({ id: user.id }).first();
    expect(new Date(row.password_changed_at).getTime()).toBe(now);
    const entries = await auditOf(user.id, 'password.changed');
    expect(entries).toMatchObject([{ actor_id: user.id, org_id: user.orgId }]);
    expect(JSON.parse(entries[0].detail)).toEqual({ sessionsEnded: 1 });
    expect((await t.agent().post('/api/session').send({ email: user.email, password: user.password })).status).toBe(401);
    expect((await t.agent().post('/api/session').send({ email: user.email, password: NEW })).status).toBe(200);
  });
});

describe('sign-in and sign-out', () => {
  it('records last sign-in and audits success, failure and sign-out in each of the person’s organisations', async () => {
    const school = await buildOrg(t.db, { kind: 'school' });
    const enterprise = await buildOrg(t.db, { kind: 'enterprise' });
    const user = await buildUser(t.db, { roles: ['teacher'], org: school });
    await t.db('memberships').insert({ id: crypto.randomUUID(), user_id: user.id, org_id: enterprise.id, role: 'admin', created_at: new Date() });

    expect((await t.agent().post('/api/session').send({ email: user.email, password: 'not the password' })).status).toBe(401);
    const failed = await auditOf(user.id, 'session.signInFailed');
    expect(failed.map((e) => e.org_id).sort()).toEqual([school.id, enterprise.id].sort());
    expect(failed[0]).toMatchObject({ actor_id: null, actor_label: user.email, target_kind: 'user' });
    expect(JSON.parse(failed[0].detail)).toEqual({ reason: 'wrongPassword' });

    now += 5 * 60_000;
    const { agent } = await t.signIn(user);
    const row = await t.db('users').where({ id: user.id }).first('last_sign_in_at');
    expect(new Date(row.last_sign_in_at).getTime()).toBe(now);
    expect((await auditOf(user.id, 'session.signIn')).map((e) => e.org_id).sort()).toEqual([school.id, enterprise.id].sort());

    const admin = await t.signIn(await buildUser(t.db, { roles: ['admin'], org: school }));
    const view = await admin.agent.get(`/api/users/${user.id}`);
    expect(view.body.user.lastSignInAt).toBe(new Date(now).toISOString());

    await agent.delete('/api/session').expect(204);
    expect(await auditOf(user.id, 'session.signOut')).toHaveLength(2);
  });

  it('files a failure for an unknown e-mail with no organisation', async () => {
    await t.agent().post('/api/session').send({ email: 'nobody.here@example.test', password: 'whatever it is' }).expect(401);
    const entries = await t.db('audit_log').where({ action: 'session.signInFailed', actor_label: 'nobody.here@example.test' });
    expect(entries).toMatchObject([{ org_id: null, target_id: null }]);
  });
});
