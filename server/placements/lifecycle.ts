import type { Knex } from 'knex';
import { STATUS_TRANSITIONS, type UpdatePlacementInput } from '../contract/mentors';
import type { PlacementStatus, PlacementView } from '../contract/placements';
import { errors } from '../http/errors';
import type { Actor } from '../http/policy';
import { invalidField } from '../http/validate';
import { msg } from '../messages';
import type { Publisher } from '../realtime/publisher';
import { placementAccess } from './access';
import { publishChanged, revokeInvitations } from './mentors';
import { assertBaseHasRoom, assertWithinFullTime, placementView } from './service';

/**
 * A placement's life: planned → active → completed, or cancelled before it completes. The school
 * side runs it (its school mentor and the school's teachers); the period and hours are checked
 * again with the rules of creation. A completed or cancelled placement no longer changes.
 */
export async function updatePlacement(
  deps: { db: Knex; clock: () => Date; publisher: Publisher },
  actor: Actor,
  id: string,
  input: UpdatePlacementInput,
): Promise<PlacementView> {
  const { placement: p, relations } = await placementAccess(deps.db, actor, id, ['schoolMentor', 'school']);
  const teaches = actor.memberships.some((m) => m.orgId === p.schoolId && m.role === 'teacher');
  if (!relations.has('schoolMentor') && !teaches) throw errors.forbidden(msg('mentors.lifecycleForbidden'));

  const from = p.status as PlacementStatus;
  const to = input.status ?? from;
  if (to !== from && !STATUS_TRANSITIONS[from].includes(to)) throw errors.conflict(msg('mentors.badTransition', { from, to }));
  const period = { startsOn: input.startsOn ?? p.startsOn, endsOn: input.endsOn ?? p.endsOn, weeklyHours: input.weeklyHours ?? p.weeklyHours };
  const periodChanged = period.startsOn !== p.startsOn || period.endsOn !== p.endsOn || period.weeklyHours !== p.weeklyHours;
  if (to === from && !periodChanged) return placementView(deps.db, id);
  if (STATUS_TRANSITIONS[from].length === 0) throw errors.conflict(msg('mentors.placementClosed', { status: from }));
  if (period.endsOn < period.startsOn) {
    const field = input.endsOn !== undefined ? 'body.endsOn' : 'body.startsOn';
    throw invalidField(field, msg('placements.endsBeforeStart', { startsOn: period.startsOn }));
  }

  const now = deps.clock();
  await deps.db.transaction(async (trx) => {
    // As at creation: the student's row serialises two changes of their placements.
    const lock = trx('users').where({ id: p.studentId }).first('id');
    if (trx.client.config.client === 'pg') lock.forUpdate();
    await lock;
    // Cancelling frees hours and never needs them; anything else counts against full time.
    if (to !== 'cancelled' && periodChanged) {
      await assertWithinFullTime(trx, p.studentId, period, id);
      await assertBaseHasRoom(trx, p.baseId, period, id);
    }
    await trx('placements').where({ id }).update({ status: to, starts_on: period.startsOn, ends_on: period.endsOn, weekly_hours: period.weeklyHours, updated_at: now });
    if (to === 'completed' || to === 'cancelled') await revokeInvitations(trx, id, now);
  });
  publishChanged(deps.publisher, id);
  return placementView(deps.db, id);
}
