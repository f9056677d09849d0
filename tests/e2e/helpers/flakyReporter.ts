import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';

/**
 * The browser pass retries a failed journey once in CI (vitest.e2e.config.ts): a timing slip of
 * the page under a loaded machine should not throw away a whole run. A journey that passed only
 * on its retry is still a defect to fix, so it is written down here, one line each, and the
 * CI summary prints the list: retries hide nothing.
 */
export default class FlakyReporter implements Reporter {
  private readonly file = path.resolve(process.env.E2E_FLAKY_FILE ?? '.ci-out/flaky.txt');

  onTestCaseResult(testCase: TestCase): void {
    const d = testCase.diagnostic();
    if (!d?.flaky) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const where = path.relative(process.cwd(), testCase.module.moduleId);
    appendFileSync(this.file, `${where} > ${testCase.fullName} (passed on retry ${d.retryCount})\n`);
  }
}
