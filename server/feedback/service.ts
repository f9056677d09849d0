import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { readerManifests, readerTitles } from '../attempts/packages';
import type { AdjustmentNote, AssignedScenario, CommentInput, CommentView, EnterpriseInsights, MissedCompetency, ScenarioInsight, ThreadView } from '../contract/feedback';
import { MIN_STUDENTS } from '../contract/feedback';
import { competencyIndex } from '../competency/case';
import { DEFAULT_LEVELS } from '../competency/mastery';
import { assertTeacherOf } from '../courses/policy';
import { toIso } from '../db/values';
import { invalidField } from '../http/validate';
import { msg } from '../messages';
import { consumeComment, type CommentLimiter } from '../http/rateLimit';
import { currentLocale } from '../http/locale';
import type { Actor } from '../http/policy';
import { assertThreadAccess, resolveInsightEnterprise, type Subject } from './policy';

/** Evidence below this on a competency counts as missing it: the proficient threshold. */
const THRESHOLD = DEFAULT_LEVELS.find((l) => l.id === 'proficient')!.min;
// PostgreSQL keeps scores as float4: an attempt at exactly 0.6 must not read as 0.5999999.
const BELOW = THRESHOLD - 1e-6;

const SUPPRESSED_NOTE = `fewer than ${MIN_STUDENTS} students so far`;
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

type VersionRow = { scenario_id: string; slug: string; id: string; version: string; title: string; published_at: Date | number | string; manifest_json: string };
type FigureRow = { scenario_id: string; attempts: number | string; students: number | string; schools: number | string; mean: number | string | null };
type CompetencyRow = { scenario_id: string; competency_code: string; assessed: number | string; students: number | string; missed: number | string | null };
type NoteRow = { scenario_id: string; id: string; made_on: Date | number | string; module: string; what: string; why: string; school: string };

/**
 * What an enterprise learns from the schools that use its scenarios, anonymised: per scenario,
 * graded attempts, schools, the mean final score and the competencies students most often miss
 * (the share of graded attempts whose evidence on it, one weighted mean per attempt, is below
 * proficient), and the teachers' adjustment notes that cite it. No student and no teacher is
 * named; figures built on fewer than MIN_STUDENTS students are held back. Five queries, however
 * many scenarios, schools and attempts.
 */
export async function enterpriseInsights(db: Knex, actor: Actor, enterpriseId: string | undefined): Promise<EnterpriseInsights> {
  const enterprise = resolveInsightEnterprise(actor, enterpriseId);
  const owned = db('scenarios').where('owner_org_id', enterprise.id).select('id');
  const graded = (q: Knex.QueryBuilder) =>
    q
      .join('assignments as asg', 'asg.id', 'a.assignment_id')
      .join('scenario_versions as v', 'v.id', 'asg.scenario_version_id')
      .whereIn('v.scenario_id', owned.clone())
      .where('a.status', 'graded');

  // One score per attempt and competency (the weighted mean of its evidence rows), as evidence.ts scores a piece of work.
  // Workplace evidence (no attempt) drops out at the join, as it should: these figures are about the enterprise's scenarios.
  const perAttempt = graded(db('evidence as e').join('attempts as a', 'a.id', 'e.attempt_id'))
    .groupBy('v.scenario_id', 'e.competency_code', 'e.attempt_id', 'a.student_id')
    .havingRaw('sum(e.weight) > 0')
    .select('v.scenario_id', 'e.competency_code', 'a.student_id', db.raw('sum(e.score * e.weight) / sum(e.weight) as score'))
    .as('p');

  const [versions, figures, competencies, notes, index] = await Promise.all([
    db('scenario_versions as v')
      .join('scenarios as s', 's.id', 'v.scenario_id')
      .where('s.owner_org_id', enterprise.id)
      .orderBy([{ column: 's.slug' }, { column: 'v.seq', order: 'desc' }])
      .select('s.id as scenario_id', 's.slug', 'v.id', 'v.version', 'v.title', 'v.published_at', 'v.manifest_json') as Promise<VersionRow[]>,
    graded(db('attempts as a'))
      .join('courses as c', 'c.id', 'asg.course_id')
      .groupBy('v.scenario_id')
      .select('v.scenario_id')
      .count({ attempts: 'a.id' })
      .countDistinct({ students: 'a.student_id' })
      .countDistinct({ schools: 'c.school_id' })
      .avg({ mean: 'a.final_score' }) as unknown as Promise<FigureRow[]>,
    db
      .from(perAttempt)
      .groupBy('p.scenario_id', 'p.competency_code')
      .select('p.scenario_id', 'p.competency_code')
      .count({ assessed: '*' })
      .countDistinct({ students: 'p.student_id' })
      .select(db.raw('sum(case when p.score < ? then 1 else 0 end) as missed', [BELOW])) as unknown as Promise<CompetencyRow[]>,
    db('adjustment_scenarios as x')
      .join('adjustments as j', 'j.id', 'x.adjustment_id')
      .join('course_modules as m', 'm.id', 'j.module_id')
      .join('courses as c', 'c.id', 'j.course_id')
      .join('organizations as o', 'o.id', 'c.school_id')
      .whereIn('x.scenario_id', owned.clone())
      .orderBy([
        { column: 'j.made_on', order: 'desc' },
        { column: 'j.created_at', order: 'desc' },
      ])
      .select('x.scenario_id', 'j.id', 'j.made_on', 'm.title as module', 'j.what', 'j.why', 'o.name as school') as Promise<NoteRow[]>,
    competencyIndex(db),
  ]);

  const figuresOf = new Map(figures.map((f) => [f.scenario_id, f]));
  const competenciesOf = groupBy(competencies, (c) => c.scenario_id);
  const notesOf = groupBy(notes, (n) => n.scenario_id);
  const versionsOf = groupBy(versions, (v) => v.scenario_id);
  // A bilingual scenario's titles in the reader's language.
  const manifests = await readerManifests(db, versions);
  const titleOf = (v: VersionRow) => manifests.get(v.id)?.title ?? v.title;
  const collator = new Intl.Collator(currentLocale());

  const scenarios: ScenarioInsight[] = [...versionsOf.values()].map((list) => {
    const latest = list[0]!;
    const f = figuresOf.get(latest.scenario_id);
    const suppressed = Number(f?.students ?? 0) < MIN_STUDENTS;
    // The scenario's competencies as its versions name them, then any other its evidence touched.
    const codes = new Set<string>();
    for (const v of list) for (const code of (JSON.parse(v.manifest_json) as { competencies?: string[] }).competencies ?? []) codes.add(code);
    const stats = new Map((competenciesOf.get(latest.scenario_id) ?? []).map((c) => [c.competency_code, c]));
    for (const code of stats.keys()) codes.add(code);
    const missed: MissedCompetency[] = [...codes].map((code) => {
      const s = stats.get(code);
      const title = index.get(code)?.title ?? code;
      const held = suppressed || (s !== undefined && Number(s.students) < MIN_STUDENTS);
      if (held) return { code, title, assessed: null, missed: null, share: null, suppressed: true };
      const assessed = Number(s?.assessed ?? 0);
      const below = Number(s?.missed ?? 0);
      return { code, title, assessed, missed: below, share: assessed ? round4(below / assessed) : null, suppressed: false };
    });
    missed.sort((a, b) => (b.share ?? -1) - (a.share ?? -1) || (b.missed ?? -1) - (a.missed ?? -1) || a.code.localeCompare(b.code));
    const adjustments: AdjustmentNote[] = (notesOf.get(latest.scenario_id) ?? []).map((n) => ({
      id: n.id,
      madeOn: toIso(n.made_on)!.slice(0, 10),
      module: n.module,
      what: n.what,
      why: n.why,
      school: n.school,
    }));
    return {
      scenario: { id: latest.scenario_id, slug: latest.slug, title: titleOf(latest) },
      versions: list.map((v) => ({ id: v.id, version: v.version, title: titleOf(v), publishedAt: toIso(v.published_at)! })),
      suppressed,
      note: suppressed ? SUPPRESSED_NOTE : null,
      gradedAttempts: suppressed ? null : Number(f!.attempts),
      schools: suppressed ? null : Number(f!.schools),
      meanFinalScore: suppressed || f!.mean === null ? null : round4(Number(f!.mean)),
      competencies: missed,
      adjustments,
    };
  });
  scenarios.sort((a, b) => collator.compare(a.scenario.title, b.scenario.title));
  return { enterprise, minStudents: MIN_STUDENTS, threshold: THRESHOLD, scenarios };
}

/** The scenarios a course has assigned, for citing in an adjustment. */
export async function assignedScenarios(db: Knex, actor: Actor, courseId: string): Promise<AssignedScenario[]> {
  await assertTeacherOf(db, actor, courseId);
  const rows: { id: string; slug: string; version_id: string; title: string; enterprise: string | null; seq: number }[] = await db('assignments as a')
    .join('scenario_versions as v', 'v.id', 'a.scenario_version_id')
    .join('scenarios as s', 's.id', 'v.scenario_id')
    .leftJoin('organizations as o', 'o.id', 's.owner_org_id')
    .where('a.course_id', courseId)
    .select('s.id', 's.slug', 'v.id as version_id', 'v.title', 'o.name as enterprise', 'v.seq');
  // Named as the newest version the course assigned calls it.
  const byId = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!byId.has(r.id) || Number(byId.get(r.id)!.seq) < Number(r.seq)) byId.set(r.id, r);
  const titles = await readerTitles(
    db,
    [...byId.values()].map((r) => r.version_id),
  );
  const collator = new Intl.Collator(currentLocale());
  return [...byId.values()]
    .map(({ id, slug, version_id, title, enterprise }) => ({ id, slug, title: titles.get(version_id) ?? title, enterprise }))
    .sort((a, b) => collator.compare(a.title, b.title));
}

type CommentRow = { id: string; parent_id: string | null; author_id: string; name: string; body: string; created_at: Date | number | string };

/**
 * The organisation each author speaks for: the enterprise they author or review for, else the
 * school they teach at, else any organisation they administer. One query for the whole thread.
 */
async function affiliations(db: Knex, authorIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (authorIds.length === 0) return out;
  const rows: { user_id: string; role: string; name: string }[] = await db('memberships as m')
    .join('organizations as o', 'o.id', 'm.org_id')
    .whereIn('m.user_id', authorIds)
    .whereIn('m.role', ['author', 'reviewer', 'teacher', 'admin'])
    .orderBy('o.name')
    .select('m.user_id', 'm.role', 'o.name');
  const rank: Record<string, number> = { author: 0, reviewer: 0, teacher: 1, admin: 2 };
  for (const r of [...rows].sort((a, b) => rank[a.role]! - rank[b.role]!)) if (!out.has(r.user_id)) out.set(r.user_id, r.name);
  return out;
}

const viewOf = (r: CommentRow, orgs: Map<string, string>): CommentView => ({
  id: r.id,
  parentId: r.parent_id,
  author: { id: r.author_id, name: r.name, affiliation: orgs.get(r.author_id) ?? null },
  body: r.body,
  createdAt: toIso(r.created_at)!,
  replies: [],
});

/** A thread, oldest first, replies under their comment. Three queries at most. */
export async function readThread(db: Knex, actor: Actor, subject: Subject): Promise<ThreadView> {
  await assertThreadAccess(db, actor, subject);
  const rows: CommentRow[] = await db('comments as c')
    .join('users as u', 'u.id', 'c.author_id')
    .where({ 'c.subject_kind': subject.kind, 'c.subject_id': subject.subjectId })
    .orderBy([{ column: 'c.created_at' }, { column: 'c.id' }])
    .select('c.id', 'c.parent_id', 'c.author_id', 'u.name', 'c.body', 'c.created_at');
  const orgs = await affiliations(db, [...new Set(rows.map((r) => r.author_id))]);
  const top = new Map<string, CommentView>();
  for (const r of rows) if (!r.parent_id) top.set(r.id, viewOf(r, orgs));
  for (const r of rows) if (r.parent_id) top.get(r.parent_id)?.replies.push(viewOf(r, orgs));
  return { kind: subject.kind, subjectId: subject.subjectId, count: rows.length, comments: [...top.values()] };
}

/** Posts a comment. Only a comment that would be stored counts against the author's comment limits. */
export async function postComment(db: Knex, actor: Actor, subject: Subject, input: CommentInput, now: Date, limiter: CommentLimiter): Promise<CommentView> {
  await assertThreadAccess(db, actor, subject);
  if (input.parentId) {
    const parent = await db('comments').where({ id: input.parentId }).first('subject_kind', 'subject_id', 'parent_id');
    if (!parent || parent.subject_kind !== subject.kind || parent.subject_id !== subject.subjectId || parent.parent_id) {
      throw invalidField('body.parentId', msg('field.notTopLevelComment'));
    }
  }
  await consumeComment(limiter, actor.id);
  const row = { id: randomUUID(), subject_kind: subject.kind, subject_id: subject.subjectId, parent_id: input.parentId ?? null, author_id: actor.id, body: input.body, created_at: now };
  await db('comments').insert(row);
  const orgs = await affiliations(db, [actor.id]);
  return viewOf({ ...row, name: actor.name }, orgs);
}

function groupBy<T>(list: T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of list) (out.get(key(x)) ?? out.set(key(x), []).get(key(x))!).push(x);
  return out;
}
