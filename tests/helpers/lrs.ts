import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A real learning record store for the tests: Learning Locker's own statements service
 * (@learninglocker/xapi-statements), run in this process with its in-memory models and storage.
 * It validates every statement (with Learning Locker's validator), keeps them, refuses a second
 * statement with a known id and different content (409), and answers its statements API.
 *
 * Its own auth in memory mode ("test") accepts any client, so a thin gate in front checks the
 * Basic credentials the forwarding must send — the only thing added around the real service.
 * `stop()` / `start()` take it down and bring it back on the same port: a real outage.
 */
export type Lrs = {
  /** The xAPI base URL, as an admin would configure it (…/xAPI; statements at …/xAPI/statements). */
  endpoint: string;
  username: string;
  password: string;
  /** Every statement it holds, read back through its statements API. */
  statements(): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
};

const require = createRequire(import.meta.url);

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

function learningLockerApp(): Handler {
  // Its configuration is read from the environment when first imported: memory everywhere, no Redis, no Mongo.
  Object.assign(process.env, {
    AUTH_REPO: 'test',
    EVENTS_REPO: 'test',
    MODELS_REPO: 'memory',
    STORAGE_REPO: 'memory',
    SERVICE_AWAIT_UPDATES: 'true',
    WINSTON_CONSOLE_LEVEL: 'error',
    EXPRESS_MORGAN_DIRECTORY: path.join(os.tmpdir(), 'practicum-lrs-access-logs'),
  });
  // An untyped CommonJS service: what require gives is `any`.
  const load = (file: string) => require(`@learninglocker/xapi-statements/dist/${file}`);
  const { default: translatorFactory } = load('translatorFactory');
  const { default: serviceFactory } = load('serviceFactory');
  const { default: presenterFactory } = load('expressPresenter');
  const { default: config } = load('config');
  const constants = load('utils/constants');
  const { default: logger } = load('logger');
  const { default: tracker } = load('tracker');
  // Its own Express 4 (a dependency of the package), not the app's.
  const express = require(require.resolve('express', { paths: [require.resolve('@learninglocker/xapi-statements')] }));
  const app = express();
  const presenter = presenterFactory({
    llClientInfoEndpoint: 'http://127.0.0.1:1/unused',
    customRoute: 'status',
    customRouteText: 'ok',
    morganDirectory: config.express.morganDirectory,
    bodyParserLimit: '5mb',
    service: serviceFactory(),
    tracker,
    translator: translatorFactory(),
    logger,
    allowUndefinedMethod: false,
    allowFormBody: false,
  });
  app.use(constants.aboutRoute, presenter.aboutRouter);
  app.use(constants.statementsRoute, presenter.statementsRouter);
  return app as Handler;
}

export async function startLrs(): Promise<Lrs> {
  const app = learningLockerApp();
  const username = 'practicum';
  const password = 'lrs-secret';
  const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const handler: Handler = (req, res) => {
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Unauthorised"}');
      return;
    }
    app(req, res);
  };
  let server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}/xAPI`;
  const stop = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    endpoint: base,
    username,
    password,
    async statements() {
      const all: Record<string, unknown>[] = [];
      let url: string | null = `${base}/statements?limit=100`;
      while (url) {
        const res = await fetch(url, { headers: { authorization: expected, 'x-experience-api-version': '1.0.3' } });
        if (res.status !== 200) throw new Error(`LRS answered ${res.status}: ${await res.text()}`);
        const body = (await res.json()) as { statements: Record<string, unknown>[]; more: string };
        all.push(...body.statements);
        url = body.more ? new URL(body.more, base).toString() : null;
      }
      return all;
    },
    stop,
    async start() {
      server = http.createServer(handler);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    close: stop,
  };
}
