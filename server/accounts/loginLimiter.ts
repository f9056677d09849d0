import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { errors } from '../http/errors';

export type LoginLimits = { perAccount: number; perIp: number; windowSeconds: number };

/**
 * Counts failed logins per account (stops guessing one password) and per IP (stops spraying
 * many accounts). The IP limit is generous because a classroom shares one address.
 */
export class LoginLimiter {
  private readonly byAccount: RateLimiterMemory;
  private readonly byIp: RateLimiterMemory;

  constructor(limits: LoginLimits = { perAccount: 10, perIp: 100, windowSeconds: 15 * 60 }) {
    this.byAccount = new RateLimiterMemory({ points: limits.perAccount, duration: limits.windowSeconds, keyPrefix: 'login-account' });
    this.byIp = new RateLimiterMemory({ points: limits.perIp, duration: limits.windowSeconds, keyPrefix: 'login-ip' });
  }

  /** Throws 429 when either counter is spent; call before checking the password. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const [account, address] = await Promise.all([this.byAccount.get(email), this.byIp.get(ip)]);
    const blocked = [account, address].filter(
      (r): r is RateLimiterRes => r !== null && r.remainingPoints <= 0 && r.msBeforeNext > 0,
    );
    if (blocked.length > 0) {
      const wait = Math.max(...blocked.map((r) => Math.ceil(r.msBeforeNext / 1000)));
      throw errors.rateLimited(wait, `Too many failed sign-in attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`);
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await Promise.all([this.byAccount.penalty(email, 1), this.byIp.penalty(ip, 1)]);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.byAccount.delete(email);
  }
}
