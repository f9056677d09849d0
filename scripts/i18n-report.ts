import path from 'node:path';
import { analyseProject, literalsByFolder, summaryLine, type Finding } from './i18n/analyse';

/**
 * `npm run -s i18n:report`: one line, `i18n: locales=en,zh-CN keys=<n> missing=<n> unused=<n>
 * untranslated_literals=<n>`, and a non-zero exit when any of the last three is above 0.
 *
 *   --list [path-prefix]  also print every finding as file:line (only those under the prefix)
 *   --folders             also print the untranslated literals per top folder
 *   --warn                exit 0 whatever the numbers (CI prints the line, the tests decide)
 *
 * The analysis is scripts/i18n/analyse.ts; tests/web/i18n/report.test.ts runs the same.
 */

const args = process.argv.slice(2);
const warn = args.includes('--warn');
const folders = args.includes('--folders');
const listAt = args.indexOf('--list');
const list = listAt >= 0;
const prefixArg = list ? args[listAt + 1] : undefined;
const prefix = prefixArg && !prefixArg.startsWith('--') ? prefixArg : '';

// `… --list | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const root = path.resolve(import.meta.dirname, '..');
const report = analyseProject(root);

if (list) {
  const print = (label: string, findings: Finding[]) => {
    for (const f of findings) {
      if (f.file.startsWith(prefix)) console.log(`${f.file}:${f.line}: ${label}: ${f.text}`);
    }
  };
  print('missing', report.missing);
  print('unused', report.unused);
  print('untranslated', report.literals);
}
if (folders) {
  for (const [folder, count] of literalsByFolder(report)) console.log(`${String(count).padStart(5)}  ${folder}`);
}
console.log(summaryLine(report));

const failing = report.missing.length + report.unused.length + report.literals.length > 0;
process.exitCode = failing && !warn ? 1 : 0;
