import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGradingQueue, type GradingQueue } from '../../server/scale/gradingQueue';
import { connectRedis } from '../../server/scale/redis';

/**
 * Redis unreachable: a submit or a check run must get an answer (a failure the caller can act
 * on) within seconds, never hang. Needs no Redis: it talks to a port where nothing listens.
 */
let queue: GradingQueue;
let url: string;

beforeAll(async () => {
  // A port that was free a moment ago: connections to it are refused.
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  url = `redis://127.0.0.1:${port}`;
  queue = createGradingQueue(connectRedis(url, 'test-queue', 'request'), connectRedis(url, 'test-events'));
});

afterAll(async () => {
  await queue.close().catch(() => undefined);
});

describe('the grading queue while Redis is down', () => {
  it('refuses to queue a submission within seconds instead of waiting forever', async () => {
    const started = Date.now();
    await expect(queue.enqueue('00000000-0000-4000-8000-000000000001')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 20_000);

  it('answers a check run with a message that says the work is saved', async () => {
    await expect(queue.runVisible('00000000-0000-4000-8000-000000000001', 'u')).rejects.toThrow(/Your work is saved/);
  }, 20_000);
});
