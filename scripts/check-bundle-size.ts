/**
 * node --import tsx scripts/check-bundle-size.ts [dist folder]
 *
 * Fails (exit 1) when a chunk of the built web client is past its budget in
 * web/bundle-budgets.json (server/web/bundleSize.ts says how they are counted). `npm run build`
 * runs it after Vite.
 */
import path from 'node:path';
import { checkBundleSize } from '../server/web/bundleSize';

const dist = path.resolve(process.argv[2] ?? process.env.WEB_DIST ?? path.join(import.meta.dirname, '..', 'web', 'dist'));
const problems = checkBundleSize(dist);
if (problems.length > 0) {
  console.error(`Web bundle over budget (web/bundle-budgets.json):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('Web bundle within budget (web/bundle-budgets.json).');
