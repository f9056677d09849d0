import { RateLimiterMemory } from 'rate-limiter-flexible';
import { errors } from './errors';
import { msg, type Msg } from '../messages';

/**
 * Takes one point of `key`'s budget, or refuses with a 429 whose message (built from the
 * seconds to wait) tells the caller what happens to their work meanwhile.
 */
export async function consumeOrRefuse(limiter: RateLimiterMemory, key: string, message: (waitSeconds: number) => Msg): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (res) {
    const wait = Math.ceil(((res as { msBeforeNext?: number }).msBeforeNext ?? 1000) / 1000);
    throw errors.rateLimited(wait, message(wait));
  }
}

export const tooManySaves = (wait: number) => msg('rateLimit.saves', { wait });
export const tooManyCheckRuns = (wait: number) => msg('rateLimit.checkRuns', { wait });

/**
 * Comments per user (thread comments on reports and scenario versions). A person writing real
 * comments takes half a minute or more over each and writes a few dozen on a busy day; a
 * script posts hundreds a second. Ten a minute stops a flood at the eleventh; two hundred a day
 * bounds what one account can store (200 × 5,000 characters, about 3 MB at most).
 */
export const COMMENT_LIMITS = { perMinute: 10, perDay: 200 };

export type CommentLimiter = { perMinute: RateLimiterMemory; perDay: RateLimiterMemory };

export const createCommentLimiter = (): CommentLimiter => ({
  perMinute: new RateLimiterMemory({ points: COMMENT_LIMITS.perMinute, duration: 60, keyPrefix: 'comment-minute' }),
  perDay: new RateLimiterMemory({ points: COMMENT_LIMITS.perDay, duration: 86_400, keyPrefix: 'comment-day' }),
});

/** How long to wait, as the `unit` and `amount` of a message: seconds under two minutes, then minutes, then hours. */
const inWords = (seconds: number) =>
  seconds < 120 ? { unit: 'seconds', amount: seconds } : seconds < 7_200 ? { unit: 'minutes', amount: Math.ceil(seconds / 60) } : { unit: 'hours', amount: Math.ceil(seconds / 3_600) };

/** Takes one comment of the user's budgets (the minute's first, so a flood never touches the day's), or refuses with 429. */
export async function consumeComment(limiter: CommentLimiter, userId: string): Promise<void> {
  await consumeOrRefuse(
    limiter.perMinute,
    userId,
    (wait) => msg('rateLimit.commentsPerMinute', { limit: COMMENT_LIMITS.perMinute, ...inWords(wait) }),
  );
  await consumeOrRefuse(
    limiter.perDay,
    userId,
    (wait) => msg('rateLimit.commentsPerDay', { limit: COMMENT_LIMITS.perDay, ...inWords(wait) }),
  );
}
