import type { Knex } from 'knex';
import { readerTitles } from '../attempts/packages';
import type { ModerationView, ReviewAlert, ReviewAlertsView } from '../contract/review';
import { toDate, toIso } from '../db/values';
import { chooseOrg, type Actor } from '../http/policy';
import { errors } from '../http/errors';
import { msg } from '../messages';
import { reviewerOrgs } from './policy';
import * as repo from './repo';

/**
 * Who settles a double review's disagreement. In order: a lead who did not score the work;
 * failing that, any reviewer who did not; failing that (everyone left scored it, or is the
 * student) a lead who scored it, who must then leave a note on the record; failing that
 * nobody, until an admin adds a reviewer or makes a scorer a lead. The last two are "stuck":
 * the enterprise's admins and leads are told, on their pages and live.
 */

type Reviewer = { id: string; name: string; lead: boolean };

export const alertRooms = { alerts: (enterpriseId: string) => `review-alerts:${enterpriseId}` };

/** The enterprise's reviewers who can act now: a reviewer role on an account that is not disabled. */
async function reviewersOf(db: Knex, enterpriseIds: string[]): Promise<Map<string, Reviewer[]>> {
  const rows: { org_id: string; id: string; name: string; lead: boolean | number }[] = await db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .whereIn('m.org_id', enterpriseIds)
    .where({ 'm.role': 'reviewer', 'u.disabled': false })
    .orderBy('u.name')
    .select('m.org_id', 'u.id', 'u.name', 'm.lead');
  const out = new Map<string, Reviewer[]>(enterpriseIds.map((id) => [id, []]));
  for (const r of rows) out.get(r.org_id)!.push({ id: r.id, name: r.name, lead: Boolean(r.lead) });
  return out;
}

export function moderatorRule(reviewers: Reviewer[], scorers: ReadonlySet<string>, studentId: string | null): ModerationView {
  const person = (r: Reviewer) => ({ id: r.id, name: r.name });
  const free = reviewers.filter((r) => !scorers.has(r.id) && r.id !== studentId);
  const leads = free.filter((r) => r.lead);
  if (leads.length > 0) return { by: 'lead', people: leads.map(person) };
  if (free.length > 0) return { by: 'reviewer', people: free.map(person) };
  const scoringLeads = reviewers.filter((r) => r.lead && scorers.has(r.id) && r.id !== studentId);
  if (scoringLeads.length > 0) return { by: 'scoring-lead', people: scoringLeads.map(person) };
  return { by: 'nobody', people: [] };
}

type Scored = { item_id: string; reviewer_id: string; submitted_at: Date | number };

/** The rule for each item in moderation (others are left out), in four queries whatever the number of items. */
export async function moderationOf(db: Knex, items: repo.ReviewItemRow[]): Promise<Map<string, ModerationView & { scorers: Scored[] }>> {
  const inModeration = items.filter((i) => i.status === 'moderation');
  const out = new Map<string, ModerationView & { scorers: Scored[] }>();
  if (inModeration.length === 0) return out;
  const [reviewers, scored, students] = await Promise.all([
    reviewersOf(db, [...new Set(inModeration.map((i) => i.enterprise_id))]),
    db('reviews')
      .whereIn(
        'item_id',
        inModeration.map((i) => i.id),
      )
      .where({ kind: 'primary', status: 'submitted' })
      .select('item_id', 'reviewer_id', 'submitted_at') as Promise<Scored[]>,
    db('attempts')
      .whereIn(
        'id',
        inModeration.map((i) => i.attempt_id),
      )
      .select('id', 'student_id') as Promise<{ id: string; student_id: string }[]>,
  ]);
  const studentOf = new Map(students.map((s) => [s.id, s.student_id]));
  for (const item of inModeration) {
    const scorers = scored.filter((s) => s.item_id === item.id);
    const rule = moderatorRule(reviewers.get(item.enterprise_id) ?? [], new Set(scorers.map((s) => s.reviewer_id)), studentOf.get(item.attempt_id) ?? null);
    out.set(item.id, { ...rule, scorers });
  }
  return out;
}

export const isStuck = (rule: ModerationView) => rule.by === 'scoring-lead' || rule.by === 'nobody';

/**
 * The enterprise's items in moderation that no reviewer who did not score them can settle: no
 * enabled reviewer exists who is neither a scorer nor the student. One query, for the counts.
 */
export function stuckItems(db: Knex, enterpriseId: string) {
  return db('review_items as i')
    .join('attempts as a', 'a.id', 'i.attempt_id')
    .where({ 'i.enterprise_id': enterpriseId, 'i.status': 'moderation' })
    .whereNotExists((q) =>
      q
        .select('m.id')
        .from('memberships as m')
        .join('users as u', 'u.id', 'm.user_id')
        .whereRaw('m.org_id = i.enterprise_id')
        .where({ 'm.role': 'reviewer', 'u.disabled': false })
        .whereRaw('m.user_id <> a.student_id')
        .whereNotExists((s) => s.select('r.id').from('reviews as r').whereRaw('r.item_id = i.id').whereRaw('r.reviewer_id = m.user_id').where({ 'r.kind': 'primary', 'r.status': 'submitted' })),
    );
}

/** Enterprises whose stuck moderations the caller is told about: those they administer or review for. */
export function alertsEnterprise(actor: Actor, enterpriseId?: string): string {
  const mine = [...new Set([...actor.memberships.filter((m) => m.role === 'admin' && m.orgKind === 'enterprise').map((m) => m.orgId), ...reviewerOrgs(actor)])];
  return chooseOrg(mine, enterpriseId, {
    none: () => errors.forbidden(msg('review.alertsForStaff')),
    several: msg('orgs.severalEnterprises'),
  });
}

const ALERTS_SHOWN = 50;

/** Stuck moderations, oldest first: what is waiting, who scored it, and what would free it. */
export async function reviewAlerts(db: Knex, actor: Actor, query: { enterpriseId?: string }): Promise<ReviewAlertsView> {
  const enterpriseId = alertsEnterprise(actor, query.enterpriseId);
  const [[{ n: total }], rows, reviewers] = await Promise.all([
    stuckItems(db, enterpriseId).count({ n: '*' }) as unknown as Promise<[{ n: number | string }]>,
    stuckItems(db, enterpriseId)
      .join('scenario_versions as v', 'v.id', 'i.scenario_version_id')
      .join('assignments as asg', 'asg.id', 'i.assignment_id')
      .orderBy([{ column: 'i.submitted_at' }, { column: 'i.id' }])
      .limit(ALERTS_SHOWN)
      .select('i.*', 'v.title as scenario_title', 'asg.title as assignment_title') as Promise<(repo.ReviewItemRow & { scenario_title: string; assignment_title: string })[]>,
    reviewersOf(db, [enterpriseId]),
  ]);
  const [rules, titles] = await Promise.all([
    moderationOf(db, rows),
    readerTitles(
      db,
      rows.map((r) => r.scenario_version_id),
    ),
  ]);
  const people = new Map((reviewers.get(enterpriseId) ?? []).map((r) => [r.id, r]));
  const missing = [...new Set([...rules.values()].flatMap((r) => r.scorers.map((s) => s.reviewer_id)).filter((id) => !people.has(id)))];
  // A scorer who has left the enterprise (or was disabled) is still named.
  const former: { id: string; name: string }[] = missing.length ? await db('users').whereIn('id', missing).select('id', 'name') : [];
  for (const f of former) people.set(f.id, { ...f, lead: false });
  const items: ReviewAlert[] = rows.map((row) => {
    const rule = rules.get(row.id)!;
    const waiting = Math.max(...rule.scorers.map((s) => toDate(s.submitted_at)!.getTime()));
    return {
      itemId: row.id,
      scenario: { title: titles.get(row.scenario_version_id) ?? row.scenario_title },
      assignment: { title: row.assignment_title },
      submittedAt: toIso(row.submitted_at)!,
      waitingSince: Number.isFinite(waiting) ? new Date(waiting).toISOString() : toIso(row.updated_at)!,
      criteria: repo.flaggedOf(row).length,
      scorers: rule.scorers.map((s) => people.get(s.reviewer_id) ?? { id: s.reviewer_id, name: 'Former reviewer', lead: false }).sort((a, b) => a.name.localeCompare(b.name)),
      // The rule may have moved on between the two queries; an alert is only ever one of these.
      by: rule.by === 'nobody' ? 'nobody' : 'scoring-lead',
    };
  });
  return { enterpriseId, items, total: Number(total), reviewers: reviewers.get(enterpriseId)?.length ?? 0 };
}
