/**
 * npm run start:cluster — the scaled-out topology on one machine: two web processes and one
 * grading worker on PostgreSQL and Redis, behind a sticky load balancer on PORT (3000).
 *
 *   browser ──► balancer :3000 (ip_hash, websocket upgrade)
 *                 ├──► web A :3001 ─┐
 *                 └──► web B :3002 ─┼──► PostgreSQL (DATABASE_URL)
 *   worker (grading) ◄── Redis ─────┘    Redis (REDIS_URL): socket.io streams adapter + BullMQ queue
 */
import { ensureWebBuild } from '../server/web/build';
import { startBalancer } from '../server/scale/balancer';
import { ensureDatabase, spawnNode, spawnWorker, type Child, type ClusterEnv } from '../server/scale/cluster';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const env: ClusterEnv = {
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/practicum',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  const port = Number(process.env.PORT ?? 3000);
  // People open the balancer, not the nodes: its address is the nodes' public origin.
  env.PUBLIC_ORIGINS = process.env.PUBLIC_ORIGINS ?? `http://localhost:${port},http://127.0.0.1:${port}`;
  await ensureDatabase(env.DATABASE_URL);
  // Built once here, so the two nodes do not both build it.
  await ensureWebBuild(say);

  const children: Child[] = [];
  const stopAll = async () => {
    await Promise.all(children.map((c) => c.stop('SIGTERM')));
  };
  process.on('SIGINT', () => void stopAll().then(() => process.exit(0)));
  process.on('SIGTERM', () => void stopAll().then(() => process.exit(0)));

  // One after the other: the first migrates and seeds, the second finds it done.
  const a = await spawnNode('web-a', port + 1, env, say);
  children.push(a);
  const b = await spawnNode('web-b', port + 2, env, say);
  children.push(b);
  children.push(await spawnWorker('worker', env, say));
  const balancer = await startBalancer({ port, backends: [a, b].map((n) => ({ host: '127.0.0.1', port: n.port! })), log: (m) => say(`[balancer] ${m}`) });
  say(`\nPracticum cluster is running at ${balancer.url}`);
  say(`  web A ${a.url}, web B ${b.url}, one grading worker`);
  say(`  database ${env.DATABASE_URL.replace(/\/\/[^@]*@/, '//…@')}, Redis ${env.REDIS_URL}`);
  say('  health: curl http://localhost:' + port + '/api/health   (Ctrl+C stops everything)');
}

main().catch((err) => {
  process.stderr.write(`The cluster failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
