import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import type { AppDeps } from '../deps';
import { redisAlive } from '../scale/redis';
import { HealthView, type HealthViewT } from '../contract/health';

export function healthRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/health',
      access: access.public,
      summary: 'Liveness: database, Redis and the grading queue’s depth (503 when a part is down)',
      response: HealthView,
      handler: async ({ res }): Promise<HealthViewT> => {
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
