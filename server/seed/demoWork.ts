import type { Knex } from 'knex';
import type { AppDeps } from '../deps';
import { membershipsOf, toActor } from '../accounts/repo';
import { saveFile } from '../attempts/autosave';
import { startAttempt, submitAttempt } from '../attempts/service';
import { packageOf } from '../attempts/packages';
import { createModule, recordAdjustment } from '../competency/curriculum';
import type { Actor } from '../http/policy';
import { claim, submitReview } from '../review/service';
import { subtree } from '../scenarios/package';
import { DEMO_COURSE } from './demo';

/** Signs a demo person in, as far as the services are concerned. */
export async function actorFor(db: Knex, email: string): Promise<Actor | null> {
  const user = await db('users').where({ email }).first('id', 'email', 'name', 'platform_role');
  if (!user) return null;
  return toActor(user, (await membershipsOf(db, [user.id])).get(user.id) ?? [], 'seed');
}

type Quality = 'full' | 'partial' | 'none';

/**
 * Past work of the demo cohort, oldest first: who did which sample, how well. Spread over the
 * last days so records have a trend and the seeded adjustment has work on both sides of it.
 */
const PAST_WORK: { student: string; slug: string; quality: Quality; daysAgo: number }[] = [
  { student: 'student1', slug: 'order-reconciliation', quality: 'partial', daysAgo: 6 },
  { student: 'student2', slug: 'freight-quote', quality: 'full', daysAgo: 6 },
  { student: 'student3', slug: 'freight-quote', quality: 'partial', daysAgo: 6 },
  { student: 'student4', slug: 'order-reconciliation', quality: 'none', daysAgo: 5 },
  { student: 'student5', slug: 'signup-validation', quality: 'full', daysAgo: 5 },
  { student: 'student6', slug: 'overdue-invoices', quality: 'full', daysAgo: 5 },
  { student: 'student2', slug: 'order-reconciliation', quality: 'full', daysAgo: 2 },
  { student: 'student3', slug: 'overdue-invoices', quality: 'partial', daysAgo: 2 },
  { student: 'student4', slug: 'freight-quote', quality: 'full', daysAgo: 2 },
  { student: 'student5', slug: 'proxy-outage', quality: 'partial', daysAgo: 1 },
  { student: 'student6', slug: 'oee-line', quality: 'partial', daysAgo: 1 },
];

const REVIEW_COMMENT: Record<Quality, string> = {
  full: 'Clear and complete: this is how we want a handover written. The customer could act on it as it is.',
  partial: 'The fix is partly there, but the note does not say why the numbers were wrong; a colleague could not check it.',
  none: 'Nothing here addresses the task yet. Start from the failing checks and write down what you find.',
};

const MODULES = [
  { title: 'Module 1: Debugging and fixing business code', competencies: ['js.debugging', 'js.implementation', 'software.validation'] },
  { title: 'Module 2: SQL for operations', competencies: ['sql.query', 'sql.join', 'sql.aggregate', 'sql.modification'] },
  { title: 'Module 3: Writing to colleagues and customers', competencies: ['communication.technical', 'communication.customer'] },
  { title: 'Module 4: Working on live systems', competencies: ['ops.web-server', 'ops.troubleshooting', 'work.requirements'] },
];

const DAY = 86_400_000;

/**
 * Demo work done through the real services (attempt, autosave, submit, sandboxed grading,
 * review), so the review queue, the course report and the records have content at first
 * start: past work of the cohort, reviewed by Ma Lin, and Chen Jie's freight-quote, left
 * waiting in the queue of Sun Hao (the demo reviewer). Returns the submissions made.
 */
export async function seedDemoWork(deps: AppDeps): Promise<number> {
  const course = await deps.db('courses').where({ title: DEMO_COURSE }).first('id');
  const waiting = await actorFor(deps.db, 'student1@cvit.example');
  const reviewer = await actorFor(deps.db, 'reviewer2@swift.example');
  const teacher = await actorFor(deps.db, 'teacher@cvit.example');
  if (!course || !waiting || !reviewer || !teacher) return 0;
  if (await deps.db('attempts as a').join('assignments as asg', 'asg.id', 'a.assignment_id').where('asg.course_id', course.id).first('a.id')) return 0;

  const real = deps.clock();
  let submitted = 0;
  for (const work of PAST_WORK) {
    // Each piece of work happens at its own time: a clock that reads then, for every service.
    const at = new Date(real.getTime() - work.daysAgo * DAY + submitted * 60_000);
    const then = { ...deps, clock: () => at };
    const student = await actorFor(deps.db, `${work.student}@cvit.example`);
    const attemptId = await doWork(then, course.id, student!, work.slug, work.quality);
    if (!attemptId) continue;
    submitted++;
    const item = await deps.db('review_items').where({ attempt_id: attemptId }).first('id');
    if (!item) continue;
    const detail = await claim(then, reviewer, item.id);
    const level = (n: number) => (work.quality === 'full' ? n - 1 : work.quality === 'partial' ? Math.floor((n - 1) / 2) : 0);
    await submitReview(then, reviewer, item.id, {
      scores: detail.rubric.map((c) => ({ criterionId: c.id, level: level(c.levels.length) })),
      comments: [],
      overallComment: REVIEW_COMMENT[work.quality],
    });
  }

  // What the teacher planned, and one change they made to it three days ago.
  const modules = [];
  for (const m of MODULES) {
    modules.push(await createModule(deps.db, teacher, course.id, { title: m.title, description: '', competencies: m.competencies.map((code) => ({ code, weight: 1 })) }, real));
  }
  await recordAdjustment(
    deps.db,
    teacher,
    course.id,
    {
      moduleId: modules[2]!.id,
      madeOn: new Date(real.getTime() - 3 * DAY).toISOString().slice(0, 10),
      what: 'Added a worked example of a handover note and a peer-review exercise on it.',
      why: 'Swift Logistics reviewers wrote that our students’ notes do not say why numbers were wrong.',
      // Cited, so Swift Logistics sees the note beside the scenario's results.
      scenarioIds: (await deps.db('scenarios').whereIn('slug', ['freight-quote', 'order-reconciliation']).select('id')).map((r: { id: string }) => r.id),
    },
    real,
  );

  // Last: Chen Jie's freight-quote with the reference fix and a note in their own words, waiting for review.
  const fresh = await doWork(deps, course.id, waiting, 'freight-quote', 'full', '# What I changed\n\nQuotes were cut off instead of rounded, so some were a few fen short.\nI round to two decimals now. The fuel surcharge is added after the band price.\n');
  return submitted + (fresh ? 1 : 0);
}

/** Starts an attempt, saves the files a student of this quality would have, and submits. */
async function doWork(deps: AppDeps, courseId: string, student: Actor, slug: string, quality: Quality, notes?: string): Promise<string | null> {
  const assignment = await deps
    .db('assignments as a')
    .join('scenario_versions as v', 'v.id', 'a.scenario_version_id')
    .join('scenarios as s', 's.id', 'v.scenario_id')
    .where({ 'a.course_id': courseId, 's.slug': slug })
    .first('a.id', 'a.scenario_version_id');
  if (!assignment) return null;
  const attempt = await startAttempt(deps, student, assignment.id);
  const solution = subtree((await packageOf(deps.db, assignment.scenario_version_id)).files, 'solution');
  // Partial work: the answers are right, the code and queries are not fixed.
  const take = (path: string) => quality === 'full' || (quality === 'partial' && (path === 'answers.json' || path.endsWith('.md')));
  for (const file of attempt.files) {
    const content = file.path === 'NOTES.md' && notes ? notes : take(file.path) ? solution.get(file.path) : undefined;
    if (content !== undefined && content !== file.content) await saveFile(deps, student, { attemptId: attempt.id, path: file.path, baseRevision: file.revision, content });
  }
  await submitAttempt(deps, student, attempt.id, 'student');
  return attempt.id;
}
