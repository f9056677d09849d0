import { RateLimiterMemory } from 'rate-limiter-flexible';
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

const inWords = (seconds: number) => (seconds < 120 ? `${seconds} s` : seconds < 7_200 ? `${Math.ceil(seconds / 60)} minutes` : `${Math.ceil(seconds / 3_600)} hours`);

/** Takes one comment of the user's budgets (the minute's first, so a flood never touches the day's), or refuses with 429. */
export async function consumeComment(limiter: CommentLimiter, userId: string): Promise<void> {
  await consumeOrRefuse(
    limiter.perMinute,
    userId,
    (wait) => `You are posting comments faster than the server accepts (${COMMENT_LIMITS.perMinute} a minute). Your comment was not posted and is still in the box; post it in ${inWords(wait)}.`,
  );
  await consumeOrRefuse(
    limiter.perDay,
    userId,
    (wait) => `You have posted ${COMMENT_LIMITS.perDay} comments today, the most one account may post in a day. Your comment was not posted and is still in the box; post it in ${inWords(wait)}.`,
  );
}
