import type { Knex } from 'knex';

/**
 * Everything the platform holds about one person, read table by table. Rows go out as stored
 * (timestamps as ISO strings, JSON columns parsed) so the export is the data, not a view of it;
 * what is left out is left out on purpose: password hashes, session tokens, reviewers' identities
 * under blind review, other people's unsigned drafts. server/privacy/coverage.ts lists which
 * table goes where, and tests/privacy/coverage.test.ts fails when a table with a person column is
 * in neither list.
 */

export type Row = Record<string, unknown>;
export type OriginalFile = { path: string; bytes: Uint8Array };
export type Collected = { json: Record<string, unknown>; files: OriginalFile[] };

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === 'number' && v > 1e11 ? new Date(v).toISOString() : v);

/** A row as it goes out: dates as ISO strings, `*_json` columns parsed, `omit` left out. */
export function clean(row: Row, omit: string[] = []): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    if (omit.includes(k)) continue;
    if (k.endsWith('_json') && typeof v === 'string') {
      try {
        out[k.slice(0, -5)] = JSON.parse(v) as unknown;
      } catch {
        out[k] = v;
      }
    } else if (k.endsWith('_at') || k === 'at' || k === 'timestamp') out[k] = iso(v);
    else out[k] = v;
  }
  return out;
}

const cleanAll = (rows: Row[], omit: string[] = []) => rows.map((r) => clean(r, omit));

/** A file name inside the zip: no climbing out of its folder, no characters some unzippers refuse. */
export const safeSegment = (s: string) =>
  [...s.replace(/\.\.+/g, '_').replace(/^\/+/, '')].map((c) => (c.charCodeAt(0) < 0x20 || '\\:*?"<>|'.includes(c) ? '_' : c)).join('');

export async function collectPersonalData(db: Knex, userId: string): Promise<Collected> {
  const files: OriginalFile[] = [];
  const user: Row = await db('users').where({ id: userId }).first();
  const memberships: Row[] = await db('memberships as m').join('organizations as o', 'o.id', 'm.org_id').where('m.user_id', userId).select('m.*', 'o.name as org_name', 'o.kind as org_kind');

  const attempts: Row[] = await db('attempts as a')
    .join('assignments as g', 'g.id', 'a.assignment_id')
    .where('a.student_id', userId)
    .orderBy('a.started_at')
    .select('a.*', 'g.title as assignment_title', 'g.course_id');
  const attemptIds = attempts.map((a) => a.id as string);
  const attemptDetail: Record<string, unknown>[] = [];
  for (const a of attempts) {
    const id = a.id as string;
    const revisions: Row[] = await db('file_revisions').where({ attempt_id: id }).orderBy([{ column: 'path' }, { column: 'revision' }]).select('*');
    // The original file is the latest revision of each path; the history goes out as metadata.
    const latest = new Map<string, Row>();
    for (const r of revisions) latest.set(r.path as string, r);
    for (const r of latest.values()) files.push({ path: `attempts/${id}/files/${safeSegment(r.path as string)}`, bytes: new TextEncoder().encode(String(r.content)) });
    const [checkRuns, criterionResults, scoreChanges, regrades, statements, events] = await Promise.all([
      db('check_runs').where({ attempt_id: id }).orderBy('created_at').select('*'),
      db('criterion_results').where({ attempt_id: id }).select('*'),
      db('score_changes').where({ attempt_id: id }).orderBy('seq').select('seq', 'target_kind', 'target_id', 'from_score', 'to_score', 'reason', 'at'),
      db('regrade_requests').where({ attempt_id: id }).select('id', 'target_kind', 'target_id', 'reason', 'status', 'reply', 'from_score', 'to_score', 'created_at', 'resolved_at'),
      db('statements').where({ attempt_id: id }).orderBy('seq').select('*'),
      db('event_deliveries').where({ attempt_id: id }).select('*'),
    ]);
    attemptDetail.push({
      attempt: clean(a),
      revisions: cleanAll(revisions, ['content']),
      checkRuns: cleanAll(checkRuns),
      criterionResults: cleanAll(criterionResults),
      scoreChanges: cleanAll(scoreChanges),
      regradeRequests: cleanAll(regrades),
      timeline: cleanAll(statements),
      eventDeliveries: cleanAll(events),
    });
  }

  const reviews = await reviewsReceived(db, attemptIds);

  const placements: Row[] = await db('placements as p')
    .join('training_bases as b', 'b.id', 'p.base_id')
    .where('p.student_id', userId)
    .select('p.*', 'b.name as base_name', 'b.site as base_site');
  const placementIds = placements.map((p) => p.id as string);
  const logs: Row[] = placementIds.length ? await db('placement_logs').whereIn('placement_id', placementIds).orderBy(['placement_id', 'week']).select('*') : [];
  const logIds = logs.map((l) => l.id as string);
  const logComments: Row[] = logIds.length
    ? await db('placement_log_comments as c').join('users as u', 'u.id', 'c.author_id').whereIn('c.log_id', logIds).orderBy('c.created_at').select('c.id', 'c.log_id', 'c.body', 'c.created_at', 'u.name as author_name')
    : [];
  const attachments: Row[] = logIds.length ? await db('placement_log_attachments').whereIn('log_id', logIds).orderBy('created_at').select('*') : [];
  for (const f of attachments) {
    const bytes = f.content instanceof Uint8Array ? f.content : new Uint8Array(Buffer.from(f.content as string));
    files.push({ path: `logbook/${f.log_id as string}/${f.id as string}-${safeSegment(f.name as string)}`, bytes });
  }
  const assessmentPoints: Row[] = placementIds.length ? await db('assessment_points').whereIn('placement_id', placementIds).select('*') : [];
  // Only signed assessments: a draft is the mentor's unfinished work, not yet a record about the student.
  const workplaceAssessments: Row[] = placementIds.length ? await db('workplace_assessments').whereIn('placement_id', placementIds).where({ status: 'signed' }).select('*') : [];

  const [evidence, mastery, targeted, courses, targets, consents, consentLog, invitations, shortlist, sessions, mail, audit, comments, pseudonyms, mentorInvitations, ssoIdentities, ltiLinks, passwordResets, mailPreferences, mailDigest, mailNotices] = await Promise.all([
    db('evidence').where({ student_id: userId }).orderBy('id').select('*'),
    db('mastery').where({ student_id: userId }).select('*'),
    db('targeted_plans').where({ student_id: userId }).select('*'),
    db('course_members as cm').join('courses as c', 'c.id', 'cm.course_id').where('cm.user_id', userId).select('cm.*', 'c.title as course_title', 'c.code as course_code'),
    db('assignment_targets').where({ student_id: userId }).select('*'),
    db('talent_consents').where({ student_id: userId }).select('*'),
    db('talent_consent_log').where({ student_id: userId }).orderBy('at').select('id', 'enterprise_id', 'action', 'shares_identity', 'shares_assessments', 'at'),
    db('talent_invitations').where({ student_id: userId }).select('*'),
    db('talent_shortlist').where({ student_id: userId }).select('enterprise_id', 'role', 'note', 'created_at', 'updated_at'),
    // The session id is the credential's key: never exported.
    db('sessions').where({ user_id: userId }).orderBy('created_at').select('created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'),
    db('mail_outbox').where({ user_id: userId }).orderBy('created_at').select('*'),
    db('audit_log')
      .where((q) => q.where({ target_kind: 'user', target_id: userId }).orWhere({ actor_id: userId }))
      .orderBy('at')
      .select('*'),
    db('comments').where({ author_id: userId }).orderBy('created_at').select('*'),
    db('review_pseudonyms').where({ student_id: userId }).select('*'),
    db('mentor_invitations').where({ accepted_by: userId }).select('id', 'placement_id', 'name', 'email', 'created_at', 'used_at'),
    db('sso_identities').where({ user_id: userId }).select('org_id', 'issuer', 'subject', 'created_at', 'last_used_at'),
    db('lti_links as l').join('lti_registrations as r', 'r.id', 'l.registration_id').where({ 'l.user_id': userId }).select('r.org_id', 'r.issuer', 'l.sub', 'l.created_at', 'l.last_used_at'),
    // The token's hash is the link's key: never exported; when links were made and used is.
    db('password_resets').where({ user_id: userId }).orderBy('created_at').select('kind', 'created_at', 'expires_at', 'used_at', 'revoked_at'),
    db('mail_preferences').where({ user_id: userId }).select('kind', 'delivery', 'updated_at'),
    db('mail_digest_items').where({ user_id: userId }).orderBy('created_at').select('kind', 'subject', 'text_body', 'created_at', 'digested_at'),
    db('mail_notices').where({ user_id: userId }).orderBy('created_at').select('key', 'created_at'),
  ]);

  // The xAPI statements about the person queued for (or sent to) their school's LRS, as sent.
  const xapi: Row[] = await db('xapi_outbox').where({ user_id: userId }).orderBy('created_at').select('statement_id', 'status', 'statement_json', 'created_at', 'sent_at');

  return {
    files,
    json: {
      'profile.json': { user: clean(user, ['password_hash']), memberships: cleanAll(memberships), singleSignOn: cleanAll(ssoIdentities), ltiLinks: cleanAll(ltiLinks), passwordResets: cleanAll(passwordResets) },
      'courses.json': { courses: cleanAll(courses), assignmentTargets: cleanAll(targets) },
      'attempts.json': attemptDetail,
      'reviews.json': reviews,
      'competency.json': { evidence: cleanAll(evidence), mastery: cleanAll(mastery), targetedPlans: cleanAll(targeted) },
      'placements.json': { placements: cleanAll(placements), assessmentPoints: cleanAll(assessmentPoints), mentorInvitationsAccepted: cleanAll(mentorInvitations) },
      'logbook.json': { entries: cleanAll(logs), comments: cleanAll(logComments), attachments: cleanAll(attachments, ['content', 'sha256']) },
      'workplace-assessments.json': cleanAll(workplaceAssessments),
      'talent.json': { consents: cleanAll(consents), consentLog: cleanAll(consentLog), invitations: cleanAll(invitations), shortlist: cleanAll(shortlist) },
      'sessions.json': cleanAll(sessions),
      'mail.json': { sent: cleanAll(mail), preferences: cleanAll(mailPreferences), digestItems: cleanAll(mailDigest), noticesSent: cleanAll(mailNotices) },
      'audit.json': cleanAll(audit).map((e) => ({ ...e, detail: typeof e.detail === 'string' ? (JSON.parse(e.detail) as unknown) : e.detail })),
      'comments.json': { threadComments: cleanAll(comments), reviewPseudonyms: cleanAll(pseudonyms) },
      'xapi-statements.json': cleanAll(xapi),
    },
  };
}

/**
 * Reviews of the person's work, as finished: the reviewers' scores and comments, and who the
 * reviewer was only when the review was not blind (server/review/feedback.ts shows the student
 * names on the same rule). Calibration reviews train the reviewers and say nothing new about the work.
 */
async function reviewsReceived(db: Knex, attemptIds: string[]): Promise<Row[]> {
  if (attemptIds.length === 0) return [];
  const items: Row[] = await db('review_items').whereIn('attempt_id', attemptIds).where({ status: 'done' }).select('id', 'attempt_id', 'mode', 'blind', 'status', 'submitted_at', 'completed_at');
  const out: Row[] = [];
  for (const item of items) {
    const blind = item.blind === true || item.blind === 1;
    const reviews: Row[] = await db('reviews as r')
      .join('users as u', 'u.id', 'r.reviewer_id')
      .where('r.item_id', item.id as string)
      .where('r.status', 'submitted')
      .whereNot('r.kind', 'calibration')
      .select('r.id', 'r.kind', 'r.overall_comment', 'r.submitted_at', 'u.name as reviewer_name');
    const withScores = [];
    for (const r of reviews) {
      const [scores, lineComments] = await Promise.all([
        db('review_scores').where({ review_id: r.id as string }).select('criterion_id', 'level', 'points'),
        db('review_comments').where({ review_id: r.id as string }).orderBy('created_at').select('path', 'line', 'revision', 'body', 'created_at'),
      ]);
      withScores.push({ ...clean(r, blind ? ['reviewer_name'] : []), scores: cleanAll(scores), lineComments: cleanAll(lineComments) });
    }
    out.push({ ...clean(item), blind, reviews: withScores });
  }
  return out;
}
