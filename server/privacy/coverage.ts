/**
 * Where each table that names a person goes in a data export. tests/privacy/coverage.test.ts
 * reads the live schema, finds every table with a person column (a key to users, or a column
 * named like one), and fails when a table is in neither list: a new table cannot be forgotten.
 */

/** Table → the file of the export that carries its rows about the person. */
export const EXPORTED: Record<string, string> = {
  users: 'profile.json',
  memberships: 'profile.json',
  sso_identities: 'profile.json',
  lti_links: 'profile.json',
  password_resets: 'profile.json',
  course_members: 'courses.json',
  assignment_targets: 'courses.json',
  attempts: 'attempts.json',
  file_revisions: 'attempts.json',
  check_runs: 'attempts.json',
  criterion_results: 'attempts.json',
  score_changes: 'attempts.json',
  regrade_requests: 'attempts.json',
  statements: 'attempts.json',
  event_deliveries: 'attempts.json',
  review_items: 'reviews.json',
  reviews: 'reviews.json',
  review_scores: 'reviews.json',
  review_comments: 'reviews.json',
  evidence: 'competency.json',
  mastery: 'competency.json',
  targeted_plans: 'competency.json',
  placements: 'placements.json',
  assessment_points: 'placements.json',
  mentor_invitations: 'placements.json',
  placement_logs: 'logbook.json',
  placement_log_comments: 'logbook.json',
  placement_log_attachments: 'logbook.json',
  workplace_assessments: 'workplace-assessments.json',
  talent_consents: 'talent.json',
  talent_consent_log: 'talent.json',
  talent_invitations: 'talent.json',
  talent_shortlist: 'talent.json',
  sessions: 'sessions.json',
  mail_outbox: 'mail.json',
  mail_preferences: 'mail.json',
  mail_digest_items: 'mail.json',
  mail_notices: 'mail.json',
  audit_log: 'audit.json',
  xapi_outbox: 'xapi-statements.json',
  comments: 'comments.json',
  review_pseudonyms: 'comments.json',
};

/** Tables with a person column whose rows are not data about that person, and why. */
export const NOT_PERSONAL: Record<string, string> = {
  mastery_jobs: 'which teacher asked for a course’s mastery to be recomputed (requested_by): course administration, about no student',
  adjustments: 'a teacher’s note on a course module (created_by): curriculum work of the staff, about no student',
  assignments: 'which teacher set an assignment (created_by): course administration, about no student',
  draft_files: 'an author’s draft of a scenario (author_id): enterprise content, about no student',
  scenario_drafts: 'who edits a scenario draft (created_by, updated_by): enterprise content',
  scenario_versions: 'who published a scenario version (published_by): enterprise content',
  xapi_settings: 'who last saved an organisation’s learning record store connection (updated_by): administration, about no student',
  sso_configs: 'who last saved an organisation’s identity provider settings (updated_by): administration, about no student',
  api_tokens: 'which admin made or revoked an organisation’s API token (created_by, revoked_by): administration, about no student',
};

/** Columns that name a person even without a foreign key to users (audit and timeline actors, file authors). */
export const PERSON_COLUMN = /^(user_id|student_id|actor_id|author_id|by_user_id|reviewer_id|assessor_id|[a-z_]+_by)$/;
