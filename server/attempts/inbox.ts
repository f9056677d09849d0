import type { Knex } from 'knex';
import type { EventsRead, EventsReadInput } from '../contract/workspace';
import { ServerEvents } from '../contract/realtime';
import { toDate } from '../db/values';
import { errors } from '../http/errors';
import { msg } from '../messages';
import type { Actor } from '../http/policy';
import { rooms, type AttemptDeps } from './deps';
import * as repo from './repo';

/**
 * Which inbox messages the student has seen, kept with each delivery (`read_at`), so a message
 * read on the laptop is not "new" again on the phone. Only the attempt's student marks them; a
 * teacher opening the attempt reads without marking. Ids of events not delivered (yet) are
 * ignored: nothing can be marked read before it arrives.
 */
export async function markEventsRead(deps: AttemptDeps, actor: Actor, input: EventsReadInput): Promise<EventsRead> {
  const attempt = await repo.findAttempt(deps.db, input.attemptId);
  if (!attempt || attempt.student_id !== actor.id) throw errors.notFound(msg('notFound.attempt'));
  const now = deps.clock();
  const ids = [...new Set(input.eventIds)];
  // Conditional on read_at being empty: the first time seen stays, whichever tab wins.
  await deps.db('event_deliveries').where({ attempt_id: attempt.id }).whereIn('event_id', ids).whereNull('read_at').update({ read_at: now });
  const read: { event_id: string }[] = await deps.db('event_deliveries').where({ attempt_id: attempt.id }).whereIn('event_id', ids).whereNotNull('read_at').select('event_id');
  const result: EventsRead = { attemptId: attempt.id, eventIds: read.map((r) => r.event_id).sort(), readAt: now.toISOString() };
  if (result.eventIds.length > 0) deps.publisher.toRoom(rooms.attempt(attempt.id), ServerEvents.eventsRead, result);
  return result;
}

/** When the student first saw each delivered message, by event id. */
export async function readTimes(db: Knex, attemptId: string): Promise<Map<string, Date>> {
  const rows: { event_id: string; read_at: Date | number }[] = await db('event_deliveries').where({ attempt_id: attemptId }).whereNotNull('read_at').select('event_id', 'read_at');
  return new Map(rows.map((r) => [r.event_id, toDate(r.read_at)!]));
}
