import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { hashFiles, type ScenarioPackage } from '../../server/scenarios/package';
import { ScenarioManifest } from '../../server/scenarios/schema';

/** A small valid manifest; tests override what they exercise. */
export function manifestFor(id: string, tasks: unknown[], extra: Record<string, unknown> = {}) {
  return {
    id,
    version: '1.0.0',
    title: `Test scenario ${id}`,
    enterprise: 'Test Works (fictional)',
    industry: 'software',
    role: 'Junior technician',
    durationMinutes: 30,
    competencies: ['js.debugging', 'sql.query', 'data.analysis', 'communication.technical'],
    tasks,
    scoring: { autoWeight: 1, reviewWeight: 0, passAt: 0.5 },
    ...extra,
  };
}

/** An in-memory package (no validation of referenced files: that is loadPackage's job). */
export function buildPackage(manifest: unknown, files: Record<string, string>): ScenarioPackage {
  const parsed = ScenarioManifest.parse(manifest);
  const map = new Map(Object.entries({ 'scenario.yaml': stringify(manifest), ...files }));
  return { slug: parsed.id, manifest: parsed, files: map, contentHash: hashFiles(map) };
}

/** Writes a package folder to a temp dir; returns its path (the folder is named after `id`). */
export function writePackageDir(id: string, manifest: unknown, files: Record<string, string>, root?: string): string {
  const base = root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-pkg-'));
  const dir = path.join(base, id);
  const all = { 'scenario.yaml': typeof manifest === 'string' ? manifest : stringify(manifest), ...files };
  for (const [rel, content] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

/**
 * A small published scenario for workspace tests: one JS task with a visible and a hidden
 * check, an answer check, an event at start and a timed event that unlocks a second task.
 */
export function workspaceScenario(id = 'mini-quote') {
  const manifest = manifestFor(
    id,
    [
      {
        id: 'fix',
        title: 'Fix the total',
        instructions: 'tasks/fix.md',
        checks: [
          { id: 'total-visible', title: 'Total of the example', kind: 'js', file: 'checks/visible.test.js', visible: true, points: 10, competencies: { 'js.debugging': 1 } },
          { id: 'total-hidden', title: 'Totals of other orders', kind: 'js', file: 'checks/hidden.test.js', points: 10, competencies: { 'js.debugging': 1 } },
        ],
      },
      {
        id: 'report',
        title: 'Report the total',
        instructions: 'tasks/report.md',
        checks: [{ id: 'sum', title: 'The total', kind: 'answer', question: 'What is 2 + 3?', answer: { type: 'number', value: 5 }, points: 10, competencies: { 'data.analysis': 1 } }],
      },
    ],
    {
      durationMinutes: 30,
      events: [
        { id: 'welcome', after: 'start', from: 'Li Wei', subject: 'Welcome', body: 'events/welcome.md' },
        { id: 'report-request', at: '10m', from: 'Li Wei', subject: 'Need the total', body: 'events/report.md', unlocks: 'task:report' },
        { id: 'well-done', after: 'task:fix', from: 'Li Wei', subject: 'Thanks', body: 'events/thanks.md' },
      ],
    },
  );
  return buildPackage(manifest, {
    'brief.md': '# Mini Quote Ltd',
    'tasks/fix.md': 'Make `total` add up.',
    'tasks/report.md': 'Report 2 + 3.',
    'events/welcome.md': 'Welcome aboard.',
    'events/report.md': 'Please send the total.',
    'events/thanks.md': 'Thanks for the fix.',
    'checks/visible.test.js': "const { total } = require('./total.js'); test('2 + 3', () => expect(total([2, 3])).toBe(5));",
    'checks/hidden.test.js': "const { total } = require('./total.js'); test('empty', () => expect(total([])).toBe(0)); test('three', () => expect(total([1, 2, 3])).toBe(6));",
    'workspace/total.js': 'exports.total = (xs) => xs.reduce((a, b) => a * b, 1);\n',
    'workspace/answers.json': '{ "sum": "" }\n',
    'solution/total.js': 'exports.total = (xs) => xs.reduce((a, b) => a + b, 0);\n',
    'solution/answers.json': '{ "sum": 5 }\n',
  });
}

/**
 * The workspace scenario with a rubric of two criteria (levels worth 0, 5 and 10 points)
 * and a 60/40 split between checks and review: the review tests' scenario.
 */
export function reviewScenario(id = 'mini-review') {
  const base = workspaceScenario(id);
  const rubric = (cid: string, title: string) => ({
    id: cid,
    title,
    points: 10,
    // Listed out of order on purpose: level indexes follow the score, not the listing.
    levels: [
      { score: 5, text: 'Partly' },
      { score: 0, text: 'Missing' },
      { score: 10, text: 'Clear and complete' },
    ],
    competencies: { 'communication.technical': 1 },
  });
  const manifest = {
    ...base.manifest,
    tasks: base.manifest.tasks.map((t, i) => (i === 0 ? { ...t, rubric: [rubric('explains', 'Explains the fix'), rubric('style', 'Readable code')] } : t)),
    scoring: { autoWeight: 0.6, reviewWeight: 0.4, passAt: 0.5 },
  };
  return buildPackage(manifest, Object.fromEntries([...base.files].filter(([p]) => p !== 'scenario.yaml')));
}
