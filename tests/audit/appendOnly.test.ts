import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../server/app';
import { recordAudit } from '../../server/audit/record';
import { pseudonymiseAuditActor } from '../../server/audit/pseudonymise';
import { getTestServer, type TestServer } from '../helpers/app';
import { clockStart } from '../helpers/clock';

/**
 * Entries cannot be edited or deleted: no route does it, and the database refuses it (a
 * trigger on both dialects), except the one narrow change an erasure needs: an erased
 * person's label becomes a pseudonym and their address goes.
 */

let t: TestServer;
const now = new Date(clockStart());
const person = { id: 'person-1', email: 'li.na@school.test' };

beforeAll(async () => {
  t = await getTestServer();
  await recordAudit(t.db, { actor: person, orgId: 'org-1', action: 'password.changed', target: { kind: 'user', id: person.id }, ip: '10.1.2.3', detail: { sessionsEnded: 2 } }, now);
  await recordAudit(t.db, { actor: null, actorLabel: person.email, orgId: null, action: 'session.signInFailed', ip: '10.1.2.4' }, now);
  await recordAudit(t.db, { actor: { id: 'someone-else', email: 'other@school.test' }, orgId: 'org-1', action: 'user.disabled', target: { kind: 'user', id: person.id }, ip: '10.9.9.9' }, now);
});
afterAll(() => t.close());

const rows = () => t.db('audit_log').orderBy('action').select('*');

describe('the audit log is append-only', () => {
  it('has no route that changes or removes an entry', () => {
    const writes = allRoutes(t.deps).filter((r) => r.path.startsWith('/api/audit') && r.method !== 'get');
    expect(writes).toEqual([]);
  });

  it('refuses to delete an entry, in the database', async () => {
    await expect(t.db('audit_log').where({ action: 'password.changed' }).delete()).rejects.toThrow(/append-only/);
    await expect(t.db('audit_log').delete()).rejects.toThrow(/append-only/);
    // PostgreSQL's TRUNCATE fires no row trigger: a statement trigger refuses it (SQLite has no TRUNCATE).
    if (t.db.dialect === 'postgres') await expect(t.db.raw('truncate audit_log')).rejects.toThrow(/append-only/);
    expect(await rows()).toHaveLength(3);
  });

  it('refuses to change what happened, when, to what or by whom', async () => {
    const before = await rows();
    for (const change of [{ action: 'user.enabled' }, { detail: null }, { org_id: 'org-2' }, { at: new Date(0) }, { actor_id: 'nobody' }, { target_id: 'x' }]) {
      await expect(t.db('audit_log').where({ action: 'password.changed' }).update(change), JSON.stringify(change)).rejects.toThrow(/append-only/);
    }
    // Even together with a pseudonym, and a pseudonym that keeps the address, or a label that is no pseudonym.
    await expect(t.db('audit_log').update({ actor_label: 'erased:x', ip: null, action: 'user.enabled' })).rejects.toThrow(/append-only/);
    await expect(t.db('audit_log').update({ actor_label: 'erased:x', ip: '1.1.1.1' })).rejects.toThrow(/append-only/);
    await expect(t.db('audit_log').update({ actor_label: 'Someone Else', ip: null })).rejects.toThrow(/append-only/);
    await expect(t.db('audit_log').update({ actor_label: 'ERASED:x', ip: null })).rejects.toThrow(/append-only/);
    expect(await rows()).toEqual(before);
  });

  it('lets an erasure pseudonymise the person’s label and drop their address, nothing else', async () => {
    const changed = await pseudonymiseAuditActor(t.db, person.id, 'erased:7f3a', [person.email]);
    expect(changed).toBe(2);
    const after = await rows();
    expect(after.map((r) => [r.action, r.actor_id, r.actor_label, r.ip])).toEqual([
      ['password.changed', person.id, 'erased:7f3a', null],
      ['session.signInFailed', null, 'erased:7f3a', null],
      // Another person's entry about them is theirs, and stays as it was.
      ['user.disabled', 'someone-else', 'other@school.test', '10.9.9.9'],
    ]);
    expect(JSON.parse(after[0].detail)).toEqual({ sessionsEnded: 2 });
    // A pseudonym given without the prefix gets it, so the trigger's narrow rule holds.
    expect(await pseudonymiseAuditActor(t.db, 'someone-else', 'former reviewer')).toBe(1);
    expect((await t.db('audit_log').where({ actor_id: 'someone-else' }).first('actor_label')).actor_label).toBe('erased:former reviewer');
  });
});
