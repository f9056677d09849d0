import { ensureWebBuild } from '../../../server/web/build';

/** Builds the web client once up front, so no test server spends its start-up time building. */
export default async function setup(): Promise<void> {
  await ensureWebBuild((msg) => process.stdout.write(`[e2e] ${msg}\n`));
}
