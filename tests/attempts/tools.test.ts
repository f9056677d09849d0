/**
 * "Try it" over real sockets: Run (a file or a snippet, with its console output) and the data
 * explorer, in a student's attempt and in an author's preview. Same sandbox and caps as checks;
 * the answer is the caller's alone.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweep } from '../../server/attempts/scheduler';
import { attemptTools, runTool } from '../../server/attempts/tools';
import { ClientEvents, ServerEvents } from '../../server/contract/realtime';
import type { AttemptView, DataQueryView, DatasetView, RunResultView } from '../../server/contract/workspace';
import { publishPackage } from '../../server/scenarios/sync';
import { getTestServer, type TestServer } from '../helpers/app';
import { clockStart } from '../helpers/clock';
import { buildOrg, buildUser, type OrgRecord } from '../helpers/factories';
import { connected, openSocket } from '../helpers/socket';
import { importFramework, type Person } from '../feedback/world';
import { HIDDEN_NAMES, toolsScenario } from './toolsScenario';

let now = clockStart();
const clock = () => new Date(now);

let t: TestServer;
let school: OrgRecord;
let student: Person;
let teacher: Person;
let attempt: AttemptView;
let socket: Socket;

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: unknown } };
const emit = <T>(s: Socket, event: string, payload: unknown) => s.timeout(60_000).emitWithAck(event, payload) as Promise<Ack<T>>;
async function ok<T>(s: Socket, event: string, payload: unknown): Promise<T> {
  const ack = await emit<T>(s, event, payload);
  if (!ack.ok) throw new Error(`${event}: ${JSON.stringify(ack.error)}`);
  return ack.data;
}
const run = (source: string) => ok<RunResultView>(socket, ClientEvents.codeRun, { attemptId: attempt.id, source });
const query = (sql: string, dataset = 'orders') => ok<DataQueryView>(socket, ClientEvents.dataQuery, { attemptId: attempt.id, dataset, sql });
const save = async (path: string, content: string) => {
  const view = (await student.agent.get(`/api/attempts/${attempt.id}`)).body.attempt as AttemptView;
  const base = view.files.find((f) => f.path === path)?.revision ?? 0;
  await ok(socket, ClientEvents.fileSave, { attemptId: attempt.id, path, baseRevision: base, content });
};

beforeAll(async () => {
  t = await getTestServer({ clock });
  await publishPackage(t.db, toolsScenario(), clock());
  const versionId = (await t.db('scenario_versions').first('id')).id;
  school = await buildOrg(t.db, { kind: 'school' });
  teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
  student = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'] }));
  const courseId = (await teacher.agent.post('/api/courses').send({ title: 'Try it' })).body.course.id;
  await teacher.agent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: [student.user.id] }).expect(200);
  const assignmentId = (await teacher.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: versionId })).body.assignment.id;
  attempt = (await student.agent.post(`/api/assignments/${assignmentId}/attempts`).expect(201)).body.attempt;
  socket = await connected(openSocket(t.url, { cookie: student.cookie }));
  await ok(socket, ClientEvents.attemptJoin, { attemptId: attempt.id });
}, 60_000);
afterAll(async () => {
  socket?.close();
  await t.close();
});

describe('the attempt says which tools it offers', () => {
  it('Run in TypeScript, and the data of the unlocked task only', () => {
    expect(attempt.tools).toEqual({ run: { language: 'ts' }, data: [{ id: 'orders', title: 'Shop orders' }] });
  });
});

describe('code.run', () => {
  it('runs a snippet that imports the student’s module and a data file, and answers with what it printed', async () => {
    const out = await run(
      "import { quote } from './src/quote';\nimport rates from './data/rates.csv';\nimport config from './data/config.json';\nconsole.log('quote', quote(2));\nconsole.warn(rates.split('\\n')[0], config.currency);\nconsole.log({ a: [1, 2] });",
    );
    expect(out).toMatchObject({ status: 'ok', output: 'quote 21\nkg,rate CNY\n{"a":[1,2]}\n', outputTruncated: false, messages: [] });
  });

  it('runs a saved file as the entry, with its top-level output', async () => {
    await save('src/try.ts', "import { quote } from './quote';\nconsole.log('from a file', quote(1));\n");
    expect(await ok<RunResultView>(socket, ClientEvents.codeRun, { attemptId: attempt.id, path: 'src/try.ts' })).toMatchObject({ status: 'ok', output: 'from a file 11\n' });
    const missing = await emit(socket, ClientEvents.codeRun, { attemptId: attempt.id, path: 'src/nothing.ts' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'validation_failed', message: expect.stringContaining('src/nothing.ts') } });
  });

  it('names the line of the student’s file where the error was thrown, and the snippet’s', async () => {
    await save('src/boom.ts', '// a comment esbuild drops\n\n\nexport function boom(n: number): number {\n  if (n > 1) throw new RangeError(`too big: ${n}`);\n  return n;\n}\n');
    const out = await run("import { boom } from './src/boom';\nconsole.log(boom(1));\n\nboom(2);");
    expect(out.status).toBe('load_error');
    expect(out.output).toBe('1\n');
    expect(out.messages[0]).toMatch(/^Your code threw RangeError: too big: 2\n {4}at boom \(src\/boom\.ts:5:\d+\)\n {4}at snippet:4:1/);
  });

  it('reads a forged stack as text, however it is made', async () => {
    const forged = await run("throw { message: 'forged', stack: 'E\\n    at ' + 'a ('.repeat(1200) + 'file:///__snippet__.ts:1:1)\\n' + '    at file:///'.repeat(20) }");
    expect(forged.status).toBe('load_error');
    expect(forged.messages[0]).toMatch(/^Your code threw forged\n {4}at a \(a \(.*\(snippet:1:1\)$/);
    expect(forged.messages[0]!.length).toBeLessThan(300);
  });

  it('reports type errors in the student’s files as a check would, and compile errors in the snippet', async () => {
    await save('src/typo.ts', 'export const n: number = "one";\n');
    const typed = await run("console.log('never')");
    expect(typed).toMatchObject({ status: 'compile_error', output: '', messages: [expect.stringMatching(/^src\/typo\.ts:1:14: TS2322/)] });
    await save('src/typo.ts', 'export const n: number = 1;\n');
    expect(await run('const x = ;')).toMatchObject({ status: 'compile_error', messages: [expect.stringMatching(/^snippet:1:11: /)] });
  });

  it('stops an endless loop and a memory bomb like a check, and goes on serving', async () => {
    const loop = await run('while (true) {}');
    expect(loop).toMatchObject({ status: 'timeout', messages: [expect.stringMatching(/^Stopped: your code ran longer than the time limit of 2000 ms/)] });
    // A microtask loop that keeps nothing: only the host's timer can stop it.
    const microtasks = await run('function spin() { Promise.resolve().then(spin); }\nspin();');
    expect(microtasks.status).toBe('timeout');
    const bomb = await run('const keep = []; for (;;) keep.push(new Array(1e6).fill(7));');
    expect(bomb.status).toMatch(/^(memory|crashed)$/);
    expect(bomb.messages[0]).toMatch(/memory/);
    const flood = await run("for (;;) console.log('x'.repeat(1000));");
    expect(flood.status).toBe('timeout');
    expect(flood.outputTruncated).toBe(true);
    expect(Buffer.byteLength(flood.output)).toBeLessThanOrEqual(64 * 1024);
    expect(await run("console.log('still here')")).toMatchObject({ status: 'ok', output: 'still here\n' });
  });

  it('has no Node APIs inside', async () => {
    const out = await run("console.log(typeof process, typeof require === 'function' ? 'req' : 'none', typeof fetch, typeof setTimeout)");
    expect(out.output).toBe('undefined req undefined undefined\n');
    const fs = await run("require('fs')");
    expect(fs.messages[0]).toMatch(/Cannot find module "fs": only the workspace files can be loaded here/);
  });

  it('stores nothing and sends nothing to the attempt room, where a teacher may watch', async () => {
    const tables = ['check_runs', 'statements', 'file_revisions', 'evidence'];
    const count = async () => Promise.all(tables.map(async (x) => Number(((await t.db(x).count({ n: '*' })) as [{ n: number | string }])[0].n)));
    const watcher = await connected(openSocket(t.url, { cookie: teacher.cookie }));
    await ok(watcher, ClientEvents.attemptJoin, { attemptId: attempt.id });
    const heard: string[] = [];
    watcher.onAny((event: string, payload: unknown) => heard.push(`${event} ${JSON.stringify(payload)}`));
    const mine: string[] = [];
    socket.onAny((event: string) => mine.push(event));
    const before = await count();

    expect((await run("console.log('for my eyes only')")).output).toBe('for my eyes only\n');
    expect((await query("SELECT 'private query' AS q")).rows).toEqual([['private query']]);
    // Something the room does hear, after the tools: it arrives in order behind anything they sent.
    const finished = new Promise((resolve) => watcher.once(ServerEvents.checksFinished, resolve));
    await ok(socket, ClientEvents.checksRun, { attemptId: attempt.id });
    await finished;

    expect(heard.filter((h) => !h.startsWith(ServerEvents.checkResult) && !h.startsWith(ServerEvents.checksFinished))).toEqual([]);
    expect(heard.join('\n')).not.toMatch(/for my eyes only|private query/);
    expect(mine.filter((e) => e !== ServerEvents.checkResult && e !== ServerEvents.checksFinished)).toEqual([]);
    const after = await count();
    // The check run's row and statement; nothing for the tools.
    expect(after).toEqual([before[0]! + 1, before[1]! + 1, before[2], before[3]]);
    watcher.close();
    socket.offAny();
  });

  it('is the student’s own: refused to a teacher by role, and to another student as not found', async () => {
    const watcher = await connected(openSocket(t.url, { cookie: teacher.cookie }));
    expect(await emit(watcher, ClientEvents.codeRun, { attemptId: attempt.id, source: '1' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    watcher.close();
    const other = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'] }));
    const theirs = await connected(openSocket(t.url, { cookie: other.cookie }));
    for (const [event, payload] of [
      [ClientEvents.codeRun, { attemptId: attempt.id, source: 'console.log(1)' }],
      [ClientEvents.dataDescribe, { attemptId: attempt.id }],
      [ClientEvents.dataQuery, { attemptId: attempt.id, dataset: 'orders', sql: 'SELECT 1' }],
    ] as const) {
      expect(await emit(theirs, event, payload)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    theirs.close();
  });

  it('takes either a path or a snippet, not both, and refuses an empty or oversized snippet', async () => {
    for (const payload of [
      { attemptId: attempt.id },
      { attemptId: attempt.id, path: 'src/quote.ts', source: '1' },
      { attemptId: attempt.id, source: '   ' },
      { attemptId: attempt.id, source: 'x'.repeat(64 * 1024 + 1) },
      { attemptId: attempt.id, path: '../etc/passwd' },
    ]) {
      expect(await emit(socket, ClientEvents.codeRun, payload)).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    }
  });

  it('is limited per user like check runs, and runs one at a time per user', async () => {
    await t.deps.toolsLimiter.penalty(student.user.id, 30);
    const limited = await emit(socket, ClientEvents.codeRun, { attemptId: attempt.id, source: 'console.log(1)' });
    expect(limited).toMatchObject({ ok: false, error: { code: 'rate_limited', message: expect.stringContaining('30 times a minute') } });
    expect(await emit(socket, ClientEvents.dataQuery, { attemptId: attempt.id, dataset: 'orders', sql: 'SELECT 1' })).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    await t.deps.toolsLimiter.delete(student.user.id);

    const ctx = await attemptTools(t.deps, { id: student.user.id } as never, attempt.id);
    const first = runTool(t.deps, { id: student.user.id } as never, ctx, { source: 'console.log(1)' });
    await expect(runTool(t.deps, { id: student.user.id } as never, ctx, { source: 'console.log(2)' })).rejects.toMatchObject({ code: 'conflict', details: { reason: 'busy' } });
    expect((await first).output).toBe('1\n');
  });
});

describe('the data explorer', () => {
  let described: { datasets: DatasetView[] };

  it('lists the listed tables of the unlocked task’s data, with columns, row counts and first rows', async () => {
    described = await ok(socket, ClientEvents.dataDescribe, { attemptId: attempt.id });
    expect(described.datasets.map((d) => [d.id, d.title, d.tables.map((x) => [x.name, x.kind, x.rowCount])])).toEqual([
      [
        'orders',
        'Shop orders',
        [
          ['customers', 'table', 3],
          ['orders', 'table', 25],
          ['big_orders', 'view', 2],
        ],
      ],
    ]);
    const orders = described.datasets[0]!.tables[1]!;
    expect(orders.columns).toEqual([
      { name: 'order_no', type: 'TEXT' },
      { name: 'customer_id', type: 'INTEGER' },
      { name: 'amount', type: 'REAL' },
      { name: 'note', type: 'TEXT' },
    ]);
    expect(orders.rows).toHaveLength(20);
    expect(orders.rows[0]).toEqual(['A-001', 1, 10.5, null]);
  });

  it('never names a table that is not listed, anywhere', async () => {
    const everything = JSON.stringify([
      described,
      await query('SELECT type, name, tbl_name, sql FROM sqlite_schema'),
      await query('SELECT * FROM sqlite_sequence'),
      await query('SELECT * FROM sqlite_temp_schema'),
    ]);
    for (const name of HIDDEN_NAMES) expect(everything.toLowerCase()).not.toContain(name);
    const hidden = await query('SELECT * FROM secret_margins');
    const nowhere = await query('SELECT * FROM no_such_thing');
    expect([hidden.error, nowhere.error]).toEqual(['SQL error: no such table: secret_margins', 'SQL error: no such table: no_such_thing']);
  });

  it('answers a query as a table', async () => {
    const out = await query('SELECT c.name, count(*) AS orders, round(sum(o.amount), 2) AS total FROM orders o JOIN customers c USING (customer_id) GROUP BY c.name ORDER BY c.name');
    expect(out).toMatchObject({ columns: ['name', 'orders', 'total'], truncated: false, error: null, maxRows: 500 });
    expect(out.rows).toEqual([
      ['Ada', 9, expect.any(Number)],
      ['Bo', 8, expect.any(Number)],
      ['Cai', 8, expect.any(Number)],
    ]);
  });

  it('runs read-only queries only', async () => {
    const refused = async (sql: string) => (await query(sql)).error;
    expect(await refused('DELETE FROM orders')).toMatch(/The data explorer runs queries only \(SELECT or WITH\); it starts with DELETE/);
    expect(await refused("WITH x AS (SELECT 1) INSERT INTO orders (order_no) SELECT 'Z'")).toMatch(/read-only/);
    expect(await refused('WITH x AS (SELECT 1) DELETE FROM orders')).toMatch(/read-only/);
    expect(await refused('SELECT 1; DROP TABLE orders')).toMatch(/exactly one statement/);
    expect(await refused('PRAGMA query_only = OFF')).toMatch(/PRAGMA is not allowed/);
    expect(await refused("ATTACH DATABASE '/tmp/x.db' AS x")).toMatch(/ATTACH is not allowed/);
    expect(await refused("SELECT load_extension('x')")).toMatch(/load_extension is not allowed/i);
    expect((await query('SELECT count(*) AS n FROM orders')).rows).toEqual([[25]]);
  });

  it('holds the row, time and memory caps', async () => {
    const endless = await query('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n');
    expect(endless).toMatchObject({ truncated: true, error: null });
    expect(endless.rows).toHaveLength(500);
    const slow = await query('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n');
    expect(slow.error).toBe('Stopped: the SQL ran longer than the time limit of 2000 ms.');
    // 100 MB in one value, past the explorer's 64 MB.
    const greedy = await query('SELECT length(randomblob(100000000)) AS n');
    expect(greedy.error).toMatch(/Stopped: the SQL needed more memory than allowed|Stopped: a value grew larger than allowed/);
    const wide = await query("SELECT printf('%.*c', 5000, 'x') AS long_text");
    expect(String(wide.rows[0]?.[0])).toHaveLength(501);
    expect((await query('SELECT 1 AS one')).rows).toEqual([[1]]);
  });

  it('refuses data that is not (yet) the student’s: a locked task’s, or an unknown id', async () => {
    for (const dataset of ['returns', 'nothing']) {
      expect(await emit(socket, ClientEvents.dataQuery, { attemptId: attempt.id, dataset, sql: 'SELECT 1' })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    }
  });

  it('shows a locked task’s data once the event that unlocks it has arrived', async () => {
    now += 11 * 60_000;
    await sweep(t.deps);
    const view = (await student.agent.get(`/api/attempts/${attempt.id}`)).body.attempt as AttemptView;
    expect(view.tools!.data).toEqual([
      { id: 'orders', title: 'Shop orders' },
      { id: 'returns', title: 'Returns' },
    ]);
    const datasets = (await ok<{ datasets: DatasetView[] }>(socket, ClientEvents.dataDescribe, { attemptId: attempt.id })).datasets;
    expect(datasets[1]!.tables.map((x) => [x.name, x.rowCount])).toEqual([
      ['orders', 27],
      ['returns', 2],
    ]);
    expect((await query('SELECT count(*) FROM returns', 'returns')).rows).toEqual([[2]]);
  });

  it('is closed with the attempt', async () => {
    await student.agent.post(`/api/attempts/${attempt.id}/submission`).expect(200);
    for (const [event, payload] of [
      [ClientEvents.codeRun, { attemptId: attempt.id, source: 'console.log(1)' }],
      [ClientEvents.dataDescribe, { attemptId: attempt.id }],
      [ClientEvents.dataQuery, { attemptId: attempt.id, dataset: 'orders', sql: 'SELECT 1' }],
    ] as const) {
      expect(await emit(socket, event, payload)).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'submitted' } } });
    }
  });
});

describe('in an author’s preview', () => {
  it('runs code and explores data as a student would', async () => {
    await importFramework(t.db, clock());
    const works = await buildOrg(t.db, { kind: 'enterprise' });
    await t.db('scenarios').update({ owner_org_id: works.id });
    const versionId = (await t.db('scenario_versions').first('id')).id;
    const author = await t.signIn(await buildUser(t.db, { org: works, roles: ['author'] }));
    const draft = await author.agent.post('/api/authoring/drafts').send({ enterpriseId: works.id, fromVersionId: versionId }).expect(201);
    const { previewId } = (await author.agent.post(`/api/authoring/drafts/${draft.body.draft.id}/preview`).expect(201)).body;
    const a = await connected(openSocket(t.url, { cookie: author.cookie }));
    const view = await ok<AttemptView>(a, ClientEvents.previewJoin, { previewId });
    expect(view.tools).toEqual({ run: { language: 'ts' }, data: [{ id: 'orders', title: 'Shop orders' }] });

    expect(await ok<RunResultView>(a, ClientEvents.previewCodeRun, { previewId, source: "import { quote } from './src/quote'; console.log(quote(3));" })).toMatchObject({ status: 'ok', output: '31\n' });
    const described = await ok<{ datasets: DatasetView[] }>(a, ClientEvents.previewDataDescribe, { previewId });
    expect(described.datasets[0]!.tables.map((x) => x.name)).toEqual(['customers', 'orders', 'big_orders']);
    expect((await ok<DataQueryView>(a, ClientEvents.previewDataQuery, { previewId, dataset: 'orders', sql: 'SELECT count(*) FROM customers' })).rows).toEqual([[3]]);

    const otherAuthor = await t.signIn(await buildUser(t.db, { org: works, roles: ['author'] }));
    const b = await connected(openSocket(t.url, { cookie: otherAuthor.cookie }));
    expect(await emit(b, ClientEvents.previewCodeRun, { previewId, source: '1' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    a.close();
    b.close();
  });
});
