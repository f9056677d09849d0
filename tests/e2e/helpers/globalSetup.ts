import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureWebBuild } from '../../../server/web/build';

/**
 * Builds the web client once up front, so no test server spends its start-up time building,
 * and gives the pass a directory for its seeded demo worlds (helpers/demoTemplate.ts), removed
 * at the end.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  await ensureWebBuild((msg) => process.stdout.write(`[e2e] ${msg}\n`));
  const templates = fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-e2e-templates-'));
  project.provide('demoTemplateDir', templates);
  return () => fs.rmSync(templates, { recursive: true, force: true });
}
