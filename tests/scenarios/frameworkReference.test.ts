import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { importCase, syncShippedFramework, type CasePackage } from '../../server/competency/case';
import { competencyLookup } from '../../server/authoring/repo';
import { loadFrameworkFile, SHIPPED_FRAMEWORK } from '../../server/competency/framework';
import { lintPackage, type CompetencyLookup } from '../../server/scenarios/lint';
import { render, type MessageKey } from '../../server/messages';
import { getTestServer, type TestServer } from '../helpers/app';
import { clockStart } from '../helpers/clock';
import { caseId, caseItem } from '../helpers/case';
import { buildOrg } from '../helpers/factories';
import { manifestFor } from '../helpers/scenario';

/**
 * `framework:` in scenario.yaml and competencies named by CASE item identifier: the package
 * checks against real imported frameworks, one of which shares a code with the shipped one.
 */
const SHIPPED = loadFrameworkFile();
const OTHER = { identifier: caseId('other-board'), title: 'Another board' };
const PRIVATE = { identifier: caseId('private-board'), title: 'A school’s own board' };

const task = (weights: Record<string, number>) => ({
  id: 't',
  title: 'T',
  instructions: 'tasks/t.md',
  rubric: [{ id: 'r', title: 'R', points: 1, levels: [{ score: 0, text: 'a' }, { score: 1, text: 'b' }], competencies: weights }],
});

function lint(lookup: CompetencyLookup, extra: Record<string, unknown>, weights: Record<string, number> = { 'js.debugging': 1 }) {
  const manifest = manifestFor('shared-code', [task(weights)], { competencies: ['js.debugging'], ...extra });
  const files = new Map(Object.entries({ 'scenario.yaml': stringify(manifest), 'brief.md': '#', 'tasks/t.md': '#', 'workspace/a.js': '', 'solution/a.js': '' }));
  return lintPackage('shared-code', files, lookup);
}

describe('competencies named within a framework, or by identifier', () => {
  let t: TestServer;
  let orgId: string;
  beforeAll(async () => {
    t = await getTestServer();
    const now = new Date(clockStart());
    await syncShippedFramework(t.db, JSON.parse(fs.readFileSync(SHIPPED_FRAMEWORK, 'utf8')) as CasePackage, now);
    const other = { CFDocument: OTHER, CFItems: [caseItem('js.debugging', 'Debugging, as another board words it'), caseItem('board.only')] };
    expect((await importCase(t.db, other, now)).problems).toEqual([]);
    // Another organisation's own framework: not one this package's organisation can see.
    const owner = await buildOrg(t.db);
    expect((await importCase(t.db, { CFDocument: PRIVATE, CFItems: [caseItem('private.code')] }, now, owner.id)).problems).toEqual([]);
    orgId = (await buildOrg(t.db, { kind: 'enterprise' })).id;
  });
  afterAll(() => t.close());

  it('refuses a shared code without framework:, naming both frameworks', async () => {
    const { manifest, problems } = lint(await competencyLookup(t.db, orgId), {});
    expect(manifest).toBeUndefined();
    expect(problems).toEqual([
      expect.objectContaining({ key: 'scenario.competency.ambiguous', path: 'competencies[0]', params: { code: 'js.debugging', frameworks: `Another board, ${SHIPPED.title}` } }),
    ]);
  });

  it('accepts the shared code once framework: names one, by identifier or exact title', async () => {
    const lookup = await competencyLookup(t.db, orgId);
    for (const framework of [OTHER.identifier, OTHER.identifier.toUpperCase(), OTHER.title, SHIPPED.title, SHIPPED.identifier]) {
      const { manifest, problems } = lint(lookup, { framework });
      expect(problems, framework).toEqual([]);
      expect(manifest!.competencies).toEqual(['js.debugging']);
    }
  });

  it('reads codes in the named framework only, saying which framework lacks one', async () => {
    const { problems } = lint(await competencyLookup(t.db, orgId), { framework: OTHER.title, competencies: ['js.debugging', 'sql.join'] });
    expect(problems).toEqual([
      expect.objectContaining({
        key: 'scenario.competency.unknownInFramework',
        path: 'competencies[1]',
        params: expect.objectContaining({ code: 'sql.join', framework: 'Another board', hasValid: 'yes', valid: expect.stringContaining('board.only') }),
      }),
    ]);
    expect(problems[0]!.message).toMatch(/^competency "sql.join" is not in the framework Another board/);
    expect(render({ key: problems[0]!.key as MessageKey, params: problems[0]!.params! }, 'zh-CN')).toContain('不在能力标准 Another board');
  });

  it('refuses an unknown framework, listing those the author can see (not another organisation’s own)', async () => {
    const lookup = await competencyLookup(t.db, orgId);
    for (const framework of ['Another bored', PRIVATE.identifier]) {
      const { problems } = lint(lookup, { framework });
      expect(problems).toEqual([expect.objectContaining({ key: 'scenario.framework.unknown', path: 'framework', line: expect.any(Number) })]);
      const { known } = problems[0]!.params as { known: string };
      expect(known).toBe(`Another board (${OTHER.identifier}); ${SHIPPED.title} (${SHIPPED.identifier})`);
      expect(problems[0]!.message).toContain(known);
    }
    // The organisation that imported it can name it.
    const owner = (await t.db('frameworks').where({ identifier: PRIVATE.identifier }).first('org_id')).org_id as string;
    const own = lint(await competencyLookup(t.db, owner), { framework: PRIVATE.title, competencies: ['private.code'] }, { 'private.code': 1 });
    expect(own.problems).toEqual([]);
  });

  it('reads an item identifier as its code, in competencies and in weights', async () => {
    const lookup = await competencyLookup(t.db, orgId);
    const other = caseId('js.debugging');
    const shipped = SHIPPED.byCode.get('sql.join')!.identifier;
    // The identifier says which js.debugging it means: no ambiguity, even without framework:.
    const { manifest, problems } = lint(lookup, { competencies: [other, shipped] }, { [other]: 0.5, 'sql.join': 0.5 });
    expect(problems).toEqual([]);
    expect(manifest!.competencies).toEqual(['js.debugging', 'sql.join']);
    expect(manifest!.tasks[0]!.rubric[0]!.competencies).toEqual({ 'js.debugging': 0.5, 'sql.join': 0.5 });

    // With framework:, the item must be one of that framework's; an identifier of no item is named as such.
    const scoped = lint(lookup, { framework: OTHER.identifier, competencies: [other, shipped] }, { [other]: 1 });
    expect(scoped.problems).toEqual([
      expect.objectContaining({ key: 'scenario.competency.unknownIdentifier', path: 'competencies[1]', params: { ref: shipped, framework: 'Another board', scoped: 'yes' } }),
    ]);
    const none = lint(lookup, { competencies: ['sql.join', caseId('nothing')] }, { 'sql.join': 1 });
    expect(none.problems).toEqual([
      expect.objectContaining({ key: 'scenario.competency.unknownIdentifier', path: 'competencies[1]', params: { ref: caseId('nothing'), framework: '', scoped: 'no' } }),
    ]);
  });

  it('keeps bare codes as before when no framework is named', async () => {
    const { manifest, problems } = lint(await competencyLookup(t.db, orgId), { competencies: ['sql.join', 'no.such'] }, { 'sql.join': 1 });
    expect(manifest).toBeUndefined();
    expect(problems.map((p) => [p.path, p.key])).toEqual([['competencies[1]', 'scenario.competency.unknownCode']]);
  });
});
