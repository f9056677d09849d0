import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftView } from '../../server/contract/authoring';
import { ClientEvents, type Ack } from '../../server/contract/realtime';
import type { AuditAction } from '../../server/contract/audit';
import { getTestServer, type TestServer } from '../helpers/app';
import { connected, openSocket } from '../helpers/socket';
import { buildTenants, type Person, type Tenant } from '../helpers/tenants';

/**
 * Every existing administrative action leaves exactly one entry per organisation whose admins
 * must read it, written in the change's own transaction (a refused change leaves none), with
 * the request's address. The two tenants are built through the API, so their creation is
 * itself recorded; the rest is done here.
 */

let t: TestServer;
let A: Tenant;
let B: Tenant;
let operator: Person;

beforeAll(async () => {
  t = await getTestServer();
  ({ A, B, operator } = await buildTenants(t));
}, 240_000);
afterAll(() => t.close());

type Row = { org_id: string | null; actor_id: string | null; action: string; target_kind: string | null; target_id: string | null; ip: string | null; detail: string | null };
const entries = (action: AuditAction, targetId: string): Promise<Row[]> => t.db('audit_log').where({ action, target_id: targetId }).orderBy('at').orderBy('org_id').select('*');
const orgsOf = (rows: Row[]) => rows.map((r) => r.org_id).sort();
const detailOf = (row: Row) => JSON.parse(row.detail!) as Record<string, unknown>;

describe('recorded while the tenants were built', () => {
  it('organisation created: one entry, in the new organisation, by the operator, from the request’s address', async () => {
    const [row, ...more] = await entries('organisation.created', A.ids.schoolId);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ org_id: A.ids.schoolId, actor_id: operator.user.id, target_kind: 'organisation' });
    expect(row!.ip).toMatch(/127\.0\.0\.1$/);
    expect(detailOf(row!)).toMatchObject({ kind: 'school', name: 'School A' });
  });

  it('user created: one entry in the organisation the user joined, naming only its roles', async () => {
    const rows = await entries('user.created', A.ids.users.student);
    expect(rows.map((r) => [r.org_id, r.actor_id])).toEqual([[A.ids.schoolId, A.people.schoolAdmin.user.id]]);
    expect(detailOf(rows[0]!)).toEqual({ roles: ['student'] });
  });

  it('partnership proposed and accepted: each change once on both sides', async () => {
    const rows = await entries('partnership.changed', A.ids.partnershipId);
    expect(orgsOf(rows)).toEqual([A.ids.enterpriseId, A.ids.enterpriseId, A.ids.schoolId, A.ids.schoolId].sort());
    const after = rows.map((r) => (detailOf(r).after as { status: string }).status).sort();
    expect(after).toEqual(['active', 'active', 'proposed', 'proposed']);
  });

  it('framework imported: one entry in the owning organisation', async () => {
    const rows = await entries('framework.imported', A.ids.frameworkId);
    expect(rows.map((r) => [r.org_id, r.actor_id])).toEqual([[A.ids.schoolId, A.people.schoolAdmin.user.id]]);
    expect(detailOf(rows[0]!)).toMatchObject({ identifier: A.ids.names.frameworkIdentifier, replaced: false });
  });
});

describe('recorded as it happens', () => {
  it('disabling and enabling a user: one entry each, with before and after; a repeat changes nothing and records nothing', async () => {
    const admin = A.people.schoolAdmin.agent;
    const url = `/api/users/${A.ids.users.teacher}`;
    expect((await admin.patch(url).send({ disabled: true })).status).toBe(200);
    expect((await admin.patch(url).send({ disabled: true })).status).toBe(200);
    expect((await admin.patch(url).send({ disabled: false })).status).toBe(200);
    const disabled = await entries('user.disabled', A.ids.users.teacher);
    expect(disabled.map((r) => r.org_id)).toEqual([A.ids.schoolId]);
    expect(detailOf(disabled[0]!)).toEqual({ before: { disabled: false }, after: { disabled: true }, roles: ['teacher'] });
    expect((await entries('user.enabled', A.ids.users.teacher)).map((r) => r.org_id)).toEqual([A.ids.schoolId]);
  });

  it('granting and removing a role: one entry each in that organisation; a refused removal records nothing', async () => {
    const admin = A.people.schoolAdmin.agent;
    const granted = await admin.post(`/api/users/${A.ids.users.student}/memberships`).send({ orgId: A.ids.schoolId, role: 'teacher' });
    expect(granted.status).toBe(201);
    const membership = (granted.body.user.memberships as { id: string; role: string }[]).find((m) => m.role === 'teacher')!;
    expect((await admin.delete(`/api/users/${A.ids.users.student}/memberships/${membership.id}`)).status).toBe(200);
    const grants = await entries('membership.granted', A.ids.users.student);
    expect(grants.map((r) => [r.org_id, r.actor_id])).toEqual([[A.ids.schoolId, A.people.schoolAdmin.user.id]]);
    expect(detailOf(grants[0]!)).toEqual({ role: 'teacher', lead: false });
    expect((await entries('membership.removed', A.ids.users.student)).map((r) => r.org_id)).toEqual([A.ids.schoolId]);
    // The school's last admin cannot take their own role away: the refused change leaves no entry.
    const last = await admin.delete(`/api/users/${A.ids.users.schoolAdmin}/memberships/${A.ids.memberships.schoolAdmin}`);
    expect(last.status).toBe(409);
    expect(await entries('membership.removed', A.ids.users.schoolAdmin)).toEqual([]);
  });

  it('sharing solutions with the partner school: one entry on each side, with before and after', async () => {
    const res = await A.people.enterpriseAdmin.agent.put(`/api/partnerships/${A.ids.partnershipId}/sharing`).send({ sharesSolutions: true });
    expect(res.status).toBe(200);
    const rows = await entries('solution.shared', A.ids.partnershipId);
    expect(orgsOf(rows)).toEqual([A.ids.enterpriseId, A.ids.schoolId].sort());
    expect(detailOf(rows[0]!)).toEqual({ before: { sharesSolutions: false }, after: { sharesSolutions: true } });
  });

  it('a regrade decision: one entry for the enterprise and one for the student’s school, naming no student', async () => {
    const res = await A.people.reviewer.agent.post(`/api/regrade-requests/${A.ids.regradeId}/decision`).send({ decision: 'accept', level: 2, reply: 'The note does name the cause.' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const rows = await entries('regrade.decided', A.ids.regradeId);
    expect(orgsOf(rows)).toEqual([A.ids.enterpriseId, A.ids.schoolId].sort());
    expect(detailOf(rows[0]!)).toMatchObject({ decision: 'accept', criterion: 'explains', before: { score: 5 }, after: { score: 10 } });
    expect(rows[0]!.detail).not.toContain(A.ids.users.student);
  });

  it('publishing a scenario version: one entry in the owning enterprise', async () => {
    const socket: Socket = await connected(openSocket(t.url, { cookie: A.people.author.cookie }));
    try {
      const ok = async <T>(event: string, payload: unknown): Promise<T> => {
        const ack = (await socket.timeout(120_000).emitWithAck(event, payload)) as Ack<T>;
        if (!ack.ok) throw new Error(`${event}: ${JSON.stringify(ack.error)}`);
        return ack.data;
      };
      const draft: DraftView = (await A.people.author.agent.get(`/api/authoring/drafts/${A.ids.draftId}`)).body.draft;
      await ok(ClientEvents.draftJoin, { draftId: draft.id });
      const brief = draft.files.find((f) => f.path === 'brief.md')!;
      await ok(ClientEvents.draftFileSave, { draftId: draft.id, path: brief.path, baseRevision: brief.revision, content: `${brief.content}\nOne more line.\n` });
      await ok(ClientEvents.draftValidate, { draftId: draft.id });
    } finally {
      socket.disconnect();
    }
    const published = await A.people.author.agent.post(`/api/authoring/drafts/${A.ids.draftId}/publish`).send({ bump: 'minor', changelog: 'A clearer brief' });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const rows = await entries('scenario.published', published.body.versionId);
    expect(rows.map((r) => [r.org_id, r.actor_id])).toEqual([[A.ids.enterpriseId, A.people.author.user.id]]);
    expect(detailOf(rows[0]!)).toMatchObject({ version: published.body.version, changelog: 'A clearer brief', scenarioId: A.ids.scenarioId });
  }, 180_000);

  it('opening a scenario to every school: one entry in the owning enterprise, with before and after', async () => {
    const res = await A.people.author.agent.put(`/api/scenarios/${A.ids.scenarioId}/visibility`).send({ public: true });
    expect(res.status).toBe(200);
    const rows = await entries('scenario.visibilityChanged', A.ids.scenarioId);
    expect(rows.map((r) => [r.org_id, r.actor_id])).toEqual([[A.ids.enterpriseId, A.people.author.user.id]]);
    expect(detailOf(rows[0]!)).toMatchObject({ before: { public: false }, after: { public: true } });
  });

  it('none of it reaches the other tenant’s admins, and A’s admins read it through the API', async () => {
    const theirs = await B.people.schoolAdmin.agent.get('/api/audit').query({ limit: 200 });
    expect(theirs.status).toBe(200);
    const text = JSON.stringify(theirs.body);
    for (const id of [A.ids.schoolId, A.ids.partnershipId, A.ids.users.student, A.ids.regradeId]) expect(text).not.toContain(id);
    const ours = await A.people.schoolAdmin.agent.get('/api/audit').query({ targetId: A.ids.users.student });
    // Signing in is recorded too (with the person as its target); the changes made to them are these.
    const changes = ours.body.entries.map((e: { action: string }) => e.action).filter((a: string) => !a.startsWith('session.'));
    expect(changes.sort()).toEqual(['membership.granted', 'membership.removed', 'user.created']);
  });
});
