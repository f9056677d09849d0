import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Redis } from 'ioredis';
import { errors } from '../http/errors';
import { msg } from '../messages';

/**
 * Sign-in limits after OWASP's Authentication and Credential Stuffing cheat sheets: slow
 * guessing down, never lock an account. Two counters, each of *attempts not followed by the
 * right password*:
 *  - per account and source address: stops guessing one password from one place. The victim,
 *    signing in from anywhere else, never notices.
 *  - per source address, over all accounts: stops spraying many accounts from one place. A
 *    typo followed by the right password is forgiven, so a classroom behind one NAT address
 *    counts only what nobody resolved.
 * Past its free attempts a counter makes the next attempt wait 5, 10, 20, 40, then 60 s, never
 * longer. There is deliberately no per-account limit across addresses: it would let anyone
 * lock anyone out. Guessing spread over many addresses meets argon2id's cost and, later, MFA.
 */
export const LOGIN_LIMITS = {
  /** A person mistyping tries a handful of times; a window of an hour keeps a guesser slow. */
  pair: { free: 5, windowSeconds: 60 * 60 },
  /** A school signs hundreds in at 8:00 from one address; only unresolved failures count. */
  address: { free: 100, windowSeconds: 15 * 60 },
  firstWaitSeconds: 5,
  maxWaitSeconds: 60,
};

type Rule = { free: number; windowMs: number };
type Rules = { pair: Rule; address: Rule; firstWaitMs: number; maxWaitMs: number };

const RULES: Rules = {
  pair: { free: LOGIN_LIMITS.pair.free, windowMs: LOGIN_LIMITS.pair.windowSeconds * 1000 },
  address: { free: LOGIN_LIMITS.address.free, windowMs: LOGIN_LIMITS.address.windowSeconds * 1000 },
  firstWaitMs: LOGIN_LIMITS.firstWaitSeconds * 1000,
  maxWaitMs: LOGIN_LIMITS.maxWaitSeconds * 1000,
};

/** What `begin` hands to `succeeded`: the keys, and the address wait this attempt started. */
export type LoginTicket = { pairKey: string; addressKey: string; addressWaitSet: number };

type Verdict = { waitMs: number; on: 'pair' | 'address' | null; addressWaitSet: number };

/** One counter: attempts in the current window, when the window ends, when the next may come. */
type Counter = { f: number; w: number; n: number };

interface LimitStore {
  begin(pairKey: string, addressKey: string, now: number): Promise<Verdict>;
  succeeded(ticket: LoginTicket): Promise<void>;
}

export class LoginLimiter {
  private readonly store: LimitStore;
  private readonly clock: () => Date;
  private readonly prefix: string;

  /** With `redis` (REDIS_URL) every process sees the same counters; without, this process's own. */
  constructor(opts: { clock?: () => Date; redis?: Redis; keyPrefix?: string } = {}) {
    this.clock = opts.clock ?? (() => new Date());
    this.prefix = opts.keyPrefix ?? 'practicum:login';
    const memory = new MemoryStore(this.clock);
    this.store = opts.redis ? new RedisStore(opts.redis, memory) : memory;
  }

  /**
   * Counts a sign-in attempt before the password is checked (so a burst of parallel guesses is
   * counted as it arrives), or refuses it with 429 and Retry-After while a wait runs. The
   * attempt stays counted as a failure unless `succeeded` follows.
   */
  async begin(email: string, ip: string): Promise<LoginTicket> {
    const source = sourceOf(ip);
    const pairKey = `${this.prefix}:pair:${digest(`${source}\n${email.trim().toLowerCase()}`)}`;
    const addressKey = `${this.prefix}:address:${digest(source)}`;
    const verdict = await this.store.begin(pairKey, addressKey, this.clock().getTime());
    if (verdict.waitMs > 0) {
      // Capped here too: processes sharing Redis may disagree on the time by a little.
      const seconds = Math.ceil(Math.min(verdict.waitMs, RULES.maxWaitMs) / 1000);
      throw errors.rateLimited(seconds, msg('accounts.tooManySignIns', { on: verdict.on === 'pair' ? 'pair' : 'address', seconds }));
    }
    return { pairKey, addressKey, addressWaitSet: verdict.addressWaitSet };
  }

  /** The right password: the pair starts afresh and the address forgives the pair's failures. */
  async succeeded(ticket: LoginTicket): Promise<void> {
    await this.store.succeeded(ticket);
  }
}

/**
 * The source a limit is kept for: an IPv4 address (IPv4-mapped IPv6 unwrapped), or an IPv6
 * address's /64, which one household or one server is routinely given whole.
 */
export function sourceOf(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIPv4(ip) || !isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

/** The wait after the k-th attempt past the free ones (k = 0: the last free attempt). */
const waitAfter = (k: number, r: Rules) => Math.min(r.maxWaitMs, r.firstWaitMs * 2 ** k);

/** One process's counters: the same rules as the Redis script below, line for line. */
class MemoryStore implements LimitStore {
  private readonly counters = new Map<string, Counter>();
  private sinceSweep = 0;

  constructor(private readonly clock: () => Date) {}

  async begin(pairKey: string, addressKey: string, now: number): Promise<Verdict> {
    this.sweep(now);
    const pair = this.live(pairKey, now);
    const address = this.live(addressKey, now);
    if (now < pair.n) return { waitMs: pair.n - now, on: 'pair', addressWaitSet: 0 };
    if (now < address.n) return { waitMs: address.n - now, on: 'address', addressWaitSet: 0 };
    bump(pair, now, RULES.pair);
    const waitSet = bump(address, now, RULES.address);
    this.counters.set(pairKey, pair);
    this.counters.set(addressKey, address);
    return { waitMs: 0, on: null, addressWaitSet: waitSet };
  }

  async succeeded(ticket: LoginTicket): Promise<void> {
    const now = this.clock().getTime();
    const forgiven = this.live(ticket.pairKey, now).f;
    this.counters.delete(ticket.pairKey);
    const address = this.counters.get(ticket.addressKey);
    if (!address) return;
    address.f = Math.max(0, address.f - forgiven);
    // Only failures make others wait: undo the wait this (correct) attempt started.
    if (address.f < RULES.address.free || address.n === ticket.addressWaitSet) address.n = 0;
  }

  private live(key: string, now: number): Counter {
    const c = this.counters.get(key);
    return c && now < Math.max(c.w, c.n) ? { ...c } : { f: 0, w: 0, n: 0 };
  }

  /** Drops finished counters now and then, so spraying addresses cannot grow the map forever. */
  private sweep(now: number): void {
    if (++this.sinceSweep < 1000) return;
    this.sinceSweep = 0;
    for (const [key, c] of this.counters) if (now >= Math.max(c.w, c.n)) this.counters.delete(key);
  }
}

/** Counts one attempt on `c`; returns the wait it started (0 if none). */
function bump(c: Counter, now: number, rule: Rule): number {
  if (now >= c.w) Object.assign(c, { f: 0, w: now + rule.windowMs });
  c.f += 1;
  if (c.f < rule.free) return 0;
  c.n = now + waitAfter(c.f - rule.free, RULES);
  return c.n;
}

// KEYS: pair, address. ARGV: now, pair free, pair window, address free, address window, first wait, max wait.
// Returns {wait ms, 1 = pair | 2 = address, address wait set}. Both checks run before either
// counter moves, so a refused attempt counts nowhere.
const BEGIN = `
local now = tonumber(ARGV[1])
local firstWait, maxWait = tonumber(ARGV[6]), tonumber(ARGV[7])
local function load(key)
  local v = redis.call('HMGET', key, 'f', 'w', 'n')
  local f, w, n = tonumber(v[1]) or 0, tonumber(v[2]) or 0, tonumber(v[3]) or 0
  if now >= math.max(w, n) then return 0, 0, 0 end
  return f, w, n
end
local pf, pw, pn = load(KEYS[1])
local af, aw, an = load(KEYS[2])
if now < pn then return {pn - now, 1, 0} end
if now < an then return {an - now, 2, 0} end
local function bump(key, f, w, n, free, window)
  if now >= w then f = 0; w = now + window end
  f = f + 1
  local set = 0
  if f >= free then n = now + math.min(maxWait, firstWait * 2 ^ (f - free)); set = n end
  redis.call('HSET', key, 'f', f, 'w', w, 'n', n)
  redis.call('PEXPIRE', key, math.max(w, n) - now)
  return set
end
bump(KEYS[1], pf, pw, pn, tonumber(ARGV[2]), tonumber(ARGV[3]))
return {0, 0, bump(KEYS[2], af, aw, an, tonumber(ARGV[4]), tonumber(ARGV[5]))}
`;

// KEYS: pair, address. ARGV: address free, address wait this attempt set.
const SUCCEEDED = `
local forgiven = tonumber(redis.call('HGET', KEYS[1], 'f')) or 0
redis.call('DEL', KEYS[1])
local v = redis.call('HMGET', KEYS[2], 'f', 'n')
local f, n = tonumber(v[1]), tonumber(v[2]) or 0
if not f then return 0 end
f = math.max(0, f - forgiven)
if f < tonumber(ARGV[1]) or n == tonumber(ARGV[2]) then n = 0 end
redis.call('HSET', KEYS[2], 'f', f, 'n', n)
return 0
`;

/**
 * The counters in Redis, changed by Lua scripts so two processes cannot both take the last
 * attempt. While Redis cannot be reached, this process's own counters keep limiting.
 */
class RedisStore implements LimitStore {
  constructor(
    private readonly redis: Redis,
    private readonly fallback: MemoryStore,
  ) {}

  async begin(pairKey: string, addressKey: string, now: number): Promise<Verdict> {
    const r = RULES;
    try {
      const [waitMs, on, waitSet] = (await this.redis.eval(BEGIN, 2, pairKey, addressKey, now, r.pair.free, r.pair.windowMs, r.address.free, r.address.windowMs, r.firstWaitMs, r.maxWaitMs)) as [number, number, number];
      return { waitMs, on: on === 1 ? 'pair' : on === 2 ? 'address' : null, addressWaitSet: waitSet };
    } catch {
      return this.fallback.begin(pairKey, addressKey, now);
    }
  }

  async succeeded(ticket: LoginTicket): Promise<void> {
    try {
      await this.redis.eval(SUCCEEDED, 2, ticket.pairKey, ticket.addressKey, RULES.address.free, ticket.addressWaitSet);
    } catch {
      await this.fallback.succeeded(ticket);
    }
  }
}
