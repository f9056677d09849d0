import type { RateLimiterMemory } from 'rate-limiter-flexible';
import { errors } from './errors';

/**
 * Takes one point of `key`'s budget, or refuses with a 429 whose message (built from the
 * seconds to wait) tells the caller what happens to their work meanwhile.
 */
export async function consumeOrRefuse(limiter: RateLimiterMemory, key: string, message: (waitSeconds: number) => string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (res) {
    const wait = Math.ceil(((res as { msBeforeNext?: number }).msBeforeNext ?? 1000) / 1000);
    throw errors.rateLimited(wait, message(wait));
  }
}

export const tooManySaves = (wait: number) => `You are saving faster than the server accepts (30 saves in 10 s). Your edits are kept; they will be saved in ${wait} s.`;
export const tooManyCheckRuns = (wait: number) => `Checks can run 10 times a minute. Try again in ${wait} s.`;
