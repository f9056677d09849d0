import fc from 'fast-check';
import { PacketType } from 'socket.io-parser';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../server/app';
import type { Access, AccessRole } from '../../server/http/policy';
import { routeKey, type AnyRoute } from '../../server/http/routes';
import { allSocketEvents } from '../../server/realtime/events';
import { refusal } from '../../server/realtime/frames';
import { getTestServer, type TestServer } from '../helpers/app';
import { connected, openSocket } from '../helpers/socket';
import { encodeAny, hostileString, inputFor, paramArbitrary, queryArbitrary } from './arbitraries';
import { buildFuzzWorld, CALLERS, type Caller, type FuzzWorld } from './world';

/**
 * Every route and every socket event, as every kind of caller, with random and hostile input:
 * the server answers each with a 4xx (or success), never a 5xx or an `internal` ack, and still
 * answers /api/health after each batch. FUZZ_RUNS raises the cases per route × caller
 * (default 3: about 1,400 requests and 450 socket events); a failure prints fast-check's seed and the input.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 3);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/** Routes whose fuzzed calls may sign the world's people out, disable them or take their roles. */
const ACCOUNT_CHANGES = new Set(['DELETE /api/session', 'PATCH /api/users/:id', 'POST /api/users/:id/memberships', 'DELETE /api/users/:id/memberships/:membershipId']);
const ROLES = CALLERS.filter((c): c is AccessRole => c !== 'anonymous');

let t: TestServer;
let world: FuzzWorld;
const sockets = new Map<AccessRole, Socket>();

beforeAll(async () => {
  t = await getTestServer();
  world = await buildFuzzWorld(t);
});
afterAll(async () => {
  for (const s of sockets.values()) s.close();
  await t?.close();
});

const clip = (v: unknown) => {
  let s: string | undefined;
  try {
    s = typeof v === 'string' ? v : JSON.stringify(v);
  } catch {
    s = String((v as { [fc.toStringMethod]?: () => string })?.[fc.toStringMethod]?.() ?? '<too deep to print>');
  }
  return s === undefined ? 'undefined' : s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s;
};

/** Every kind of caller; those the route admits more often, so most cases get past authorization. */
function callerFor(rule: Access): fc.Arbitrary<Caller> {
  const admitted = CALLERS.filter((c) => rule.kind === 'public' || (c !== 'anonymous' && (rule.kind === 'authenticated' || rule.roles.includes(c))));
  return fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...CALLERS) }, { weight: 3, arbitrary: fc.constantFrom(...admitted) });
}

async function expectAlive(after: string): Promise<void> {
  const res = await t.agent().get('/api/health');
  expect(res.status, `/api/health after ${after}`).toBe(200);
}

describe('every route, fuzzed as every caller', () => {
  const routes = () => allRoutes(t.deps);

  it('covers the routes', () => {
    expect(routes().length).toBeGreaterThan(50);
  });

  it('never answers 5xx', { timeout: 600_000 }, async () => {
    for (const def of routes()) {
      const key = routeKey(def);
      try {
        await fc.assert(fc.asyncProperty(requestFor(def), (r) => sendAndCheck(def, r)), { numRuns: RUNS * CALLERS.length, seed: SEED, endOnFailure: true });
      } finally {
        // A fuzzed sign-out, disabled account or removed role: the callers are put back for what follows.
        if (ACCOUNT_CHANGES.has(key)) await world.restore();
      }
      await expectAlive(key);
    }
  });
});

type FuzzedRequest = { caller: Caller; params: string[]; query: string; body: unknown; cookie: string | undefined };

function requestFor(def: AnyRoute): fc.Arbitrary<FuzzedRequest> {
  const params = [...def.path.matchAll(/:[a-zA-Z]+/g)].map(() => paramArbitrary(world.ids));
  return fc.record({
    caller: callerFor(def.access),
    params: fc.tuple(...params),
    query: def.query || def.method === 'get' ? queryArbitrary(def.query, world.ids) : fc.constant(''),
    body: def.method === 'get' ? fc.constant(undefined) : fc.option(inputFor(def.body, world.ids, 2_000), { nil: undefined, freq: 8 }),
    // Only anonymous callers send it (a signed-in agent keeps its own cookie).
    cookie: fc.option(hostileString.map((s) => encodeAny(s.slice(0, 1_000))), { nil: undefined }),
  });
}

async function sendAndCheck(def: AnyRoute, { caller, params, query, body, cookie }: FuzzedRequest): Promise<void> {
  let i = 0;
  const url = def.path.replace(/:[a-zA-Z]+/g, () => params[i++]!) + (query ? `?${query}` : '');
  let req = world.agents[caller][def.method](url);
  if (caller === 'anonymous' && cookie) req = req.set('Cookie', `practicum_session=${cookie}`);
  if (body !== undefined) req = req.set('Content-Type', 'application/json').send(JSON.stringify(body));
  const res = await req;
  const what = `${routeKey(def)} as ${caller}: ${def.method.toUpperCase()} ${clip(url)} body ${clip(body)} → ${res.status} ${clip(res.body)}`;
  expect(res.status, what).toBeLessThan(500);
  expect(res.body?.error?.code, what).not.toBe('internal');
}

/** Whether the guard in front of socket.io refuses these arguments (the sender is then disconnected). */
function refusedFrame(event: string, args: unknown[]): boolean {
  if (args.some((a) => a instanceof Uint8Array)) return true;
  return refusal({ type: PacketType.EVENT, nsp: '/', data: JSON.parse(JSON.stringify([event, ...args])) }) !== null;
}

async function socketOf(role: AccessRole): Promise<Socket> {
  const current = sockets.get(role);
  if (current?.connected) return current;
  current?.close();
  const socket = await connected(openSocket(t.url, { cookie: world.cookies[role] }));
  sockets.set(role, socket);
  return socket;
}

describe('every socket event, fuzzed as every role', () => {
  it('never acks `internal`; a refused frame costs only its sender the connection', { timeout: 600_000 }, async () => {
    for (const def of allSocketEvents(t.deps)) {
      const payload = inputFor(def.payload, world.ids, 1_000);
      const args = fc.oneof(
        { weight: 6, arbitrary: payload.map((p) => [p]) },
        { weight: 1, arbitrary: fc.array(payload, { maxLength: 5 }) },
        { weight: 1, arbitrary: fc.constant<unknown[]>([new Uint8Array([1, 2, 3])]) },
      );
      await fc.assert(
        fc.asyncProperty(callerFor(def.access).filter((c): c is AccessRole => c !== 'anonymous'), args, async (role, list) => {
          const socket = await socketOf(role);
          const what = `${def.event} as ${role} with ${clip(list)}`;
          if (refusedFrame(def.event, list)) {
            const gone = new Promise((resolve) => socket.once('disconnect', resolve));
            socket.emit(def.event, ...list);
            expect(await gone, what).toBe('transport close');
            return;
          }
          const reply = await socket.timeout(30_000).emitWithAck(def.event, ...list);
          expect(reply.ok === true || typeof reply.error?.code === 'string', `${what}: ${clip(reply)}`).toBe(true);
          expect(reply.ok || reply.error.code, `${what}: ${clip(reply)}`).not.toBe('internal');
          expect(socket.connected, what).toBe(true);
        }),
        { numRuns: RUNS * 2 * ROLES.length, seed: SEED, endOnFailure: true },
      );
      await expectAlive(def.event);
    }
  });

  it('refuses an anonymous handshake with any cookie and auth payload, cleanly', { timeout: 120_000 }, async () => {
    const input = fc.record({
      // Under Node's 16 KB header limit, past which the answer is a 431 before any of our code runs.
      cookie: hostileString.map((s) => encodeAny(s.slice(0, 1_000)).slice(0, 8_000)),
      // Within the frame guard, which would otherwise close the connection first.
      auth: inputFor(undefined, world.ids, 10).filter((a) => refusal({ type: PacketType.CONNECT, nsp: '/', data: a }) === null),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ cookie, auth }) => {
        const socket = openSocket(t.url, { cookie: `practicum_session=${cookie}` });
        (socket as unknown as { auth: unknown }).auth = auth !== null && typeof auth === 'object' && !Array.isArray(auth) ? auth : { value: auth };
        const err = await connected(socket).then(
          () => null,
          (e: Error) => e,
        );
        socket.close();
        expect(err?.message, `cookie ${clip(cookie)} auth ${clip(auth)}`).toBe('unauthenticated');
      }),
      { numRuns: RUNS * 5, seed: SEED, endOnFailure: true },
    );
    await expectAlive('anonymous handshakes');
  });
});
