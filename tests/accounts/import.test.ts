import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_MAX_LINES } from '../../server/contract/accountImports';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { clockStart } from '../helpers/clock';
import { buildOrg, buildUser, type OrgRecord } from '../helpers/factories';

/**
 * Bulk accounts from CSV (#17), on the real app and database (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL): the preview changes nothing, apply does what the preview said, a second
 * upload of the same file changes nothing, refusals name their line in the reader's language.
 */

const now = clockStart();
let t: TestServer;
let school: OrgRecord;
let enterprise: OrgRecord;
let admin: TestAgent;
let enterpriseAdmin: TestAgent;
let otherSchoolAdmin: TestAgent;

beforeAll(async () => {
  t = await getTestServer({ clock: () => new Date(now) });
  school = await buildOrg(t.db, { kind: 'school', name: 'Riverside Vocational College' });
  enterprise = await buildOrg(t.db, { kind: 'enterprise', name: 'Swift Logistics' });
  admin = (await t.signIn(await buildUser(t.db, { roles: ['admin'], org: school }))).agent;
  enterpriseAdmin = (await t.signIn(await buildUser(t.db, { roles: ['admin'], org: enterprise }))).agent;
  otherSchoolAdmin = (await t.signIn(['admin'])).agent;
});
afterAll(() => t.close());

const csv = (...lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n');
const preview = (agent: TestAgent, org: OrgRecord, file: Buffer, lang = 'en') =>
  agent.post(`/api/orgs/${org.id}/account-imports/preview`).set('Content-Type', 'text/csv').set('Accept-Language', lang).send(file);
const apply = (agent: TestAgent, org: OrgRecord, file: Buffer, plan: string) =>
  agent.post(`/api/orgs/${org.id}/account-imports`).query({ plan }).set('Content-Type', 'text/csv').send(file);
const count = async (table: string) => Number(((await t.db(table).count({ n: '*' })) as [{ n: number | string }])[0].n);
type Line = { line: number; email: string; outcome: string; changes: string[]; reason?: { key: string; message: string } };
const byLine = (lines: Line[]) => Object.fromEntries(lines.map((l) => [l.line, l]));

describe('a class of students and a teacher', () => {
  const roster = csv(
    'email,name,role,class',
    'chen.jing@riverside.test,Chen Jing,student,Logistics 2301',
    'zhou.min@riverside.test,Zhou Min,student,Logistics 2301',
    'zhao.lei@riverside.test,Zhao Lei,teacher,',
  );

  it('previews without writing anything, then applies exactly the preview', async () => {
    const [users, members] = [await count('users'), await count('memberships')];
    const res = await preview(admin, school, roster);
    expect(res.status).toBe(200);
    const p = res.body.preview;
    expect(p).toMatchObject({ orgId: school.id, orgName: 'Riverside Vocational College', encoding: 'utf-8', counts: { create: 3, update: 0, unchanged: 0, refused: 0 } });
    expect(p.lines.map((l: Line) => [l.line, l.email, l.outcome])).toEqual([
      [2, 'chen.jing@riverside.test', 'create'],
      [3, 'zhou.min@riverside.test', 'create'],
      [4, 'zhao.lei@riverside.test', 'create'],
    ]);
    expect([await count('users'), await count('memberships')]).toEqual([users, members]);

    const done = await apply(admin, school, roster, p.planId);
    expect(done.status).toBe(201);
    const r = done.body.result;
    expect(r.counts).toEqual(p.counts);
    expect(r.credentials.map((c: { email: string; className: string | null }) => [c.email, c.className])).toEqual([
      ['chen.jing@riverside.test', 'Logistics 2301'],
      ['zhou.min@riverside.test', 'Logistics 2301'],
      ['zhao.lei@riverside.test', null],
    ]);
    // Readable: no 0/o, 1/l/i to confuse on a printed slip.
    for (const c of r.credentials) expect(c.password).toMatch(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/);

    const student = await t.db('users').where({ email: 'chen.jing@riverside.test' }).first();
    expect(Boolean(student.must_change_password)).toBe(true);
    const membership = await t.db('memberships').where({ user_id: student.id, org_id: school.id }).first();
    expect([membership.role, membership.class_name]).toEqual(['student', 'Logistics 2301']);
    const teacher = await t.db('memberships as m').join('users as u', 'u.id', 'm.user_id').where('u.email', 'zhao.lei@riverside.test').first('m.role', 'm.class_name');
    expect(teacher).toEqual({ role: 'teacher', class_name: null });

    // The printed password signs the student in.
    const first = r.credentials[0];
    const signIn = await t.agent().post('/api/session').send({ email: first.email, password: first.password });
    expect(signIn.status).toBe(200);

    const audit = await t.db('audit_log').where({ action: 'accounts.imported', org_id: school.id }).orderBy('at', 'desc').first();
    expect(JSON.parse(audit.detail)).toMatchObject({ create: 3, update: 0, unchanged: 0, refused: 0, lines: 3, encoding: 'utf-8' });
  });

  it('changes nothing when the same file comes again: every line is unchanged, no password is issued', async () => {
    const hashes = await t.db('users').whereIn('email', ['chen.jing@riverside.test', 'zhao.lei@riverside.test']).orderBy('email').pluck('password_hash');
    const res = await preview(admin, school, roster);
    expect(res.body.preview.counts).toEqual({ create: 0, update: 0, unchanged: 3, refused: 0 });
    const [users, members] = [await count('users'), await count('memberships')];
    const again = await apply(admin, school, roster, res.body.preview.planId);
    expect(again.status).toBe(201);
    expect(again.body.result.credentials).toEqual([]);
    expect([await count('users'), await count('memberships')]).toEqual([users, members]);
    expect(await t.db('users').whereIn('email', ['chen.jing@riverside.test', 'zhao.lei@riverside.test']).orderBy('email').pluck('password_hash')).toEqual(hashes);
  });

  it('updates names, classes and roles of members, never their passwords', async () => {
    const before = await t.db('users').where({ email: 'zhou.min@riverside.test' }).first('password_hash', 'must_change_password');
    const changed = csv(
      '邮箱,姓名,角色,班级',
      'zhou.min@riverside.test,Zhou Min,学生,Logistics 2302',
      'chen.jing@riverside.test,Chen Jingjing,student,',
      'zhao.lei@riverside.test,Zhao Lei,老师,',
      'zhao.lei@riverside.test,Zhao Lei,student,Logistics 2302',
    );
    const res = await preview(admin, school, changed);
    const lines = byLine(res.body.preview.lines);
    expect([lines[2]!.outcome, lines[2]!.changes]).toEqual(['update', ['class']]);
    expect([lines[3]!.outcome, lines[3]!.changes]).toEqual(['update', ['name']]);
    expect(lines[4]!.outcome).toBe('unchanged');
    expect([lines[5]!.outcome, lines[5]!.changes]).toEqual(['update', ['role', 'class']]);
    const done = await apply(admin, school, changed, res.body.preview.planId);
    expect(done.status).toBe(201);
    expect(done.body.result.credentials).toEqual([]);
    expect(await t.db('users').where({ email: 'zhou.min@riverside.test' }).first('password_hash', 'must_change_password')).toEqual(before);
    expect(await t.db('users').where({ email: 'chen.jing@riverside.test' }).first('name')).toEqual({ name: 'Chen Jingjing' });
    const zhou = await t.db('memberships as m').join('users as u', 'u.id', 'm.user_id').where('u.email', 'zhou.min@riverside.test').first('m.class_name');
    expect(zhou.class_name).toBe('Logistics 2302');
    const zhao = await t.db('memberships as m').join('users as u', 'u.id', 'm.user_id').where('u.email', 'zhao.lei@riverside.test').orderBy('m.role').pluck('m.role');
    expect(zhao).toEqual(['student', 'teacher']);
  });

  it('refuses to apply a plan the accounts no longer match (409), and writes nothing', async () => {
    const file = csv('email,name,role,class', 'late.comer@riverside.test,Late Comer,student,Logistics 2301');
    const res = await preview(admin, school, file);
    // Someone else takes the e-mail between the preview and apply.
    await buildUser(t.db, { email: 'late.comer@riverside.test', roles: ['student'] });
    const users = await count('users');
    const stale = await apply(admin, school, file, res.body.preview.planId);
    expect([stale.status, stale.body.error.code, stale.body.error.key]).toEqual([409, 'conflict', 'accountImport.changed']);
    expect(await count('users')).toBe(users);
  });
});

describe('refusals, by line, in the reader’s language', () => {
  const file = () =>
    csv(
      'Email,Name,Role,Class,学号',
      'good.one@riverside.test,Good One,student,A1,1',
      'not-an-email,Bad Mail,student,,2',
      'x.y@riverside.test,X Y,janitor,,3',
      'boss@riverside.test,Boss,admin,,4',
      'teach@riverside.test,Teach,teacher,A1,5',
      'good.one@riverside.test,Good One,student,A1,6',
      'auth@riverside.test,Auth,author,,7',
      `${outsiderEmail},Someone,student,A1,8`,
    );
  let outsiderEmail = '';

  beforeAll(async () => {
    // An account of another organisation: its e-mail is refused without saying whose it is.
    outsiderEmail = (await buildUser(t.db, { roles: ['student'] })).email;
  });

  it('lists refused lines first, with the line as in the file and the reason', async () => {
    const res = await preview(admin, school, file());
    expect(res.status).toBe(200);
    const p = res.body.preview;
    expect(p.ignoredColumns).toEqual(['学号']);
    expect(p.counts).toEqual({ create: 1, update: 0, unchanged: 0, refused: 7 });
    expect(p.lines.map((l: Line) => [l.line, l.outcome, l.reason?.key])).toEqual([
      [3, 'refused', 'accountImport.reason.email'],
      [4, 'refused', 'accountImport.reason.role'],
      [5, 'refused', 'accountImport.reason.roleAdmin'],
      [6, 'refused', 'accountImport.reason.classNotStudent'],
      [7, 'refused', 'accountImport.reason.duplicate'],
      [8, 'refused', 'accountImport.reason.roleKind'],
      [9, 'refused', 'accountImport.reason.elsewhere'],
      [2, 'create', undefined],
    ]);
    const lines = byLine(p.lines);
    expect(lines[7]!.reason!.message).toBe('Line 2 already lists this e-mail with this role.');
    expect(lines[4]!.reason!.message).toBe('Unknown role “janitor”: use student or teacher.');
    // Nothing about the other organisation: not its name, not the person's.
    expect(JSON.stringify(lines[9])).not.toMatch(/Org |User /);
  });

  it('says the same in Chinese to a Chinese reader', async () => {
    const res = await preview(admin, school, file(), 'zh-CN');
    const lines = byLine(res.body.preview.lines);
    expect(lines[7]!.reason!.message).toBe('第 2 行已用相同角色列出此电子邮箱。');
    expect(lines[4]!.reason!.message).toBe('无法识别的角色“janitor”：请填写学生或教师。');
    expect(lines[9]!.reason!.message).toBe('此电子邮箱属于一个不由本机构管理的账号。请向本人索取其他邮箱，或联系平台运维方。');
  });

  it('applies the good lines and leaves the refused ones', async () => {
    const res = await preview(admin, school, file());
    const done = await apply(admin, school, file(), res.body.preview.planId);
    expect(done.status).toBe(201);
    expect(done.body.result.credentials.map((c: { line: number }) => c.line)).toEqual([2]);
    expect(Number(((await t.db('users').whereIn('email', ['boss@riverside.test', 'teach@riverside.test', 'auth@riverside.test']).count({ n: '*' })) as [{ n: number | string }])[0].n)).toBe(0);
  });
});

describe('files as spreadsheets save them', () => {
  it('reads a GBK (GB18030) file from Chinese Excel and says so', async () => {
    const file = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/roster-gbk.csv'));
    const res = await preview(admin, school, file);
    expect(res.status).toBe(200);
    expect(res.body.preview.encoding).toBe('gb18030');
    expect(res.body.preview.lines.map((l: { name: string; className: string | null; role: string }) => [l.name, l.role, l.className])).toEqual([
      ['王芳', 'student', '计算机2301班'],
      ['李雷', 'teacher', null],
    ]);
  });

  it('reads UTF-8 with a byte-order mark and Chinese headers', async () => {
    const file = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csv('邮箱,姓名,角色,班级', 'bom.student@riverside.test,刘洋,学生,物流2301班')]);
    const res = await preview(admin, school, file);
    expect(res.status).toBe(200);
    expect(res.body.preview).toMatchObject({ encoding: 'utf-8', ignoredColumns: [], counts: { create: 1 } });
    expect(res.body.preview.lines[0]).toMatchObject({ line: 2, email: 'bom.student@riverside.test', name: '刘洋', className: '物流2301班' });
  });

  it('imports an enterprise’s reviewers, authors and mentors', async () => {
    const file = csv('email,name,role', 'rev@swift.test,Rev,reviewer', 'auth@swift.test,Auth,author', 'men@swift.test,Men,mentor', 'stu@swift.test,Stu,student', 'rev@swift.test,Rev,mentor');
    const res = await preview(enterpriseAdmin, enterprise, file);
    expect(res.body.preview.lines.map((l: Line) => [l.line, l.outcome, l.changes])).toEqual([
      [5, 'refused', []],
      [2, 'create', []],
      [3, 'create', []],
      [4, 'create', []],
      // The account line 2 creates gets a second role: one account, one password.
      [6, 'update', ['role']],
    ]);
    const done = await apply(enterpriseAdmin, enterprise, file, res.body.preview.planId);
    expect(done.body.result.credentials.map((c: { email: string }) => c.email)).toEqual(['rev@swift.test', 'auth@swift.test', 'men@swift.test']);
    const roles = await t.db('memberships as m').join('users as u', 'u.id', 'm.user_id').where('m.org_id', enterprise.id).whereNot('m.role', 'admin').orderBy(['u.email', 'm.role']).select('u.email', 'm.role');
    expect(roles.map((r: { email: string; role: string }) => `${r.email} ${r.role}`)).toEqual(['auth@swift.test author', 'men@swift.test mentor', 'rev@swift.test mentor', 'rev@swift.test reviewer']);
  });
});

describe('limits and files that are no account list', () => {
  it('refuses more than the line limit, naming both numbers', async () => {
    const lines = Array.from({ length: IMPORT_MAX_LINES + 1 }, (_, i) => `s${i}@many.test,S ${i},student,`);
    const res = await preview(admin, school, csv('email,name,role,class', ...lines));
    expect([res.status, res.body.error.key, res.body.error.params]).toEqual([400, 'accountImport.tooManyLines', { lines: IMPORT_MAX_LINES + 1, max: IMPORT_MAX_LINES }]);
  });

  it('refuses a file over 2 MB before reading it', async () => {
    const res = await preview(admin, school, Buffer.alloc(2 * 1024 * 1024 + 1, 0x61));
    expect([res.status, res.body.error.code]).toEqual([413, 'payload_too_large']);
  });

  it('tells a workbook from a CSV, and names missing columns', async () => {
    const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    const res = await preview(admin, school, xlsx);
    expect([res.status, res.body.error.key]).toEqual([400, 'accountImport.notCsv']);
    const noRole = await preview(admin, school, csv('email,name', 'a@b.test,A'));
    expect([noRole.status, noRole.body.error.key, noRole.body.error.params]).toEqual([400, 'accountImport.missingColumns', { columns: 'role' }]);
  });
});

describe('cells that look like object properties', () => {
  it('reads them as the unknown words they are', async () => {
    const res = await preview(admin, school, csv('email,name,role,__proto__', 'proto@riverside.test,Proto,constructor,x'));
    expect(res.status).toBe(200);
    expect(res.body.preview.ignoredColumns).toEqual(['__proto__']);
    expect(res.body.preview.lines.map((l: Line) => [l.outcome, l.reason?.key])).toEqual([['refused', 'accountImport.reason.role']]);
  });
});

describe('another organisation’s admin', () => {
  it('is told the organisation does not exist, and creates nobody', async () => {
    const file = csv('email,name,role,class', 'intruder@elsewhere.test,Intruder,student,X');
    const users = await count('users');
    const res = await preview(otherSchoolAdmin, school, file);
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
    const own = await preview(admin, school, file);
    const applied = await apply(otherSchoolAdmin, school, file, own.body.preview.planId);
    expect([applied.status, applied.body.error.code]).toEqual([404, 'not_found']);
    expect(await count('users')).toBe(users);
  });
});
