import type { Knex } from 'knex';
import type { UpcomingView } from '../contract/workspace';
import { toDate } from '../db/values';
import { upcomingOf, type ScenarioManifestT } from '../scenarios/schema';
import { durationMs, lockedTasks } from './clock';
import type { AttemptRow } from './repo';

/**
 * What is still to come in an attempt: the events not delivered yet, with when they are due
 * only if the author announces events (a surprise stays one), and what the scenario does with
 * a task still locked when the work is submitted. The submit dialog lists these either way.
 */
export function presentUpcoming(manifest: ScenarioManifestT, attempt: Pick<AttemptRow, 'status' | 'started_at'>, delivered: ReadonlyMap<string, Date>): UpcomingView {
  const rules = upcomingOf(manifest);
  const startedAt = toDate(attempt.started_at)!.getTime();
  const events =
    attempt.status !== 'in_progress'
      ? []
      : manifest.events
          .filter((e) => !delivered.has(e.id))
          .map((e) => {
            const afterTask = e.after?.startsWith('task:') ? e.after.slice('task:'.length) : null;
            const expected = e.at ? startedAt + durationMs(e.at) : e.after === 'start' ? startedAt : null;
            return {
              from: e.from,
              channel: e.channel,
              unlocks: e.unlocks?.replace(/^task:/, '') ?? null,
              expectedAt: rules.announce && expected !== null ? new Date(expected).toISOString() : null,
              afterTask: rules.announce ? afterTask : null,
            };
          })
          // Timed ones in the order they come, then the ones that wait for a task.
          .sort((a, b) => (a.expectedAt === b.expectedAt ? 0 : a.expectedAt === null ? 1 : b.expectedAt === null ? -1 : a.expectedAt < b.expectedAt ? -1 : 1));
  return { lockedTasks: rules.lockedTasks, announced: rules.announce, events };
}

/**
 * The tasks still locked when the attempt was submitted: what grading leaves out under
 * `lockedTasks: omit`. Only events delivered by the moment of submission count, so a delivery
 * racing the submit does not open a task the student never saw.
 */
export async function lockedAtSubmission(db: Knex, attempt: Pick<AttemptRow, 'id' | 'submitted_at'>, manifest: ScenarioManifestT): Promise<Set<string>> {
  const submittedAt = toDate(attempt.submitted_at);
  const rows: { event_id: string; delivered_at: Date | number }[] = await db('event_deliveries').where({ attempt_id: attempt.id }).select('event_id', 'delivered_at');
  const delivered = new Set(rows.filter((r) => !submittedAt || toDate(r.delivered_at)!.getTime() <= submittedAt.getTime()).map((r) => r.event_id));
  return lockedTasks(manifest, delivered);
}
