import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationSettingsView } from '../../server/contract/mail';
import { createSend, deliverDue, type Send } from '../../server/mail/delivery';
import { afterCloseReviewsJob, digestJob, dueSoonJob, placementJob } from '../../server/mail/jobs';
import { regradeAnswered, reviewReleased } from '../../server/mail/notices';
import { publishPackage } from '../../server/scenarios/sync';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { DAY_MS, clockStart, isoDay } from '../helpers/clock';
import { buildOrg, buildPartnership, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';
import { workspaceScenario } from '../helpers/scenario';
import { startSmtp, type ReceivedMail, type SmtpCatcher } from '../helpers/smtp';

/**
 * Notification e-mails end to end into a real SMTP server: each kind in English and Chinese
 * (the recipient's language, else their school's, else zh-CN), the preferences (each, daily
 * digest, off) and the unsubscribe link: a GET asks, the page's button or an RFC 8058 one-click POST acts.
 */

const start = clockStart();
const now = start;
const clock = () => new Date(now);

let t: TestServer;
let smtp: SmtpCatcher;
let send: Send;
let school: OrgRecord;
let enterprise: OrgRecord;
let teacher: { agent: TestAgent; user: UserRecord };
let en: { agent: TestAgent; user: UserRecord };
let zh: { agent: TestAgent; user: UserRecord };
let courseId: string;
let versionId: string;

const deliver = (at = clock()) => deliverDue({ db: t.db, config: t.deps.config, logger: t.deps.logger, clock: () => at }, send);
const inbox = (user: UserRecord) => smtp.messages.filter((m) => m.to.includes(user.email));
const lastTo = (user: UserRecord): ReceivedMail => inbox(user).at(-1)!;

async function assignment(overrides: Record<string, unknown> = {}): Promise<string> {
  const id = randomUUID();
  await t.db('assignments').insert({
    id,
    course_id: courseId,
    scenario_version_id: versionId,
    title: 'Freight quote',
    mode: 'practice',
    opens_at: new Date(start - DAY_MS),
    closes_at: null,
    time_limit_minutes: 60,
    reveal_policy: 'full',
    review: 'single',
    created_by: teacher.user.id,
    created_at: clock(),
    ...overrides,
  });
  return id;
}

async function gradedAttempt(student: UserRecord, assignmentId: string, finalScore = 0.85): Promise<string> {
  const id = randomUUID();
  await t.db('attempts').insert({ id, assignment_id: assignmentId, student_id: student.id, number: 1, status: 'graded', started_at: clock(), deadline_at: clock(), submitted_at: clock(), auto_score: 0.8, review_score: 0.9, final_score: finalScore, graded_at: clock(), last_activity_at: clock() });
  return id;
}

beforeAll(async () => {
  smtp = await startSmtp();
  t = await getTestServer({ clock, env: { SMTP_URL: smtp.url } });
  send = createSend(t.deps.config, t.deps.logger);
  school = await buildOrg(t.db, { kind: 'school', name: 'Mail School' });
  enterprise = await buildOrg(t.db, { kind: 'enterprise', name: 'Swift Mail Logistics' });
  await buildPartnership(t.db, school, enterprise);
  teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'], name: 'Teacher Tan' }));
  en = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'], name: 'Emma Evans' }));
  await t.db('users').where({ id: en.user.id }).update({ locale: 'en' });
  // No language of her own, none for the school: zh-CN.
  zh = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'], name: '张伟' }));
  await publishPackage(t.db, workspaceScenario('mail-quote'), clock());
  versionId = (await t.db('scenario_versions as v').join('scenarios as s', 's.id', 'v.scenario_id').where('s.slug', 'mail-quote').first('v.id')).id;
  courseId = (await teacher.agent.post('/api/courses').send({ title: 'Mail course' }).expect(201)).body.course.id;
  await teacher.agent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: [en.user.id, zh.user.id] }).expect(200);
}, 60_000);
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('preferences', () => {
  it('start with every kind by e-mail except the teacher’s copy of reviews, and change per kind', async () => {
    const initial = (await en.agent.get('/api/me/notifications').expect(200)).body as NotificationSettingsView;
    expect(initial.email).toBe(en.user.email);
    expect(Object.fromEntries(initial.kinds.map((k) => [k.kind, k.delivery]))).toEqual({ reviewReleased: 'each', courseReviewReleased: 'off', regradeAnswered: 'each', assignmentDue: 'each', placementDue: 'each' });
    const changed = (await en.agent.put('/api/me/notifications').send({ kinds: { assignmentDue: 'digest' } }).expect(200)).body as NotificationSettingsView;
    expect(changed.kinds.find((k) => k.kind === 'assignmentDue')!.delivery).toBe('digest');
    expect(changed.kinds.find((k) => k.kind === 'reviewReleased')!.delivery).toBe('each');
    await en.agent.put('/api/me/notifications').send({ kinds: { assignmentDue: 'weekly' } }).expect(400);
    await en.agent.put('/api/me/notifications').send({ kinds: { assignmentDue: 'each' } }).expect(200);
    // Someone else's settings are not touched.
    const other = (await zh.agent.get('/api/me/notifications').expect(200)).body as NotificationSettingsView;
    expect(other.kinds.every((k) => k.delivery === (k.kind === 'courseReviewReleased' ? 'off' : 'each'))).toBe(true);
  });
});

describe('review released', () => {
  it('tells each student in their language, once, and the teacher only after opting in', async () => {
    const a = await assignment({ title: 'Freight quote' });
    const enAttempt = await gradedAttempt(en.user, a, 0.85);
    const zhAttempt = await gradedAttempt(zh.user, a, 0.7);
    await t.db.transaction((trx) => reviewReleased(trx, enAttempt, clock()));
    await t.db.transaction((trx) => reviewReleased(trx, zhAttempt, clock()));
    await t.db.transaction((trx) => reviewReleased(trx, enAttempt, clock()));
    await deliver();
    await smtp.waitFor(2);
    expect(inbox(en.user)).toHaveLength(1);
    expect(lastTo(en.user).subject).toBe('Your work on “Freight quote” has been reviewed');
    expect(lastTo(en.user).text).toContain('Hello Emma Evans,');
    expect(lastTo(en.user).text).toContain('Your final score: 85%.');
    expect(lastTo(en.user).text).toContain(`/attempts/${enAttempt}`);
    expect(lastTo(zh.user).subject).toBe('你的“Freight quote”已完成评阅');
    expect(lastTo(zh.user).text).toContain('最终成绩：70%');
    expect(lastTo(zh.user).text).toContain('不再接收此类邮件');
    expect(inbox(teacher.user)).toHaveLength(0);

    await teacher.agent.put('/api/me/notifications').send({ kinds: { courseReviewReleased: 'each' } }).expect(200);
    const b = await assignment({ title: 'Route plan' });
    const attemptB = await gradedAttempt(zh.user, b, 0.9);
    await t.db.transaction((trx) => reviewReleased(trx, attemptB, clock()));
    await deliver();
    await smtp.waitFor(4);
    expect(lastTo(teacher.user).subject).toBe('评阅结果已发布：张伟，“Route plan”');
  });

  it('tells of an after-close review when the assignment closes (the job), not before', async () => {
    const a = await assignment({ title: 'Sealed exam', reveal_policy: 'after-close', closes_at: new Date(now + DAY_MS) });
    await gradedAttempt(en.user, a);
    const before = inbox(en.user).length;
    await afterCloseReviewsJob(t.deps, clock());
    await deliver();
    expect(inbox(en.user)).toHaveLength(before);
    // Moved by hand, not on the shared clock: the test's sessions would end.
    const closed = new Date(now + DAY_MS + 60_000);
    await afterCloseReviewsJob(t.deps, closed);
    await afterCloseReviewsJob(t.deps, closed);
    await deliver(closed);
    await smtp.waitFor(smtp.messages.length + 1).catch(() => undefined);
    expect(inbox(en.user)).toHaveLength(before + 1);
    expect(lastTo(en.user).subject).toBe('Your work on “Sealed exam” has been reviewed');
  });
});

describe('regrade answered', () => {
  it('tells the student the decision and the reply, in their language', async () => {
    const a = await assignment({ title: 'Invoice check' });
    const decide = async (student: UserRecord, status: 'accepted' | 'declined', reply: string) => {
      const id = randomUUID();
      const attemptId = await gradedAttempt(student, a, 0.95);
      await t.db('regrade_requests').insert({ id, attempt_id: attemptId, enterprise_id: enterprise.id, target_kind: 'criterion', target_id: 'c1', reason: 'Please look again', status, reply, created_at: clock(), resolved_at: clock() });
      await t.db.transaction((trx) => regradeAnswered(trx, id, clock()));
    };
    const count = smtp.messages.length;
    await decide(en.user, 'accepted', 'You are right.');
    await decide(zh.user, 'declined', '评分无误。');
    await deliver();
    await smtp.waitFor(count + 2);
    expect(lastTo(en.user).subject).toBe('Your regrade request on “Invoice check” was answered');
    expect(lastTo(en.user).text).toContain('was accepted. Your final score is now 95%.');
    expect(lastTo(en.user).text).toContain('The reviewer’s reply: You are right.');
    expect(lastTo(zh.user).subject).toBe('你对“Invoice check”的复核申请已有答复');
    expect(lastTo(zh.user).text).toContain('未被接受，成绩维持不变');
    expect(lastTo(zh.user).text).toContain('评阅人答复：评分无误。');
  });
});

describe('assignment due soon', () => {
  it('reminds each student who has not submitted, once, a day before the close', async () => {
    const a = await assignment({ title: 'Closing soon', closes_at: new Date(now + 20 * 3_600_000) });
    await assignment({ title: 'Closing later', closes_at: new Date(now + 3 * DAY_MS) });
    await gradedAttempt(zh.user, a);
    const count = smtp.messages.length;
    await dueSoonJob(t.deps, clock());
    await dueSoonJob(t.deps, clock());
    await deliver();
    await smtp.waitFor(count + 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(smtp.messages.slice(count).filter((m) => m.subject.includes('Closing')).map((m) => [m.to[0], m.subject])).toEqual([[en.user.email, '“Closing soon” closes within a day']]);
    expect(lastTo(en.user).text).toMatch(/closes on .*2\d.* and you have not submitted it yet/);
  });

  it('speaks Chinese to a Chinese student', async () => {
    await assignment({ title: '报价练习', closes_at: new Date(now + 10 * 3_600_000) });
    await t.db('attempts').where({ student_id: zh.user.id }).delete();
    const count = smtp.messages.length;
    await dueSoonJob(t.deps, clock());
    await deliver();
    await smtp.waitFor(count + 1);
    const mine = inbox(zh.user).filter((m) => m.subject.includes('截止'));
    expect(mine.map((m) => m.subject)).toContain('“报价练习”将在一天内截止');
    expect(mine.at(-1)!.text).toMatch(/将于 \d{4}年\d{1,2}月\d{1,2}日.* 截止，你尚未提交/);
  });
});

describe('placements', () => {
  let placementId: string;
  let mentorAgent: TestAgent;
  let enterpriseMentor: UserRecord;

  beforeAll(async () => {
    const enterpriseAdmin = (await t.signIn(await buildUser(t.db, { org: enterprise, roles: ['admin'] }))).agent;
    const partnership = await t.db('partnerships').where({ enterprise_id: enterprise.id }).first('id');
    const base = await enterpriseAdmin.post('/api/training-bases').send({ partnershipId: partnership.id, name: 'Swift DC North', roles: ['Dispatcher'], capacity: 5 }).expect(201);
    const placed = await teacher.agent
      .post('/api/placements')
      .send({ baseId: base.body.base.id, studentId: en.user.id, role: 'Dispatcher', startsOn: isoDay(now - 10 * DAY_MS), endsOn: isoDay(now + 60 * DAY_MS), weeklyHours: 20 })
      .expect(201);
    placementId = placed.body.placement.id;
    enterpriseMentor = await buildUser(t.db, { org: enterprise, roles: ['mentor'], name: 'Mentor Ma' });
    await t.db('users').where({ id: enterpriseMentor.id }).update({ locale: 'zh-CN' });
    mentorAgent = (await t.signIn(enterpriseMentor)).agent;
    await enterpriseAdmin.put(`/api/placements/${placementId}/enterprise-mentor`).send({ userId: enterpriseMentor.id }).expect(200);
    await t.db('placements').where({ id: placementId }).update({ status: 'active' });
    void mentorAgent;
  });

  it('reminds the student of last week’s missing log, once', async () => {
    const count = smtp.messages.length;
    await placementJob(t.deps, clock());
    await placementJob(t.deps, clock());
    await deliver();
    await smtp.waitFor(count + 1);
    const logs = inbox(en.user).filter((m) => m.subject.includes('logbook'));
    expect(logs).toHaveLength(1);
    expect(logs[0]!.subject).toMatch(/^Your logbook for the week of .+ is missing$/);
    expect(logs[0]!.text).toContain(`/placements/${placementId}/logbook`);
  });

  it('reminds both assessors of a near assessment point, each in their language, until they sign', async () => {
    await t.db('assessment_points').insert({ id: randomUUID(), placement_id: placementId, kind: 'mid', due_on: isoDay(now + 2 * DAY_MS), set_by: teacher.user.id, created_at: clock(), updated_at: clock() });
    await t.db('users').where({ id: teacher.user.id }).update({ locale: 'en' });
    const count = smtp.messages.length;
    await placementJob(t.deps, clock());
    await deliver();
    await smtp.waitFor(count + 2);
    expect(lastTo(teacher.user).subject).toBe('Mid-term assessment of Emma Evans due soon');
    expect(lastTo(enterpriseMentor).subject).toBe('Emma Evans 的中期考核即将到期');
    expect(lastTo(enterpriseMentor).text).toMatch(/将于 \d{4}年\d{1,2}月\d{1,2}日 到期/);
  });

  it('mails an invited outside mentor the link, in the school’s language', async () => {
    await t.db('organizations').where({ id: school.id }).update({ default_locale: 'en' });
    const res = await teacher.agent.post(`/api/placements/${placementId}/mentor-invitations`).send({ name: 'Outside Olga', email: 'olga@firm.test' }).expect(201);
    await deliver();
    const mail = (await smtp.waitFor(smtp.messages.length)).find((m) => m.to.includes('olga@firm.test'))!;
    expect(mail.subject).toBe('Teacher Tan invites you to mentor Emma Evans at Swift DC North');
    expect(mail.text).toContain(`/mentor-invitation/${res.body.invitation.token}`);
    expect(mail.headers['list-unsubscribe']).toBeUndefined();
    await t.db('organizations').where({ id: school.id }).update({ default_locale: 'zh-CN' });
    await teacher.agent.post(`/api/placements/${placementId}/mentor-invitations`).send({ name: '王芳', email: 'wang@firm.test' }).expect(201);
    await deliver();
    const chinese = (await smtp.waitFor(smtp.messages.length)).find((m) => m.to.includes('wang@firm.test'))!;
    expect(chinese.subject).toBe('Teacher Tan 邀请你担任 Emma Evans 在 Swift DC North 的企业指导教师');
    expect(chinese.text).toContain('王芳，你好：');
    await t.db('organizations').where({ id: school.id }).update({ default_locale: null });
  });

  it('reminds in Chinese a student who reads Chinese', async () => {
    await t.db('users').where({ id: en.user.id }).update({ locale: 'zh-CN' });
    // A week later (moved by hand: the shared clock would end the test's sessions).
    const nextWeek = new Date(now + 7 * DAY_MS);
    const count = smtp.messages.length;
    await placementJob(t.deps, nextWeek);
    await deliver(nextWeek);
    await smtp.waitFor(count + 1);
    const reminder = inbox(en.user).at(-1)!;
    expect(reminder.subject).toMatch(/^你 \d{4}年\d{1,2}月\d{1,2}日 那一周的实习日志尚未提交$/);
    expect(reminder.text).toContain('你的岗位实习（Dispatcher）');
    await t.db('users').where({ id: en.user.id }).update({ locale: 'en' });
  });
});

describe('daily digest', () => {
  it('gathers the kinds a person batches into one e-mail a day', async () => {
    await zh.agent.put('/api/me/notifications').send({ kinds: { reviewReleased: 'digest', regradeAnswered: 'digest' } }).expect(200);
    const count = inbox(zh.user).length;
    for (const title of ['摘要一', '摘要二']) {
      const a = await assignment({ title });
      const attemptId = await gradedAttempt(zh.user, a);
      await t.db.transaction((trx) => reviewReleased(trx, attemptId, clock()));
    }
    await deliver();
    expect(inbox(zh.user)).toHaveLength(count);
    await digestJob(t.deps, clock());
    await digestJob(t.deps, clock());
    await deliver();
    await smtp.waitFor(smtp.messages.length).then(() => new Promise((r) => setTimeout(r, 100)));
    const digests = inbox(zh.user).slice(count);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toBe('Practicum 每日汇总：2 条通知');
    expect(digests[0]!.text).toContain('你的“摘要一”已完成评阅');
    expect(digests[0]!.text).toContain('你的“摘要二”已完成评阅');
    // Its unsubscribe link turns off what it gathers.
    const token = new URL(/<([^>]+)>/.exec(digests[0]!.headers['list-unsubscribe']!)![1]!).searchParams.get('token')!;
    await request(t.server).post(`/api/mail/unsubscribe?token=${encodeURIComponent(token)}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
    const settings = (await zh.agent.get('/api/me/notifications').expect(200)).body as NotificationSettingsView;
    expect(settings.kinds.filter((k) => k.delivery === 'off').map((k) => k.kind).sort()).toEqual(['courseReviewReleased', 'regradeAnswered', 'reviewReleased']);
  });

  it('speaks English to an English reader', async () => {
    const teacherCount = inbox(teacher.user).length;
    await teacher.agent.put('/api/me/notifications').send({ kinds: { courseReviewReleased: 'digest' } }).expect(200);
    const a = await assignment({ title: 'Digest exam' });
    const attemptId = await gradedAttempt(zh.user, a);
    await t.db.transaction((trx) => reviewReleased(trx, attemptId, clock()));
    // The teacher's digest of today was not sent yet: it goes now.
    await digestJob(t.deps, clock());
    await deliver();
    await smtp.waitFor(smtp.messages.length);
    const digest = inbox(teacher.user).slice(teacherCount);
    expect(digest.map((m) => m.subject)).toEqual(['Practicum: 1 notice of the day']);
    expect(digest[0]!.text).toContain('Here is the notice you chose to receive once a day.');
    expect(digest[0]!.text).toContain('Review released: 张伟, “Digest exam”');
  });
});

describe('unsubscribe', () => {
  const tokenIn = (mail: ReceivedMail) => {
    const link = /不再接收此类邮件：(\S+)|Stop e-mails of this kind: (\S+)/.exec(mail.text)!;
    return new URL(link[1] ?? link[2]!).searchParams.get('token')!;
  };

  it('switches the kind off from the link in the mail, without signing in, and answers in the recipient’s language', async () => {
    const mail = inbox(en.user).find((m) => m.subject.includes('closes within a day'))!;
    const delivery = async (kind: string) => ((await en.agent.get('/api/me/notifications').expect(200)).body as NotificationSettingsView).kinds.find((k) => k.kind === kind)!.delivery;
    // Opening the link (as a mail scanner or a link preview does too) only asks.
    const asked = await request(t.server).get(`/api/mail/unsubscribe?token=${encodeURIComponent(tokenIn(mail))}`).expect(200);
    expect(asked.type).toBe('text/html');
    expect(asked.text).toContain('Stop receiving e-mails of this kind: assignments closing soon?');
    expect(await delivery('assignmentDue')).toBe('each');
    // The page's button posts its form back to the same address, as a browser does.
    const action = /<form method="post" action="([^"]+)">/.exec(asked.text)![1]!.replaceAll('&#38;', '&');
    const page = await request(t.server).post(action).type('form').send('').expect(200);
    expect(page.text).toContain('You will no longer receive e-mails of this kind: assignments closing soon.');
    const settings = (await en.agent.get('/api/me/notifications').expect(200)).body as NotificationSettingsView;
    expect(settings.kinds.find((k) => k.kind === 'assignmentDue')!.delivery).toBe('off');
    expect(settings.kinds.find((k) => k.kind === 'reviewReleased')!.delivery).toBe('each');
    const count = inbox(en.user).length;
    await assignment({ title: 'Not announced', closes_at: new Date(now + 3_600_000) });
    await dueSoonJob(t.deps, clock());
    await deliver();
    expect(inbox(en.user)).toHaveLength(count);
  });

  it('takes the one-click POST of RFC 8058 from a mail provider (no Origin, no cookie)', async () => {
    const mail = inbox(en.user).find((m) => m.subject.includes('has been reviewed'))!;
    const url = new URL(/<([^>]+)>/.exec(mail.headers['list-unsubscribe']!)![1]!);
    const res = await request(t.server).post(`${url.pathname}${url.search}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(res.text).toContain('your reviews released');
    const settings = (await en.agent.get('/api/me/notifications').expect(200)).body as NotificationSettingsView;
    expect(settings.kinds.find((k) => k.kind === 'reviewReleased')!.delivery).toBe('off');
  });

  it('refuses a token changed by hand, and one for a kind nobody may switch off', async () => {
    const mail = inbox(teacher.user).at(-1)!;
    const token = tokenIn(mail);
    const [payload, mac] = token.split('.');
    const forged = `${Buffer.from(`${zh.user.id}:reviewReleased`).toString('base64url')}.${mac}`;
    const refused = await request(t.server).get(`/api/mail/unsubscribe?token=${forged}`).set('Accept-Language', 'zh-CN').expect(400);
    expect(refused.text).toContain('此链接无效');
    const invitation = `${Buffer.from(`${teacher.user.id}:invitation`).toString('base64url')}.${mac}`;
    await request(t.server).post(`/api/mail/unsubscribe?token=${invitation}`).expect(400);
    expect(payload).toBeTruthy();
  });
});
