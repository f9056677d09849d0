import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import type { AppDeps } from '../app';

export function healthRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/health',
      access: access.public,
      summary: 'Liveness and database reachability',
      handler: async ({ res }) => {
        try {
          await deps.db.raw('select 1');
          return { status: 'ok', db: deps.db.dialect };
        } catch {
          res.status(503);
          return { status: 'degraded', db: deps.db.dialect, error: 'database unreachable' };
        }
      },
    }),
  ];
}
