import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export type AxeFinding = { rule: string; impact: string | null; help: string; targets: string[] };

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * WCAG 2.x A and AA problems axe-core finds on the page as it is now. Evaluated through the
 * browser's debugging protocol, so the app's Content-Security-Policy stays as strict as ever.
 * `bestPractice` adds axe's best-practice rules (two landmarks with one name, heading order…).
 */
export async function axeFindings(page: Page, opts: { bestPractice?: boolean } = {}): Promise<AxeFinding[]> {
  const first = await axeRun(page, opts);
  if (first.length === 0) return first;
  // A live page can start a refetch (dimmed, aria-busy) or finish rendering a lazy part while
  // axe reads it. A real problem is still there once the page has settled; a passing moment is not.
  await page.waitForTimeout(500);
  return axeRun(page, opts);
}

async function axeRun(page: Page, opts: { bestPractice?: boolean }): Promise<AxeFinding[]> {
  // A region that is loading says so with aria-busy and is dimmed meanwhile: its contrast is
  // judged once it has settled, as a reader sees it, not in the moment of a refetch.
  await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null, undefined, { timeout: 10_000 });
  await page.evaluate(AXE_SOURCE);
  const tags = opts.bestPractice ? [...WCAG, 'best-practice'] : WCAG;
  return page.evaluate(async (values) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values } });
    return result.violations.map((v) => ({ rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, tags);
}
