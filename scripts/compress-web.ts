/**
 * node --import tsx scripts/compress-web.ts [dist folder]
 *
 * Writes .br and .gz beside the built web client's files, which the server sends to browsers
 * that take them (server/web/compressed.ts). `npm run build` runs it after Vite; the server's
 * own build (first `npm start`, the e2e tests) does it too.
 */
import path from 'node:path';
import { compressWebAssets } from '../server/web/compressed';

const dist = path.resolve(process.argv[2] ?? process.env.WEB_DIST ?? path.join(import.meta.dirname, '..', 'web', 'dist'));
const started = Date.now();
const t = compressWebAssets(dist);
const mb = (n: number) => (n / 1_048_576).toFixed(1);
console.log(`Compressed ${t.files} files of the web client in ${Date.now() - started} ms: ${mb(t.bytes)} MB → ${mb(t.br)} MB Brotli, ${mb(t.gz)} MB gzip.`);
