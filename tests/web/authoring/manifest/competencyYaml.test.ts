import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCheckWeights, setCheckWeights, setScenarioCompetencies, weightUses } from '../../../../web/src/features/authoring/manifest/competencyYaml';
import { readOutline } from '../../../../web/src/features/authoring/manifest/rubricYaml';
import { loadEnglishAuthoring } from '../englishCatalog';

beforeAll(loadEnglishAuthoring);

const FREIGHT = readFileSync('scenarios/freight-quote/scenario.yaml', 'utf8');
const changedLines = (a: string, b: string) => {
  const x = a.split('\n');
  const y = b.split('\n');
  return x.flatMap((l, i) => (l === y[i] ? [] : [i + 1]));
};

describe('setScenarioCompetencies', () => {
  it('rewrites only the competencies line, in the file’s flow style', () => {
    const out = setScenarioCompetencies(FREIGHT, ['js.debugging', 'js.implementation', 'logistics.rating', 'communication.technical', 'work.requirements', 'data.analysis']);
    expect(readOutline(out).competencies.at(-1)).toBe('data.analysis');
    expect(changedLines(FREIGHT, out)).toEqual([9]);
    expect(out.split('\n')[8]).toMatch(/^competencies: \[.*data\.analysis ?\]$/);
  });
});

describe('check weights', () => {
  it('reads every check’s weights and where each competency is used', () => {
    const checks = readCheckWeights(FREIGHT);
    expect(checks.map((c) => c.checkId)).toEqual(['rounding-visible', 'rounding-hidden', 'surcharge-visible', 'surcharge-hidden', 'sample-quote']);
    expect(checks[1]!.weights).toEqual([
      { code: 'js.debugging', weight: 0.5 },
      { code: 'logistics.rating', weight: 0.5 },
    ]);
    expect(weightUses(FREIGHT).filter((u) => u.code === 'communication.technical').map((u) => u.where)).toEqual(['criterion explains-fix', 'criterion reply-dispatch']);
  });

  it('changes one check’s weights on its own line', () => {
    const out = setCheckWeights(FREIGHT, 'fix-rounding', 'rounding-hidden', [
      { code: 'js.debugging', weight: 0.7 },
      { code: 'logistics.rating', weight: 0.3 },
    ]);
    expect(readCheckWeights(out)[1]!.weights).toEqual([
      { code: 'js.debugging', weight: 0.7 },
      { code: 'logistics.rating', weight: 0.3 },
    ]);
    expect(changedLines(FREIGHT, out)).toEqual([30]);
  });
});
