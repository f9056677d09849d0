import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import type { AppDeps } from '../deps';
import { redisAlive } from '../scale/redis';
import type { QueueDepth } from '../scale/gradingQueue';

type Health = {
  status: 'ok' | 'degraded';
  db: { dialect: string; ok: boolean };
  /** `off` on one machine (no REDIS_URL). */
  redis: 'ok' | 'down' | 'off';
  /** Grading jobs by state; null when grading runs in this process. */
  queue: QueueDepth | null;
};

export function healthRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/health',
      access: access.public,
      summary: 'Liveness: database, Redis and the grading queue’s depth (503 when a part is down)',
      handler: async ({ res }): Promise<Health> => {
        const dbOk = await deps.db.raw('select 1').then(
          () => true,
          () => false,
        );
        const redis = deps.redis ? ((await redisAlive(deps.redis)) ? 'ok' : 'down') : 'off';
        const queue = deps.gradingQueue && redis === 'ok' ? await deps.gradingQueue.depth().catch(() => null) : null;
        const ok = dbOk && redis !== 'down';
        if (!ok) res.status(503);
        return { status: ok ? 'ok' : 'degraded', db: { dialect: deps.db.dialect, ok: dbOk }, redis, queue };
      },
    }),
  ];
}
