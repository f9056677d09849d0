import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { accountRoutes } from './accounts/routes';
import { healthRoutes } from './health/routes';
import { apiNotFound, errorHandler } from './http/errorHandler';
import { requestLocale } from './http/locale';
import { requestIp } from './audit/requestIp';
import { auditRoutes } from './audit/routes';
import { checkOrigin, loadSession } from './http/middleware';
import type { AppDeps } from './deps';
import { mountRoutes, routeKey, type AnyRoute } from './http/routes';
import { precompressedFiles } from './web/compressed';
import { orgRoutes } from './orgs/routes';
import { courseRoutes } from './courses/routes';
import { attemptRoutes } from './attempts/routes';
import { reviewRoutes } from './review/routes';
import { competencyRoutes } from './competency/routes';
import { caseRoutes } from './competency/caseRoutes';
import { feedbackRoutes } from './feedback/routes';
import { authoringRoutes } from './authoring/routes';
import { placementRoutes } from './placements/routes';
import { logbookRoutes } from './logbook/routes';
import { assessmentRoutes } from './assessments/routes';
import { profileRoutes } from './placements/profileRoutes';
import { talentRoutes } from './talent/routes';
import { mentorRoutes } from './placements/mentorRoutes';
import { retentionRoutes } from './ops/routes';
import { accountImportRoutes } from './accounts/import/routes';
import { ssoRoutes } from './sso/routes';
import { privacyRoutes } from './privacy/routes';
import { mailRoutes } from './mail/routes';
import { apiTokenRoutes } from './accounts/apiTokenRoutes';
import { consumeTokenBudget, recordTokenUse, resolveToken } from './accounts/apiTokens';
import { docsRoutes } from './docs/routes';
import { xapiRoutes } from './xapi/routes';
import { ltiRoutes } from './lti/routes';

/** Every HTTP route of the app; the authorization-matrix test walks this list. */
export function allRoutes(deps: AppDeps): AnyRoute[] {
  const routes: AnyRoute[] = [
    ...healthRoutes(deps),
    ...accountRoutes(deps),
    ...orgRoutes(deps),
    ...courseRoutes(deps),
    ...attemptRoutes(deps),
    ...reviewRoutes(deps),
    ...competencyRoutes(deps),
    ...caseRoutes(deps),
    ...feedbackRoutes(deps),
    ...authoringRoutes(deps),
    ...placementRoutes(deps),
    ...assessmentRoutes(deps),
    ...profileRoutes(deps),
    ...talentRoutes(deps),
    ...mentorRoutes(deps),
    ...logbookRoutes(deps),
    ...retentionRoutes(deps),
    ...accountImportRoutes(deps),
    ...ssoRoutes(deps),
    ...privacyRoutes(deps),
    ...auditRoutes(deps),
    ...mailRoutes(deps),
    ...apiTokenRoutes(deps),
    ...xapiRoutes(deps),
    ...ltiRoutes(deps),
  ];
  // The API document describes the whole table, its own route included.
  routes.push(...docsRoutes(() => routes));
  return routes;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy ? 1 : false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Monaco sets inline styles on its DOM nodes.
          styleSrc: ["'self'", "'unsafe-inline'"],
          workerSrc: ["'self'", 'blob:'],
          connectSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: deps.config.trustProxy ? [] : null,
        },
      },
      hsts: deps.config.trustProxy,
      // Same-origin Referer lets the Origin check fall back to it for old browsers.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );

  // Origin, then the session: both from headers alone. A body is read only by the route the
  // request is for, after its access rule passed, with that route's limit (server/http/routes.ts).
  // Except the one-click unsubscribe (RFC 8058): a mail provider posts it from nowhere, with
  // no cookie; the signed token in its address is all it acts on.
  const originCheck = checkOrigin(deps.origins);
  app.use('/api', (req, res, next) => (req.method === 'POST' && req.path === '/mail/unsubscribe' ? next() : originCheck(req, res, next)));
  // The CASE REST binding (/ims/case, read-only GETs) sits outside /api where CASE consumers
  // expect it, and knows its caller the same way. So does the LTI launch (/lti): an LMS posts it
  // cross-site, so it is outside the Origin check; its signed id_token, single-use nonce and
  // browser-bound state are the proof (server/lti/launch.ts).
  const served = ['/api', '/ims/case', '/lti'];
  app.use(served, loadSession(deps.sessions, (secret) => resolveToken(deps.db, secret, deps.clock())));
  app.use(served, requestLocale);
  app.use(served, requestIp);
  app.use(served, (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  mountRoutes(app, allRoutes(deps), {
    checkResponses: deps.config.env === 'test',
    // A script's request: its token's budget first (a flood stops here), then the use is counted and audited.
    tokenUse: async (req, def) => {
      await consumeTokenBudget(deps.tokenLimiter, req.actor!);
      await recordTokenUse(deps.db, req.actor!, routeKey(def), deps.clock());
    },
  });
  app.use(served, apiNotFound);

  if (deps.webDist && fs.existsSync(path.join(deps.webDist, 'index.html'))) {
    const index = path.join(deps.webDist, 'index.html');
    app.use('/assets', precompressedFiles(path.join(deps.webDist, 'assets'), { immutable: true, maxAge: '1y' }));
    app.use('/assets', express.static(path.join(deps.webDist, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
    app.use(express.static(deps.webDist, { index: false }));
    // Client-side routes (/admin/users, /login …) all load the single page.
    app.get(/^(?!\/api\/|\/ims\/case\/|\/socket\.io\/).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  }

  app.use(errorHandler(deps.logger));
  return app;
}
