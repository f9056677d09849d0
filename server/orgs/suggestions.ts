import type { Knex } from 'knex';
import { listModules } from '../competency/curriculum';
import type { PartnerSuggestion, PartnerSuggestions, PartnershipStatus, SuggestedScenario } from '../contract/partnerships';
import { assertTeacherOf } from '../courses/policy';
import { toBool } from '../db/values';
import { invalidField } from '../http/validate';
import { msg } from '../messages';
import type { Actor } from '../http/policy';
import type { ScenarioManifestT } from '../scenarios/schema';
import { proposePair } from './partnerships';

/**
 * Partners chosen by fit, not by name (seed §5.5): every enterprise that publishes scenarios,
 * ranked by the share of the course modules' competencies its latest versions name.
 */
export async function partnerSuggestions(db: Knex, actor: Actor, courseId: string): Promise<PartnerSuggestions> {
  await assertTeacherOf(db, actor, courseId);
  const course: { school_id: string } = await db('courses').where({ id: courseId }).first('school_id');
  const modules = await listModules(db, courseId);
  const byCode = new Map<string, { code: string; title: string; modules: string[] }>();
  for (const m of modules) {
    for (const c of m.competencies) {
      const entry = byCode.get(c.code) ?? { code: c.code, title: c.title, modules: [] };
      entry.modules.push(m.title);
      byCode.set(c.code, entry);
    }
  }
  const wanted = new Set(byCode.keys());

  // Latest version of every owned scenario: what a school would assign today.
  const versions: { scenario_id: string; slug: string; public: boolean | number; owner_id: string; owner_name: string; id: string; title: string; version: string; manifest_json: string }[] =
    await db('scenario_versions as v')
      .join('scenarios as s', 's.id', 'v.scenario_id')
      .join('organizations as o', 'o.id', 's.owner_org_id')
      .whereRaw('v.seq = (select max(w.seq) from scenario_versions w where w.scenario_id = v.scenario_id)')
      .orderBy('s.slug')
      .select('v.scenario_id', 's.slug', 's.public', 'o.id as owner_id', 'o.name as owner_name', 'v.id', 'v.title', 'v.version', 'v.manifest_json');
  const partnerships: { id: string; enterprise_id: string; status: PartnershipStatus }[] = await db('partnerships').where({ school_id: course.school_id }).select('id', 'enterprise_id', 'status');
  const partnershipOf = new Map(partnerships.map((p) => [p.enterprise_id, { id: p.id, status: p.status }]));

  const byEnterprise = new Map<string, PartnerSuggestion>();
  for (const v of versions) {
    const competencies = (JSON.parse(v.manifest_json) as ScenarioManifestT).competencies;
    const scenario: SuggestedScenario = {
      scenarioId: v.scenario_id,
      versionId: v.id,
      slug: v.slug,
      title: v.title,
      version: v.version,
      public: toBool(v.public),
      covered: [...new Set(competencies.filter((c) => wanted.has(c)))].sort(),
    };
    const entry = byEnterprise.get(v.owner_id) ?? {
      enterprise: { id: v.owner_id, name: v.owner_name },
      coverage: 0,
      covered: [],
      scenarios: [],
      partnership: partnershipOf.get(v.owner_id) ?? null,
    };
    entry.scenarios.push(scenario);
    entry.covered = [...new Set([...entry.covered, ...scenario.covered])].sort();
    byEnterprise.set(v.owner_id, entry);
  }
  const enterprises = [...byEnterprise.values()];
  for (const e of enterprises) {
    e.coverage = wanted.size === 0 ? 0 : e.covered.length / wanted.size;
    e.scenarios.sort((a, b) => b.covered.length - a.covered.length || a.slug.localeCompare(b.slug));
  }
  enterprises.sort((a, b) => b.coverage - a.coverage || a.enterprise.name.localeCompare(b.enterprise.name));

  const coveredBy = (list: PartnerSuggestion[]) => new Set(list.flatMap((e) => e.covered));
  const anyCovers = coveredBy(enterprises);
  const partnersCover = coveredBy(enterprises.filter((e) => e.partnership?.status === 'active'));
  const codes = [...wanted].sort();
  return {
    moduleCompetencies: codes.map((c) => byCode.get(c)!),
    enterprises,
    uncovered: codes.filter((c) => !anyCovers.has(c)),
    uncoveredByPartners: codes.filter((c) => !partnersCover.has(c)),
  };
}

/**
 * A teacher's request for a partner: proposed on behalf of the course's school, so the
 * enterprise's admin accepts it; the school's admin sees it in their list and may end it.
 */
export async function requestPartner(db: Knex, actor: Actor, courseId: string, enterpriseId: string, now: Date): Promise<{ id: string; status: PartnershipStatus }> {
  await assertTeacherOf(db, actor, courseId);
  const course: { school_id: string } = await db('courses').where({ id: courseId }).first('school_id');
  const enterprise = await db('organizations').where({ id: enterpriseId, kind: 'enterprise' }).first('id');
  if (!enterprise) throw invalidField('body.enterpriseId', msg('field.noSuchEnterprise'));
  const id = await proposePair(db, { schoolId: course.school_id, enterpriseId, proposerId: course.school_id }, now, actor);
  return { id, status: 'proposed' };
}
