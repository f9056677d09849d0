/**
 * The sticky balancer on its own: `node --import tsx scripts/balancer.ts --port 3000 --backend 127.0.0.1:3001 --backend 127.0.0.1:3002`.
 * bench:live --cluster runs it as a separate process, so proxying does not share the load
 * generator's event loop (as in production, where it is its own process or nginx).
 */
import { startBalancer, type Backend } from '../server/scale/balancer';

const args = process.argv.slice(2);
const port = Number(args[args.indexOf('--port') + 1] ?? 3000);
const backends: Backend[] = args.flatMap((a, i) => (a === '--backend' ? [args[i + 1]!] : [])).map((hp) => {
  const [host, p] = hp.split(':');
  return { host: host!, port: Number(p) };
});
if (backends.length === 0) {
  process.stderr.write('Usage: scripts/balancer.ts --port <port> --backend <host:port> [--backend <host:port> …]\n');
  process.exit(2);
}
void startBalancer({ port, backends, log: (m) => process.stderr.write(`${m}\n`) }).then((b) => process.stdout.write(`Balancer listening at ${b.url}\n`));
