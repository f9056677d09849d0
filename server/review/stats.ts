import type { AgreementNumbers, AgreementView, CalibrationItemView, RubricCriterionView } from '../contract/review';
import { newestTitles, readerTitles } from '../attempts/packages';
import { errors } from '../http/errors';
import { msg } from '../messages';
import type { Actor } from '../http/policy';
import { agreement, minSubjectsForKappa, quadraticKappaInterval, type RatingPair } from './agreement';
import { isLead, resolveEnterprise } from './policy';
import * as repo from './repo';
import type { ReviewDeps } from './deps';

/** Pairs of levels and the submissions they come from. */
type Sample = { pairs: RatingPair[]; items: Set<string> };
const sample = (): Sample => ({ pairs: [], items: new Set() });

/**
 * The numbers for one row. Kappa needs 2k² submissions (k: the most levels among the row's
 * criteria; see `minSubjectsForKappa`). The interval only where every submission gives one
 * pair on one scale (a criterion's row): rows pooling criteria have several pairs per
 * submission, scored by the same two people at one sitting, so the pairs are not independent
 * and the standard error, which assumes they are, would be too small.
 */
export function numbers({ pairs, items }: Sample, onePairPerItem: boolean): AgreementNumbers {
  const a = agreement(pairs);
  const k = pairs.reduce((most, p) => Math.max(most, p.k), 0);
  const kappaMinItems = minSubjectsForKappa(Math.max(k, 2));
  const enough = pairs.length > 0 && items.size >= kappaMinItems;
  const status = !enough ? 'too_few' : a.kappa === null ? 'no_variation' : 'ok';
  const oneScale = pairs.every((p) => p.k === k);
  return {
    n: a.n,
    items: items.size,
    exactAgreement: a.exactAgreement,
    meanAbsDifference: a.meanAbsDifference,
    kappa: status === 'ok' ? a.kappa : null,
    kappaStatus: status,
    kappaMinItems,
    kappaInterval: status === 'ok' && onePairPerItem && oneScale ? quadraticKappaInterval(pairs, k) : null,
  };
}

/**
 * Reviewer agreement over every double-reviewed submission of the enterprise: both primary
 * reviews' levels per criterion form one pair. One query for the scores, one per distinct
 * rubric version (not per item) for the scales, so 10,000 items cost two round trips.
 */
export async function agreementView(deps: ReviewDeps, actor: Actor, query: { enterpriseId?: string; scenarioId?: string }): Promise<AgreementView> {
  const enterpriseId = resolveEnterprise(actor, query.enterpriseId);
  if (!(await isLead(deps.db, actor, enterpriseId))) throw errors.forbidden(msg('review.agreementLeadOnly'));
  const rows: { item_id: string; scenario_id: string; rubric_hash: string; reviewer_id: string; criterion_id: string; level: number; submitted_at: Date | number }[] = await deps
    .db('review_items as i')
    .join('reviews as r', 'r.item_id', 'i.id')
    .join('review_scores as s', 's.review_id', 'r.id')
    .where({ 'i.enterprise_id': enterpriseId, 'i.mode': 'double', 'r.kind': 'primary', 'r.status': 'submitted' })
    .modify((q) => (query.scenarioId ? q.where('i.scenario_id', query.scenarioId) : q))
    .orderBy([{ column: 'i.id' }, { column: 'r.submitted_at' }, { column: 'r.reviewer_id' }])
    .select('i.id as item_id', 'i.scenario_id', 'i.rubric_hash', 'r.reviewer_id', 's.criterion_id', 's.level', 'r.submitted_at');

  const hashes = [...new Set(rows.map((r) => r.rubric_hash))];
  const rubrics = new Map<string, RubricCriterionView[]>();
  if (hashes.length) {
    const samples: { rubric_hash: string; rubric_json: string }[] = await deps
      .db('review_items')
      .whereIn('id', deps.db('review_items').where('enterprise_id', enterpriseId).whereIn('rubric_hash', hashes).groupBy('rubric_hash').min({ id: 'id' }))
      .select('rubric_hash', 'rubric_json');
    for (const s of samples) rubrics.set(s.rubric_hash, JSON.parse(s.rubric_json));
  }

  // item → criterion → [reviewer, level] in submission order
  const byItem = new Map<string, { scenario: string; hash: string; ratings: Map<string, { reviewer: string; level: number }[]> }>();
  for (const r of rows) {
    let entry = byItem.get(r.item_id);
    if (!entry) byItem.set(r.item_id, (entry = { scenario: r.scenario_id, hash: r.rubric_hash, ratings: new Map() }));
    const list = entry.ratings.get(r.criterion_id) ?? [];
    list.push({ reviewer: r.reviewer_id, level: Number(r.level) });
    entry.ratings.set(r.criterion_id, list);
  }

  const perScenario = new Map<string, { all: Sample; criteria: Map<string, Sample> }>();
  const perReviewer = new Map<string, Sample>();
  const perPair = new Map<string, Sample>();
  const titles = new Map<string, string>();
  const push = <K>(m: Map<K, Sample>, k: K, p: RatingPair, itemId: string) => {
    const s = m.get(k) ?? m.set(k, sample()).get(k)!;
    s.pairs.push(p);
    s.items.add(itemId);
  };
  for (const [itemId, entry] of byItem) {
    const rubric = rubrics.get(entry.hash) ?? [];
    const s = perScenario.get(entry.scenario) ?? perScenario.set(entry.scenario, { all: sample(), criteria: new Map() }).get(entry.scenario)!;
    for (const c of rubric) {
      const ratings = entry.ratings.get(c.id);
      if (!ratings || ratings.length < 2) continue;
      titles.set(`${entry.scenario}:${c.id}`, c.title);
      // A fixed rater order (by id), not submission order: Cohen's kappa compares rater A with
      // rater B, and swapping them between items would mix their marginals.
      const [x, y] = [...ratings].sort((p, q) => p.reviewer.localeCompare(q.reviewer)) as [{ reviewer: string; level: number }, { reviewer: string; level: number }];
      const pair = { a: x.level, b: y.level, k: c.levels.length };
      s.all.pairs.push(pair);
      s.all.items.add(itemId);
      push(s.criteria, c.id, pair, itemId);
      push(perReviewer, x.reviewer, pair, itemId);
      push(perReviewer, y.reviewer, pair, itemId);
      push(perPair, [x.reviewer, y.reviewer].sort().join('|'), pair, itemId);
    }
  }

  const people = [...perReviewer.keys()];
  const names = new Map<string, string>(people.length ? (await deps.db('users').whereIn('id', people).select('id', 'name')).map((u: { id: string; name: string }) => [u.id, u.name]) : []);
  const scenarioTitles = await newestTitles(deps.db, [...perScenario.keys()]);
  const person = (id: string) => ({ id, name: names.get(id) ?? 'Former reviewer' });
  return {
    enterpriseId,
    scenarios: [...perScenario].map(([id, s]) => ({
      id,
      title: scenarioTitles.get(id) ?? id,
      pairs: s.all.items.size,
      overall: numbers(s.all, false),
      criteria: [...s.criteria].map(([cid, c]) => ({ id: cid, title: titles.get(`${id}:${cid}`) ?? cid, ...numbers(c, true) })),
    })),
    reviewers: [...perReviewer].map(([id, r]) => ({ ...person(id), ...numbers(r, false) })).sort((a, b) => a.name.localeCompare(b.name)),
    pairs: [...perPair].map(([key, p]) => {
      const [a, b] = key.split('|') as [string, string];
      return { a: person(a), b: person(b), ...numbers(p, false) };
    }),
  };
}

/** The calibration set as one reviewer sees it: what to score, and afterwards how far off they were. */
export async function calibrationItems(deps: ReviewDeps, actor: Actor, query: { enterpriseId?: string }): Promise<CalibrationItemView[]> {
  const enterpriseId = resolveEnterprise(actor, query.enterpriseId);
  const items: (repo.ReviewItemRow & { scenario_title: string })[] = await deps
    .db('review_items as i')
    .join('scenario_versions as v', 'v.id', 'i.scenario_version_id')
    .where({ 'i.enterprise_id': enterpriseId, 'i.calibration': true })
    .orderBy('i.submitted_at')
    .limit(200)
    .select('i.*', 'v.title as scenario_title');
  if (items.length === 0) return [];
  const ids = items.map((i) => i.id);
  const [agreed, mine, students, scenarioTitles] = await Promise.all([
    deps.db('calibration_scores').whereIn('item_id', ids) as Promise<{ item_id: string; criterion_id: string; level: number }[]>,
    deps.db('reviews as r').join('review_scores as s', 's.review_id', 'r.id').whereIn('r.item_id', ids).where({ 'r.reviewer_id': actor.id, 'r.kind': 'calibration' }).select('r.item_id', 's.criterion_id', 's.level') as Promise<
      { item_id: string; criterion_id: string; level: number }[]
    >,
    repo.studentRefs(deps.db, items),
    readerTitles(
      deps.db,
      items.map((i) => i.scenario_version_id),
    ),
  ]);
  return items.map((item) => {
    const rubric = repo.rubricOf(item);
    const yours = mine.filter((m) => m.item_id === item.id);
    return {
      itemId: item.id,
      scenario: { title: scenarioTitles.get(item.scenario_version_id) ?? item.scenario_title },
      student: students.get(item.attempt_id)!,
      scored: yours.length > 0,
      differences: yours.length
        ? rubric.map((c) => {
            const a = Number(agreed.find((x) => x.item_id === item.id && x.criterion_id === c.id)?.level ?? 0);
            const y = Number(yours.find((x) => x.criterion_id === c.id)?.level ?? 0);
            return { criterionId: c.id, title: c.title, agreed: a, yours: y, difference: y - a };
          })
        : null,
    };
  });
}
