import type { Knex } from 'knex';
import type { AdjustmentView, CompetencyRef, CourseReport, GapView, PracticeNeed, PracticeReason, PracticeScenario, ReportCell, SourceComparison, SourceSide } from '../contract/competency';
import { SOURCE_DISAGREEMENT } from '../contract/competency';
import { readerManifests, readerTitles } from '../attempts/packages';
import { assertTeacherOf } from '../courses/policy';
import { toBool, toDate, toIso } from '../db/values';
import { activePartnerIds, isAssignable } from '../orgs/partnerships';
import { currentLocale } from '../http/locale';
import type { Actor } from '../http/policy';
import { competencyIndex, levelsFor, proficientLine } from './case';
import { listModules } from './curriculum';
import { methodView } from './methodView';
import { currentMasteryJob } from './masteryJobs';
import { MASTERY_COLUMNS, sourcesOf, type CourseMasterySettings, type MasteryValues, type SourceMastery } from './evidence';
import { levelOf, type ProficiencyLevel } from './mastery';
import { plural } from '../contract/plural';
import { msg, render, type MessageKey, type MessageLocale } from '../messages';

/** Below this many pieces of work on either side, a before/after comparison says so instead of a number. */
export const ENOUGH_EVIDENCE = 5;

/**
 * The course report: mastery (already kept per student and competency, see evidence.ts) as a
 * heatmap and distributions, the gaps ranked with the modules that teach them and what
 * reviewers wrote, the students who need targeted practice, and the adjustment log with a
 * before/after comparison. A fixed number of queries whatever the cohort size.
 */
export async function courseReport(db: Knex, actor: Actor, courseId: string): Promise<CourseReport> {
  await assertTeacherOf(db, actor, courseId);
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the row type, over several lines, reads better after the query
  const course = (await db('courses').where({ id: courseId }).first('id', 'title', ...MASTERY_COLUMNS)) as CourseMasterySettings & {
    id: string;
    title: string;
  };
  // Gaps and practice are about "below proficient" on the framework's levels, whatever the
  // method: the course's own threshold belongs to n_mastery and must not move what a gap means.
  let threshold = 0.6;
  let levels = [] as Awaited<ReturnType<typeof levelsFor>>;
  const [students, mastery, modules, index] = await Promise.all([
    db('course_members as m').join('users as u', 'u.id', 'm.user_id').where({ 'm.course_id': courseId, 'm.role': 'student' }).orderBy('u.name').select('u.id', 'u.name') as Promise<
      { id: string; name: string }[]
    >,
    db('mastery')
      .where({ course_id: courseId })
      .select('student_id', 'values_json')
      .then((rows: { student_id: string; values_json: string }[]) =>
        rows.flatMap((r) =>
          Object.entries(JSON.parse(r.values_json) as MasteryValues).map(([code, entry]) => ({ student_id: r.student_id, competency_code: code, value: entry[0], attempts: entry[1], sources: sourcesOf(entry) })),
        ),
      ),
    listModules(db, courseId),
    competencyIndex(db),
  ]);
  const ref = (code: string): CompetencyRef => ({ code, title: index.get(code)?.title ?? code, parent: index.get(code)?.parent ?? null });

  // Module order first (what the course teaches), then anything else the evidence touched.
  const codes: string[] = [];
  for (const m of modules) for (const c of m.competencies) if (!codes.includes(c.code)) codes.push(c.code);
  for (const code of [...new Set(mastery.map((r) => r.competency_code))].sort()) if (!codes.includes(code)) codes.push(code);
  levels = await levelsFor(db, codes);
  threshold = proficientLine(levels);

  const cells: ReportCell[] = mastery.map((r) => {
    const value = r.value === null ? null : Number(r.value);
    return { studentId: r.student_id, code: r.competency_code, value, level: levelOf(value, levels)?.id ?? null, attempts: Number(r.attempts) };
  });
  const byCode = new Map<string, ReportCell[]>();
  for (const c of cells) (byCode.get(c.code) ?? byCode.set(c.code, []).get(c.code)!).push(c);
  // Per competency, each student's mastery of simulated work and of workplace assessments.
  const sourcesList = new Map<string, ReturnType<typeof sourcesOf>[]>();
  for (const r of mastery) (sourcesList.get(r.competency_code) ?? sourcesList.set(r.competency_code, []).get(r.competency_code)!).push(r.sources);

  const distribution = codes.map((code) => {
    const counts: Record<string, number> = Object.fromEntries([...levels.map((l) => [l.id, 0]), ['none', 0]]);
    const list = byCode.get(code) ?? [];
    for (const c of list) counts[c.level ?? 'none']!++;
    counts.none! += students.length - list.length;
    return { ...ref(code), counts };
  });

  const gapsRaw = codes
    .map((code) => {
      // Work without a result yet (n_mastery not reached) is below proficient, not absent.
      const assessed = (byCode.get(code) ?? []).filter((c) => c.value !== null || c.attempts > 0);
      const below = assessed.filter((c) => c.value === null || c.value < threshold).length;
      // The same count on each kind of evidence alone, so the gap says where it shows.
      const side = (kind: 'simulated' | 'workplace') => {
        const having = (sourcesList.get(code) ?? []).map((x) => x[kind]).filter(([value, pieces]) => value !== null || pieces > 0);
        return { below: having.filter(([value]) => value === null || value < threshold).length, assessed: having.length };
      };
      return { code, below, assessed: assessed.length, share: assessed.length ? below / assessed.length : 0, bySource: { simulated: side('simulated'), workplace: side('workplace') } };
    })
    .filter((g) => g.below > 0)
    .sort((a, b) => b.share - a.share || b.below - a.below || a.code.localeCompare(b.code));
  const quotes = await reviewerQuotes(
    db,
    courseId,
    gapsRaw.map((g) => g.code),
    threshold,
  );
  const gaps: GapView[] = gapsRaw.map((g) => ({
    ...ref(g.code),
    ...g,
    modules: modules.flatMap((m) => m.competencies.filter((c) => c.code === g.code).map((c) => ({ id: m.id, title: m.title, weight: c.weight }))),
    quotes: quotes.get(g.code) ?? [],
  }));

  const column = new Map(codes.map((c, i) => [c, i]));
  const row = new Map(students.map((s, i) => [s.id, i]));
  const heatmap = { values: students.map(() => codes.map((): number | null => null)), attempts: students.map(() => codes.map(() => 0)) };
  for (const c of cells) {
    const i = row.get(c.studentId);
    const j = column.get(c.code);
    if (i === undefined || j === undefined) continue;
    heatmap.values[i]![j] = c.value === null ? null : Math.round(c.value * 10_000) / 10_000;
    heatmap.attempts[i]![j] = c.attempts;
  }
  return {
    course: { id: course.id, title: course.title },
    method: methodView(course),
    recompute: await currentMasteryJob(db, course.id),
    levels,
    competencies: codes.map(ref),
    students,
    heatmap,
    distribution,
    gaps,
    sources: mastery.some((r) => r.sources.workplace[1] > 0) ? codes.map((code) => compareSources(ref(code), sourcesList.get(code) ?? [], levels)) : [],
    practice: await practiceNeeds(db, courseId, students, cells, threshold, ref),
    modules,
    adjustments: await adjustments(db, courseId, modules, ref),
  };
}

/** One side of the on/off-campus comparison: the mean of the students with a result from that kind of evidence. */
function sideOf(values: SourceMastery[], levels: ProficiencyLevel[]): SourceSide {
  const having = values.flatMap(([value]) => (value === null ? [] : [Number(value)]));
  const mean = having.length ? having.reduce((a, b) => a + b, 0) / having.length : null;
  return { mean: mean === null ? null : Math.round(mean * 10_000) / 10_000, level: levelOf(mean, levels)?.id ?? null, students: having.length };
}

/**
 * On campus (simulated work) beside off campus (workplace assessments) for one competency. A
 * disagreement (different levels, or SOURCE_DISAGREEMENT apart) is a curriculum signal: the
 * scenarios train or measure the competency differently from how the workplace sees it.
 */
function compareSources(ref: CompetencyRef, list: { simulated: SourceMastery; workplace: SourceMastery }[], levels: ProficiencyLevel[]): SourceComparison {
  const onCampus = sideOf(
    list.map((s) => s.simulated),
    levels,
  );
  const offCampus = sideOf(
    list.map((s) => s.workplace),
    levels,
  );
  const paired = list.filter((s) => s.simulated[0] !== null && s.workplace[0] !== null);
  const disagreeing = paired.filter((s) => levelOf(Number(s.simulated[0]), levels)?.id !== levelOf(Number(s.workplace[0]), levels)?.id).length;
  let disagree: SourceComparison['disagree'] = null;
  if (onCampus.mean !== null && offCampus.mean !== null) {
    const diff = offCampus.mean - onCampus.mean;
    // The slack keeps a difference of exactly the threshold (as a teacher reads it) a disagreement despite float noise.
    if (onCampus.level !== offCampus.level || Math.abs(diff) >= SOURCE_DISAGREEMENT - 1e-9) disagree = diff < 0 ? 'workplaceLower' : 'workplaceHigher';
  }
  return { ...ref, onCampus, offCampus, both: paired.length, disagreeing, disagree };
}

/**
 * What reviewers wrote on work that scored below the threshold on a rubric criterion training
 * the competency: their overall comments, newest first, three per competency.
 */
async function reviewerQuotes(db: Knex, courseId: string, codes: string[], threshold: number): Promise<Map<string, GapView['quotes']>> {
  const out = new Map<string, GapView['quotes']>();
  if (codes.length === 0) return out;
  // Driven from the course's reviewed attempts (few) into evidence by its attempt index, never
  // a scan of the course's evidence (a million rows in a big cohort).
  const reviewed = db('review_items as ri').join('assignments as ra', 'ra.id', 'ri.assignment_id').where('ra.course_id', courseId).select('ri.attempt_id');
  const rows: { competency_code: string; overall_comment: string; version_id: string; submitted_at: Date | number }[] = await db('evidence as e')
    .join('review_items as i', 'i.attempt_id', 'e.attempt_id')
    .join('reviews as r', 'r.item_id', 'i.id')
    .join('scenario_versions as v', 'v.id', 'i.scenario_version_id')
    .whereIn('e.attempt_id', reviewed)
    .where({ 'e.ref_kind': 'criterion', 'r.status': 'submitted' })
    .whereIn('r.kind', ['primary', 'moderation'])
    .whereIn('e.competency_code', codes)
    .where('e.score', '<', threshold)
    .whereNot('r.overall_comment', '')
    .orderBy('r.submitted_at', 'desc')
    .limit(500)
    .select('e.competency_code', 'r.overall_comment', 'i.scenario_version_id as version_id', 'r.submitted_at');
  const titles = await readerTitles(
    db,
    rows.map((r) => r.version_id),
  );
  for (const r of rows) {
    const list = out.get(r.competency_code) ?? out.set(r.competency_code, []).get(r.competency_code)!;
    if (list.length < 3 && !list.some((q) => q.text === r.overall_comment)) list.push({ text: r.overall_comment, scenario: titles.get(r.version_id)!, at: toIso(r.submitted_at)! });
  }
  return out;
}

/**
 * Students below the enterprise's pass mark on any graded work, or below the threshold on any
 * competency, with the published scenarios that train their weakest competencies.
 */
async function practiceNeeds(
  db: Knex,
  courseId: string,
  students: { id: string; name: string }[],
  cells: ReportCell[],
  threshold: number,
  ref: (code: string) => CompetencyRef,
): Promise<PracticeNeed[]> {
  // Below the pass mark of its scenario: one pass mark per version, not a manifest per attempt.
  const marks: { id: string; title: string; manifest_json: string }[] = await db('scenario_versions')
    .whereIn('id', db('assignments').where('course_id', courseId).distinct('scenario_version_id'))
    .select('id', 'title', 'manifest_json');
  // Titles in the teacher's language when the package is written in it.
  const markManifests = await readerManifests(db, marks);
  const passMark = new Map(marks.map((m) => [m.id, { title: markManifests.get(m.id)!.title, passAt: markManifests.get(m.id)!.scoring.passAt }]));
  const failed: { student_id: string; final_score: number; version_id: string }[] = await db('attempts as a')
    .join('assignments as asg', 'asg.id', 'a.assignment_id')
    .where({ 'asg.course_id': courseId, 'a.status': 'graded' })
    .whereNotNull('a.final_score')
    .select('a.student_id', 'a.final_score', 'asg.scenario_version_id as version_id');
  const latest: { id: string; scenario_id: string; slug: string; title: string; version: string; manifest_json: string; owner_org_id: string | null; public: boolean | number }[] = await db(
    'scenario_versions as v',
  )
    .join('scenarios as s', 's.id', 'v.scenario_id')
    .whereRaw('v.seq = (select max(w.seq) from scenario_versions w where w.scenario_id = v.scenario_id)')
    .select('v.id', 'v.scenario_id', 's.slug', 'v.title', 'v.version', 'v.manifest_json', 's.owner_org_id', 's.public');
  // Only what this school may assign: library, public, or a partner's.
  const school = await db('courses').where({ id: courseId }).first('school_id');
  const partners = await activePartnerIds(db, [school.school_id]);
  // Never suggest practice on a scenario the course still assesses: practice shows more.
  const assessed = new Set<string>(
    (await db('assignments as a').join('scenario_versions as v', 'v.id', 'a.scenario_version_id').where({ 'a.course_id': courseId, 'a.mode': 'assessment' }).distinct('v.scenario_id')).map(
      (r: { scenario_id: string }) => r.scenario_id,
    ),
  );
  const trains = latest
    .filter((v) => !assessed.has(v.scenario_id) && isAssignable({ owner: v.owner_org_id ? { id: v.owner_org_id, name: '' } : null, public: toBool(v.public) }, partners))
    .map((v) => ({ ...v, competencies: new Set((JSON.parse(v.manifest_json) as { competencies: string[] }).competencies) }));
  const trainManifests = await readerManifests(db, trains);
  // Grouped once: a cohort of a thousand must not mean a thousand scans of every cell.
  const collator = new Intl.Collator(currentLocale());
  const workOf = groupBy(failed, (f) => f.student_id);
  const cellsOf = groupBy(cells, (c) => c.studentId);
  const needs: PracticeNeed[] = [];
  for (const s of students) {
    const reasons: string[] = [];
    const why: PracticeReason[] = [];
    for (const f of workOf.get(s.id) ?? []) {
      const mark = passMark.get(f.version_id);
      if (mark && Number(f.final_score) < mark.passAt) {
        reasons.push(`${Math.round(Number(f.final_score) * 100)} % on “${mark.title}”, below the enterprise’s pass mark of ${Math.round(mark.passAt * 100)} %`);
        why.push({ kind: 'belowPassMark', scenario: mark.title, score: Number(f.final_score), passAt: mark.passAt });
      }
    }
    const weak = (cellsOf.get(s.id) ?? [])
      .filter((c) => (c.value === null && c.attempts > 0) || (c.value !== null && c.value < threshold))
      .sort((a, b) => (a.value ?? 0) - (b.value ?? 0))
      .slice(0, 3);
    for (const w of weak) {
      reasons.push(w.value === null ? `${ref(w.code).title}: no result yet from ${plural(w.attempts, 'piece')} of work` : `${ref(w.code).title} at ${Math.round(w.value * 100)} %, below ${Math.round(threshold * 100)} %`);
      why.push(w.value === null ? { kind: 'noResult', competency: ref(w.code).title, attempts: w.attempts } : { kind: 'belowThreshold', competency: ref(w.code).title, value: w.value, threshold });
    }
    if (reasons.length === 0) continue;
    const weakCodes = weak.map((w) => w.code);
    const scenarios: PracticeScenario[] = trains
      .map((v) => ({ versionId: v.id, slug: v.slug, title: trainManifests.get(v.id)!.title, version: v.version, covers: weakCodes.filter((c) => v.competencies.has(c)) }))
      .filter((v) => v.covers.length > 0)
      .sort((a, b) => b.covers.length - a.covers.length || collator.compare(a.title, b.title))
      .slice(0, 3);
    needs.push({ student: s, reasons, why, weakest: weak.map((w) => ({ ...ref(w.code), value: w.value })), scenarios });
  }
  return needs;
}

/**
 * The adjustment log. For each logged change, the module's competencies compared on the
 * pieces of work done before and after the change date (one score per attempt, all students).
 */
async function adjustments(db: Knex, courseId: string, modules: CourseReport['modules'], ref: (code: string) => CompetencyRef): Promise<AdjustmentView[]> {
  const rows: { id: string; module_id: string; made_on: Date | number; what: string; why: string; by: string }[] = await db('adjustments as a')
    .join('users as u', 'u.id', 'a.created_by')
    .where('a.course_id', courseId)
    .orderBy('a.made_on', 'desc')
    .select('a.id', 'a.module_id', 'a.made_on', 'a.what', 'a.why', 'u.name as by');
  if (rows.length === 0) return [];
  const version = Number((await db('courses').where({ id: courseId }).first('evidence_version'))?.evidence_version ?? 0);
  const cached = new Map<string, { evidence_version: number; codes: string; comparison_json: string }>(
    (await db('adjustment_comparisons').whereIn(
      'adjustment_id',
      rows.map((a) => a.id),
    )).map((c: { adjustment_id: string; evidence_version: number; codes: string; comparison_json: string }) => [c.adjustment_id, c]),
  );
  const sides = await Promise.all(
    rows.map(async (a) => {
      const codes = modules.find((m) => m.id === a.module_id)?.competencies.map((c) => c.code) ?? [];
      const key = codes.join(',');
      const hit = cached.get(a.id);
      if (hit && Number(hit.evidence_version) === version && hit.codes === key) return JSON.parse(hit.comparison_json) as Side[];
      const computed = codes.length ? await compareAround(db, courseId, codes, toDate(a.made_on)!) : [];
      await db('adjustment_comparisons')
        .insert({ adjustment_id: a.id, evidence_version: version, codes: key, comparison_json: JSON.stringify(computed) })
        .onConflict('adjustment_id')
        .merge();
      return computed;
    }),
  );
  return rows.map((a, k) => {
    const module = modules.find((m) => m.id === a.module_id);
    const got = new Map(sides[k]!.map((r) => [r.competency_code, r]));
    return {
      id: a.id,
      module: { id: a.module_id, title: module?.title ?? '' },
      madeOn: toIso(a.made_on)!.slice(0, 10),
      what: a.what,
      why: a.why,
      by: a.by,
      comparison: (module?.competencies ?? []).map((c) => {
        const r = got.get(c.code);
        const before = { mean: r?.mean_before === null || r?.mean_before === undefined ? null : Number(r.mean_before), n: Number(r?.n_before ?? 0) };
        const after = { mean: r?.mean_after === null || r?.mean_after === undefined ? null : Number(r.mean_after), n: Number(r?.n_after ?? 0) };
        return { ...ref(c.code), before, after, enough: before.n >= ENOUGH_EVIDENCE && after.n >= ENOUGH_EVIDENCE };
      }),
    };
  });
}

type Side = { competency_code: string; n_before: number | string; mean_before: number | null; n_after: number | string; mean_after: number | null };

/**
 * Simulated-work evidence on some competencies before and after a date: the mean (weighted as
 * mastery weights it) and the pieces of work, aggregated in the database from a covering index.
 */
async function compareAround(db: Knex, courseId: string, codes: string[], cut: Date): Promise<Side[]> {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the row type, over several lines, reads better after the query
  return (await db('evidence')
    .where('course_id', courseId)
    .whereIn('competency_code', codes)
    // Simulated work only: a module change shows first in the scenarios taught after it, while
    // workplace assessments come when placements end (not when the module was taught), their
    // weights are on another scale, and their share would move with how many were placed.
    // Workplace rows are exactly those without an attempt, and attempt_id is in the covering index.
    .whereNotNull('attempt_id')
    .groupBy('competency_code')
    .select('competency_code')
    .select(
      db.raw('count(distinct case when submitted_at < ? then attempt_id end) as n_before', [cut]),
      db.raw('sum(case when submitted_at < ? then score * weight end) / sum(case when submitted_at < ? then weight end) as mean_before', [cut, cut]),
      db.raw('count(distinct case when submitted_at >= ? then attempt_id end) as n_after', [cut]),
      db.raw('sum(case when submitted_at >= ? then score * weight end) / sum(case when submitted_at >= ? then weight end) as mean_after', [cut, cut]),
    )) as Side[];
}

function groupBy<T>(list: T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of list) (out.get(key(x)) ?? out.set(key(x), []).get(key(x))!).push(x);
  return out;
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  // Quote when needed; a leading = + - @ (or a tab or return before one) runs as a formula in a spreadsheet.
  const safe = typeof v === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The heatmap, the gaps or the on/off-campus comparison as CSV, its header row in the reader's language (the data as stored). */
export function reportCsv(report: CourseReport, part: 'heatmap' | 'gaps' | 'sources', locale: MessageLocale = 'en'): string {
  const header = (key: MessageKey) => render(msg(key), locale);
  const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  const lines: (string | number | null)[][] = [];
  if (part === 'heatmap') {
    lines.push([header('csv.heatmap.student'), ...report.competencies.map((c) => `${c.code} ${c.title}`)]);
    report.students.forEach((s, i) => {
      lines.push([s.name, ...report.heatmap.values[i]!.map(pct)]);
    });
  } else if (part === 'gaps') {
    lines.push(
      (['competency', 'title', 'below', 'assessed', 'share', 'belowOnCampus', 'assessedOnCampus', 'belowOffCampus', 'assessedOffCampus', 'modules', 'quotes'] as const).map((k) => header(`csv.gaps.${k}`)),
    );
    for (const g of report.gaps) {
      const { simulated: on, workplace: off } = g.bySource;
      lines.push([g.code, g.title, g.below, g.assessed, pct(g.share), on.below, on.assessed, off.below, off.assessed, g.modules.map((m) => m.title).join('; '), g.quotes.map((q) => q.text).join(' | ')]);
    }
  } else {
    lines.push((['competency', 'title', 'onCampus', 'onCampusStudents', 'offCampus', 'offCampusStudents', 'both', 'disagreeing', 'signal'] as const).map((k) => header(`csv.sources.${k}`)));
    for (const c of report.sources) {
      const signal = c.disagree ? header(`csv.sources.${c.disagree}`) : '';
      lines.push([c.code, c.title, pct(c.onCampus.mean), c.onCampus.students, pct(c.offCampus.mean), c.offCampus.students, c.both, c.disagreeing, signal]);
    }
  }
  return `${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
