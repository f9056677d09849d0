import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientEvents } from '../../server/contract/realtime';
import { hasMessage, render, type MessageKey } from '../../server/messages';
import en from '../../server/messages/locales/en.json' with { type: 'json' };
import zhCN from '../../server/messages/locales/zh-CN.json' with { type: 'json' };
import { getTestServer, type TestServer } from '../helpers/app';
import { buildOrg, buildUser } from '../helpers/factories';
import { connected, openSocket } from '../helpers/socket';
import { placeholders } from '../helpers/messages';

/**
 * Every error the server sends names its message: a stable key and parameters the client renders
 * in the reader's language, beside the English `message`. Over HTTP and over socket acks alike.
 */

let t: TestServer;
beforeAll(async () => {
  t = await getTestServer();
});
afterAll(() => t.close());

type Body = { code: string; key: string; params?: Record<string, string | number>; message: string; details?: { field: string; message: string; key: string; params?: Record<string, string | number> }[] };

function lookup(catalog: unknown, key: string): string {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalog) as string;
}

/**
 * The key is in both catalogs with the same placeholders, its parameters fill them, and its
 * English is the message (`exact`: a field's detail may keep a schema's own English wording).
 */
function expectKeyed(error: { key?: string; params?: Record<string, string | number>; message: string }, exact = true) {
  expect(error.key, JSON.stringify(error)).toEqual(expect.any(String));
  const key = error.key!;
  expect(hasMessage(key, 'en'), `${key} in en.json`).toBe(true);
  expect(hasMessage(key, 'zh-CN'), `${key} in zh-CN.json`).toBe(true);
  const names = placeholders(lookup(en, key), 'en');
  expect(placeholders(lookup(zhCN, key), 'zh-CN')).toEqual(names);
  expect(Object.keys(error.params ?? {}).sort()).toEqual(names);
  if (exact) expect(render({ key: key as MessageKey, params: error.params })).toBe(error.message);
  expect(render({ key: key as MessageKey, params: error.params }, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
}

describe('error messages carry a key and parameters', () => {
  it('a wrong password', async () => {
    const user = await buildUser(t.db, { roles: ['student'] });
    const res = await t.agent().post('/api/session').send({ email: user.email, password: 'not the password at all' });
    expect(res.status).toBe(401);
    const error = res.body.error as Body;
    expect(error).toMatchObject({ code: 'invalid_credentials', key: 'http.invalidCredentials', message: 'Email or password is incorrect.' });
    expectKeyed(error);
  });

  it('a bad field, with a key for each field too', async () => {
    const res = await t.agent().post('/api/session').send({ email: 'not an email', password: '' });
    expect(res.status).toBe(400);
    const error = res.body.error as Body;
    expect(error).toMatchObject({ code: 'validation_failed', key: 'http.invalidFields', params: { field: 'body.email', more: 1 } });
    expectKeyed(error);
    expect(error.details).toHaveLength(2);
    for (const detail of error.details!) expectKeyed(detail);
    expect(error.details!.map((d) => d.key)).toEqual(['field.email', 'field.required']);
  });

  it('a not-found', async () => {
    const { agent } = await t.signIn(['admin']);
    const res = await agent.get(`/api/users/${randomUUID()}`);
    expect(res.status).toBe(404);
    const error = res.body.error as Body;
    expect(error).toMatchObject({ code: 'not_found', key: 'notFound.user', message: 'User not found.' });
    expectKeyed(error);
  });

  it('a conflict, with its field', async () => {
    const { agent } = await t.signIn(['operator']);
    await buildOrg(t.db, { slug: 'keyed-slug' });
    const res = await agent.post('/api/orgs').send({ name: 'Another', slug: 'keyed-slug', kind: 'enterprise' });
    expect(res.status).toBe(409);
    const error = res.body.error as Body;
    expect(error).toMatchObject({ code: 'conflict', key: 'orgs.slugTaken', params: { slug: 'keyed-slug' }, message: 'An organisation with slug "keyed-slug" already exists.' });
    expectKeyed(error);
    expect(error.details).toEqual([{ field: 'body.slug', message: 'is taken', key: 'field.taken' }]);
  });

  it('a schema’s own reason (a refine) by its catalog key', async () => {
    const { agent } = await t.signIn(['admin']);
    const org = await buildOrg(t.db, { kind: 'enterprise' });
    const res = await agent.post('/api/users').send({
      email: 'lead@example.test',
      name: 'Lead',
      password: 'a long enough password',
      memberships: [{ orgId: org.id, role: 'author', lead: true }],
    });
    expect(res.status).toBe(400);
    const error = res.body.error as Body;
    expect(error.details).toEqual([expect.objectContaining({ key: 'field.leadNeedsReviewer', message: 'only a reviewer can be a lead reviewer' })]);
    expectKeyed(error);
  });

  it('a socket ack error', async () => {
    const { cookie } = await t.signIn(['student']);
    const socket = await connected(openSocket(t.url, { cookie }));
    try {
      const reply = await socket.timeout(5000).emitWithAck(ClientEvents.attemptJoin, { attemptId: randomUUID() });
      expect(reply).toMatchObject({ ok: false, error: { code: 'not_found', key: 'notFound.attempt', message: 'Attempt not found.' } });
      expectKeyed(reply.error);
      const bad = await socket.timeout(5000).emitWithAck(ClientEvents.attemptJoin, { attemptId: 'not-an-id' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'validation_failed', key: 'http.invalidField' } });
      expectKeyed(bad.error);
      expect(bad.error.details[0]).toMatchObject({ field: 'payload.attemptId', key: 'field.uuid' });
      expectKeyed(bad.error.details[0], false);
    } finally {
      socket.close();
    }
  });
});
