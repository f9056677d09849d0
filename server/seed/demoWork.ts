import type { Knex } from 'knex';
import type { AppDeps } from '../app';
import { membershipsOf } from '../accounts/repo';
import { saveFile, startAttempt, submitAttempt } from '../attempts/service';
import { packageOf } from '../attempts/packages';
import type { Actor } from '../http/policy';
import { subtree } from '../scenarios/package';
import { DEMO_COURSE } from './demo';

/** Signs a demo person in, as far as the services are concerned. */
async function actorFor(db: Knex, email: string): Promise<Actor | null> {
  const user = await db('users').where({ email }).first('id', 'email', 'name');
  if (!user) return null;
  const memberships = (await membershipsOf(db, [user.id])).get(user.id) ?? [];
  return { id: user.id, email: user.email, name: user.name, sessionId: 'seed', memberships, roles: new Set(memberships.map((m) => m.role)) };
}

/**
 * Demo work done through the real services (attempt, autosave, submit, sandboxed grading),
 * so a new user finds a submission waiting in the demo reviewer's queue: Chen Jie's
 * freight-quote, with the reference fix and a note in their own words.
 */
export async function seedDemoWork(deps: AppDeps): Promise<number> {
  const student = await actorFor(deps.db, 'student1@cvit.example');
  if (!student) return 0;
  const assignment = await deps
    .db('assignments as a')
    .join('courses as c', 'c.id', 'a.course_id')
    .join('scenario_versions as v', 'v.id', 'a.scenario_version_id')
    .join('scenarios as s', 's.id', 'v.scenario_id')
    .where({ 'c.title': DEMO_COURSE, 's.slug': 'freight-quote' })
    .first('a.id', 'a.scenario_version_id');
  if (!assignment) return 0;
  if (await deps.db('attempts').where({ assignment_id: assignment.id, student_id: student.id }).first('id')) return 0;

  const attempt = await startAttempt(deps, student, assignment.id);
  const solution = subtree((await packageOf(deps.db, assignment.scenario_version_id)).files, 'solution');
  const notes =
    '# What I changed\n\nQuotes were cut off instead of rounded, so some were a few fen short.\n' +
    'I round to two decimals now. The fuel surcharge is added after the band price.\n';
  for (const file of attempt.files) {
    const content = file.path === 'NOTES.md' ? notes : solution.get(file.path);
    if (content !== undefined && content !== file.content) await saveFile(deps, student, { attemptId: attempt.id, path: file.path, baseRevision: file.revision, content });
  }
  await submitAttempt(deps, student, attempt.id, 'student');
  return 1;
}
