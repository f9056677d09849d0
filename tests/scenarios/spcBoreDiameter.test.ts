/**
 * The spc-bore-diameter package: the brief's Run snippet works on the CSV the workspace ships,
 * and the answer key follows from the reference module on that CSV with Ran Bo's correction,
 * so a change to the data cannot leave the answers behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFrameworkFile } from '../../server/competency/framework';
import { SandboxPool } from '../../server/grading/sandbox/pool';
import { runCode } from '../../server/grading/tools';
import { loadPackage, subtree } from '../../server/scenarios/package';
import { solutionWorkspace } from '../../server/scenarios/validate';

const pkg = loadPackage('scenarios/spc-bore-diameter', loadFrameworkFile()).pkg!;

// The figures the SQE asks for, from the corrected readings of the 25 complete samples.
const ANSWERS_SNIPPET = `
import { cpk, signals, xbarRLimits } from './src/spc';
import csv from './data/MC-07_2026-12-01_02.csv';

const samples = new Map<string, number[]>();
let outside = 0;
for (const line of csv.trim().split('\\n').slice(1)) {
  const [id, takenAt, , measuredAt, bore, status] = line.split(',');
  if (status !== 'ok') continue;
  const offset = measuredAt! >= '2026-12-01 13:10:00' && measuredAt! < '2026-12-02 10:30:00' ? 0.004 : 0;
  const value = Number(bore) - offset;
  if (value < 32 || value > 32.039) outside++;
  const key = takenAt!;
  samples.set(key, [...(samples.get(key) ?? []), value]);
}
const complete = [...samples].filter(([, v]) => v.length === 5);
const limits = xbarRLimits(complete.map(([, v]) => v));
const means = complete.map(([, v]) => v.reduce((a, b) => a + b, 0) / 5);
const at1400 = complete.findIndex(([k]) => k === '2026-12-02 14:00');
const rules = signals(means, limits.center, limits.sigma).filter((s) => s.index === at1400).map((s) => s.rule);
console.log(complete.length, cpk(complete.map(([, v]) => v), 32, 32.039).toFixed(2), rules.join(','), outside);
`;

describe('spc-bore-diameter', () => {
  let pool: SandboxPool;
  beforeAll(() => {
    pool = new SandboxPool({ size: 1 });
  });
  afterAll(() => pool.close());

  it('the brief’s Run snippet prints the uncorrected centre lines, on the starter as on the solution', async () => {
    const snippet = pkg.files.get('brief.md')!.match(/```ts\n([\s\S]*?)```/)![1]!;
    const expected = { status: 'ok', output: '25 samples 32.02336 0.00956\n' };
    expect(await runCode(solutionWorkspace(pkg), { source: snippet }, pool)).toMatchObject(expected);
    expect(await runCode(subtree(pkg.files, 'workspace'), { source: snippet }, pool)).toMatchObject(expected);
  });

  it('the answer key follows from the reference module and the corrected CSV', async () => {
    const answers = JSON.parse(pkg.files.get('solution/answers.json')!);
    const result = await runCode(solutionWorkspace(pkg), { source: ANSWERS_SNIPPET }, pool);
    expect(result).toMatchObject({ status: 'ok' });
    const [samples, cpkValue, rules, outside] = ('output' in result ? result.output : '').trim().split(' ');
    expect(samples).toBe('25');
    expect(Number(cpkValue)).toBe(answers['cpk-value']);
    expect(rules).toBe('3');
    expect(answers['rule-1400']).toEqual(['rule-3']);
    expect(Number(outside)).toBe(answers['out-of-tolerance']);
  });

  it('shows the visible CMM log in the data explorer, never the hidden checks’ extra rows', () => {
    const data = pkg.manifest.tasks.map((t) => t.data?.fixture);
    expect(data).toEqual([['fixtures/cmm.sql'], ['fixtures/cmm.sql'], undefined, ['fixtures/cmm.sql']]);
    const hidden = pkg.manifest.tasks.flatMap((t) => t.checks).flatMap((c) => (c.kind === 'sql' && !c.visible ? c.fixture : []));
    expect(hidden).toContain('fixtures/cmm-extra.sql');
  });
});
