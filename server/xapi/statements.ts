import { createHash, createHmac } from 'node:crypto';

/**
 * xAPI 1.0.3 statements built from Practicum's own records (issue 19). Pure functions: the
 * collector (./collect.ts) reads the records, these shape them, so the export, the LRS
 * forwarding and the tests all see the same statements.
 *
 * Identity rules:
 *  - the actor is an `account` on the installation's canonical URL, named by a pseudonym (an
 *    HMAC of the user id with the organisation's xAPI key), never the e-mail: an LRS outside the
 *    school learns nothing it could link to a person without the school — unless the
 *    organisation chooses e-mail (`identify_by_email`), when it is `mbox: mailto:<e-mail>`;
 *  - a statement's id is a name-based UUID (v5 layout, SHA-1) of what it reports — the source
 *    record and its result — so sending it again is idempotent (an LRS keeps one statement per
 *    id), and a changed result (a regrade) is a new statement rather than a conflicting one.
 */

export const XAPI_VERSION = '1.0.3';

/** ADL's verbs where one fits; Practicum's own for what ADL has no word for. */
export const VERBS = {
  attempted: { id: 'http://adlnet.gov/expapi/verbs/attempted', display: { 'en-US': 'attempted', 'zh-CN': '开始尝试' } },
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed', 'zh-CN': '完成' } },
  passed: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed', 'zh-CN': '通过' } },
  failed: { id: 'http://adlnet.gov/expapi/verbs/failed', display: { 'en-US': 'failed', 'zh-CN': '未通过' } },
  scored: { id: 'http://adlnet.gov/expapi/verbs/scored', display: { 'en-US': 'scored', 'zh-CN': '得分' } },
  assessedAtWorkplace: { id: 'https://w3id.org/xapi/practicum/verbs/assessed-at-workplace', display: { 'en-US': 'was assessed at the workplace', 'zh-CN': '接受岗位评价' } },
} as const;

/** Practicum's vocabulary root for verbs, activity types and extensions (installation-independent). */
export const VOCABULARY = 'https://w3id.org/xapi/practicum';

export const ACTIVITY_TYPES = {
  scenario: 'http://adlnet.gov/expapi/activities/simulation',
  course: 'http://adlnet.gov/expapi/activities/course',
  task: `${VOCABULARY}/activity-types/task`,
  check: `${VOCABULARY}/activity-types/check`,
  criterion: `${VOCABULARY}/activity-types/rubric-criterion`,
  placementAssessment: `${VOCABULARY}/activity-types/placement-assessment`,
} as const;

export const EXTENSIONS = {
  submitReason: `${VOCABULARY}/extensions/submit-reason`,
  attemptNumber: `${VOCABULARY}/extensions/attempt-number`,
  competencies: `${VOCABULARY}/extensions/competencies`,
  assessmentSide: `${VOCABULARY}/extensions/assessment-side`,
} as const;

export type LanguageMap = Record<string, string>;
/** An xAPI Agent by one inverse functional identifier: a pseudonymous account, or the e-mail when the organisation chooses it. */
export type Agent = { objectType: 'Agent'; account: { homePage: string; name: string } } | { objectType: 'Agent'; mbox: string };
export type Activity = { objectType: 'Activity'; id: string; definition: { type: string; name: LanguageMap; description?: LanguageMap; extensions?: Record<string, unknown> } };
export type Result = {
  score?: { scaled?: number; raw?: number; min?: number; max?: number };
  success?: boolean;
  completion?: boolean;
  duration?: string;
  extensions?: Record<string, unknown>;
};
export type Statement = {
  id: string;
  actor: Agent;
  verb: { id: string; display: LanguageMap };
  object: Activity;
  result?: Result;
  context: {
    registration?: string;
    instructor?: Agent;
    platform: string;
    language?: string;
    contextActivities: { parent?: Activity[]; grouping?: Activity[] };
    extensions?: Record<string, unknown>;
  };
  timestamp: string;
  version: string;
};

/**
 * What every statement of one organisation shares: where accounts live and how people are named.
 * `emails`: present when the organisation identifies people by e-mail — each user's address,
 * loaded (by ./collect.ts) before the statements about them are built.
 */
export type Identity = { homePage: string; pseudonymKey: string; emails?: Map<string, string> };

/** A stable pseudonym for a user: the same person, the same name, for this organisation only. */
export function pseudonym(key: string, userId: string): string {
  return createHmac('sha256', key).update(`xapi-actor:${userId}`).digest('base64url').slice(0, 32);
}

export function agentOf(identity: Identity, userId: string): Agent {
  // A person without an address (an erased account) keeps the pseudonym rather than no identifier.
  const email = identity.emails?.get(userId);
  if (email) return { objectType: 'Agent', mbox: `mailto:${email}` };
  return { objectType: 'Agent', account: { homePage: identity.homePage, name: pseudonym(identity.pseudonymKey, userId) } };
}

/** Fixed namespace of Practicum's statement ids (RFC 4122 §4.3 name-based ids are namespaced). */
const NAMESPACE = Buffer.from('6f1c2b1e9a0d4c5e8f3a7b2d4e6c8a10', 'hex');

/** A name-based UUID (version 5, SHA-1): the same name gives the same id on every machine. */
export function uuidV5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** The registration of an attempt: its id when that is a UUID already, else a UUID made from it. */
export const registrationOf = (attemptId: string): string => (UUID.test(attemptId) ? attemptId.toLowerCase() : uuidV5(`attempt:${attemptId}`));

/** ISO 8601 duration of whole seconds (xAPI keeps at most 0.01 s; seconds are what the records hold). */
export function isoDuration(ms: number): string {
  let s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));
const round = (n: number) => Math.round(n * 10_000) / 10_000;

/** The activities an installation names, all under its own URL. */
export function activityIds(homePage: string) {
  const base = `${homePage}/xapi/activities`;
  return {
    course: (courseId: string) => `${base}/courses/${courseId}`,
    scenario: (scenarioId: string, version: string) => `${base}/scenarios/${encodeURIComponent(scenarioId)}/${version}`,
    task: (scenarioId: string, version: string, taskId: string) => `${base}/scenarios/${encodeURIComponent(scenarioId)}/${version}/tasks/${taskId}`,
    check: (scenarioId: string, version: string, checkId: string) => `${base}/scenarios/${encodeURIComponent(scenarioId)}/${version}/checks/${checkId}`,
    criterion: (scenarioId: string, version: string, criterionId: string) => `${base}/scenarios/${encodeURIComponent(scenarioId)}/${version}/criteria/${criterionId}`,
    placementAssessment: (placementId: string, kind: string) => `${base}/placements/${placementId}/assessments/${kind}`,
  };
}

/** What the records give about one attempt, for every statement about it. */
export type AttemptFacts = {
  attemptId: string;
  number: number;
  studentId: string;
  course: { id: string; title: string };
  /** `title`: in every language the package has (zh-CN, en), or its one. */
  scenario: { id: string; version: string; title: LanguageMap; language: string; passAt: number };
  startedAt: Date;
  submittedAt: Date | null;
  submitReason: 'student' | 'deadline' | null;
  finalScore: number | null;
  gradedAt: Date | null;
  /** The teacher who set the assignment: the statements' instructor where no reviewer is. */
  teacherId: string | null;
};

export type CheckFacts = { id: string; task: string; title: LanguageMap; points: number; earned: number; score: number; passed: boolean; competencies: Record<string, number> };
export type CriterionFacts = { id: string; title: LanguageMap; points: number; earned: number; assessorId: string | null; competencies: Record<string, number> };


function courseActivity(homePage: string, course: AttemptFacts['course']): Activity {
  return { objectType: 'Activity', id: activityIds(homePage).course(course.id), definition: { type: ACTIVITY_TYPES.course, name: { und: course.title } } };
}

function scenarioActivity(homePage: string, a: AttemptFacts): Activity {
  return {
    objectType: 'Activity',
    id: activityIds(homePage).scenario(a.scenario.id, a.scenario.version),
    definition: {
      type: ACTIVITY_TYPES.scenario,
      name: a.scenario.title,
      description: { 'en-US': 'A simulated work scenario on Practicum', 'zh-CN': 'Practicum 仿真工作场景' },
    },
  };
}

function attemptContext(identity: Identity, a: AttemptFacts, opts: { instructorId?: string | null; parent?: boolean } = {}): Statement['context'] {
  const instructor = opts.instructorId ?? a.teacherId;
  return {
    registration: registrationOf(a.attemptId),
    ...(instructor ? { instructor: agentOf(identity, instructor) } : {}),
    platform: 'Practicum',
    language: a.scenario.language === 'zh-CN' ? 'zh-CN' : 'en-US',
    contextActivities: {
      ...(opts.parent ? { parent: [scenarioActivity(identity.homePage, a)] } : {}),
      grouping: [courseActivity(identity.homePage, a.course)],
    },
    extensions: { [EXTENSIONS.attemptNumber]: a.number },
  };
}

function statement(kind: string, key: string, s: Omit<Statement, 'id' | 'version'>): Statement {
  // The id names the record and what it says (verb and result), so an unchanged record resends as the same statement.
  return { id: uuidV5(`${kind}|${key}|${s.verb.id}|${JSON.stringify(s.result ?? null)}`), ...s, version: XAPI_VERSION };
}

export function attemptStarted(identity: Identity, a: AttemptFacts): Statement {
  return statement('attempt-started', a.attemptId, {
    actor: agentOf(identity, a.studentId),
    verb: VERBS.attempted,
    object: scenarioActivity(identity.homePage, a),
    context: attemptContext(identity, a),
    timestamp: a.startedAt.toISOString(),
  });
}

export function attemptSubmitted(identity: Identity, a: AttemptFacts): Statement | null {
  if (!a.submittedAt) return null;
  return statement('attempt-submitted', a.attemptId, {
    actor: agentOf(identity, a.studentId),
    verb: VERBS.completed,
    object: scenarioActivity(identity.homePage, a),
    result: {
      completion: true,
      duration: isoDuration(a.submittedAt.getTime() - a.startedAt.getTime()),
      ...(a.submitReason ? { extensions: { [EXTENSIONS.submitReason]: a.submitReason } } : {}),
    },
    context: attemptContext(identity, a),
    timestamp: a.submittedAt.toISOString(),
  });
}

/** The released final score: passed or failed against the scenario's pass mark. */
export function attemptGraded(identity: Identity, a: AttemptFacts): Statement | null {
  if (a.finalScore === null || !a.gradedAt) return null;
  const scaled = round(clamp01(a.finalScore));
  const success = scaled >= a.scenario.passAt;
  return statement('attempt-graded', a.attemptId, {
    actor: agentOf(identity, a.studentId),
    verb: success ? VERBS.passed : VERBS.failed,
    object: scenarioActivity(identity.homePage, a),
    result: {
      score: { scaled, raw: round(scaled * 100), min: 0, max: 100 },
      success,
      completion: true,
      ...(a.submittedAt ? { duration: isoDuration(a.submittedAt.getTime() - a.startedAt.getTime()) } : {}),
    },
    context: attemptContext(identity, a),
    timestamp: a.gradedAt.toISOString(),
  });
}

/** One check of the submission (after regrades): scored, with success = the check passed. */
export function checkScored(identity: Identity, a: AttemptFacts, c: CheckFacts, at: Date): Statement {
  const ids = activityIds(identity.homePage);
  return statement('check-scored', `${a.attemptId}:${c.id}`, {
    actor: agentOf(identity, a.studentId),
    verb: VERBS.scored,
    object: {
      objectType: 'Activity',
      id: ids.check(a.scenario.id, a.scenario.version, c.id),
      definition: { type: ACTIVITY_TYPES.check, name: c.title, extensions: { [EXTENSIONS.competencies]: c.competencies } },
    },
    result: { score: { scaled: round(clamp01(c.score)), raw: round(c.earned), min: 0, max: c.points }, success: c.passed },
    context: {
      ...attemptContext(identity, a, { parent: true }),
      contextActivities: {
        parent: [{ objectType: 'Activity', id: ids.task(a.scenario.id, a.scenario.version, c.task), definition: { type: ACTIVITY_TYPES.task, name: { und: c.task } } }],
        grouping: [scenarioActivity(identity.homePage, a), courseActivity(identity.homePage, a.course)],
      },
    },
    timestamp: at.toISOString(),
  });
}

/** One rubric criterion's final points, the reviewer (pseudonymous) as instructor. */
export function criterionScored(identity: Identity, a: AttemptFacts, c: CriterionFacts, at: Date): Statement {
  const scaled = c.points > 0 ? round(clamp01(c.earned / c.points)) : 0;
  return statement('criterion-scored', `${a.attemptId}:${c.id}`, {
    actor: agentOf(identity, a.studentId),
    verb: VERBS.scored,
    object: {
      objectType: 'Activity',
      id: activityIds(identity.homePage).criterion(a.scenario.id, a.scenario.version, c.id),
      definition: { type: ACTIVITY_TYPES.criterion, name: c.title, extensions: { [EXTENSIONS.competencies]: c.competencies } },
    },
    result: { score: { scaled, raw: round(c.earned), min: 0, max: c.points } },
    context: attemptContext(identity, a, { instructorId: c.assessorId, parent: true }),
    timestamp: at.toISOString(),
  });
}

export type PlacementAssessmentFacts = {
  assessmentId: string;
  placementId: string;
  kind: 'mid' | 'final';
  side: 'school' | 'enterprise';
  studentId: string;
  assessorId: string;
  course: { id: string; title: string } | null;
  /** The rated competencies' scores in [0,1] (the level each maps to). */
  scores: Record<string, number>;
  signedAt: Date;
};

/** A signed workplace assessment: the mean of its rated competencies, the mentor as instructor. */
export function placementAssessed(identity: Identity, p: PlacementAssessmentFacts): Statement {
  const values = Object.values(p.scores);
  const scaled = values.length ? round(values.reduce((s, v) => s + clamp01(v), 0) / values.length) : undefined;
  return statement('placement-assessed', p.assessmentId, {
    actor: agentOf(identity, p.studentId),
    verb: VERBS.assessedAtWorkplace,
    object: {
      objectType: 'Activity',
      id: activityIds(identity.homePage).placementAssessment(p.placementId, p.kind),
      definition: {
        type: ACTIVITY_TYPES.placementAssessment,
        name: p.kind === 'mid' ? { 'en-US': 'Mid-placement assessment', 'zh-CN': '实习中期评价' } : { 'en-US': 'Final placement assessment', 'zh-CN': '实习终期评价' },
      },
    },
    result: { ...(scaled === undefined ? {} : { score: { scaled } }), completion: true, extensions: { [EXTENSIONS.competencies]: p.scores } },
    context: {
      instructor: agentOf(identity, p.assessorId),
      platform: 'Practicum',
      contextActivities: p.course ? { grouping: [courseActivity(identity.homePage, p.course)] } : {},
      extensions: { [EXTENSIONS.assessmentSide]: p.side },
    },
    timestamp: p.signedAt.toISOString(),
  });
}
