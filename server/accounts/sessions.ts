import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { toDate } from '../db/values';
import type { Actor } from '../http/policy';
import { findUserById, membershipsOf, toActor } from './repo';

export const SESSION_COOKIE = 'practicum_session';

/** How stale last_seen_at may get before a request refreshes it: saves a write per request. */
const TOUCH_EVERY_MS = 60_000;

export type SessionPolicy = { idleMs: number; absoluteMs: number };

type SessionRow = {
  id: string;
  user_id: string;
  created_at: Date | number;
  last_seen_at: Date | number;
  expires_at: Date | number;
};

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export type ResolvedSession = { actor: Actor; expiresAt: Date };

export class SessionStore {
  constructor(
    private readonly db: Knex,
    private readonly policy: SessionPolicy,
    private readonly clock: () => Date,
  ) {}

  /** Always a brand-new id (no fixation); returns the raw token for the cookie only. */
  async create(userId: string, meta: { ip?: string; userAgent?: string }): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + this.policy.absoluteMs);
    await this.db('sessions').insert({
      id: digest(token),
      user_id: userId,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      ip: meta.ip?.slice(0, 64) ?? null,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    });
    return { token, expiresAt };
  }

  /** The actor behind a cookie token, or null when unknown, idle too long, past its hard limit or the user is disabled. */
  async resolve(token: string | undefined): Promise<ResolvedSession | null> {
    if (!token || token.length > 100) return null;
    const id = digest(token);
    const row = await this.db<SessionRow>('sessions').where({ id }).first();
    if (!row) return null;
    const now = this.clock().getTime();
    const lastSeen = toDate(row.last_seen_at)!.getTime();
    const expiresAt = toDate(row.expires_at)!;
    if (now >= expiresAt.getTime() || now - lastSeen >= this.policy.idleMs) {
      await this.db('sessions').where({ id }).delete();
      return null;
    }
    const user = await findUserById(this.db, row.user_id);
    if (!user || user.disabled === true || user.disabled === 1) return null;
    if (now - lastSeen >= TOUCH_EVERY_MS) await this.db('sessions').where({ id }).update({ last_seen_at: new Date(now) });
    const memberships = (await membershipsOf(this.db, [user.id])).get(user.id) ?? [];
    return { actor: toActor(user, memberships, id), expiresAt };
  }

  async destroy(sessionId: string): Promise<void> {
    await this.db('sessions').where({ id: sessionId }).delete();
  }

  /** Removes sessions past their absolute limit; called on a timer by the server. */
  async sweep(): Promise<number> {
    return this.db('sessions').where('expires_at', '<=', this.clock()).delete();
  }
}
