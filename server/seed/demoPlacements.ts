import type { AppDeps } from '../deps';
import type { AssessmentKind } from '../contract/assessments';
import { saveDraft, setPoint, signAssessment } from '../assessments/service';
import { nameMentor } from '../placements/mentors';
import { updatePlacement } from '../placements/lifecycle';
import { putRoleProfile } from '../placements/roleProfiles';
import { createBase, createPlacement } from '../placements/service';
import { putConsent } from '../talent/consent';
import { confirm, saveDraft as saveWeek, submit } from '../logbook/service';
import { mondayOf } from '../logbook/weeks';
import type { Actor } from '../http/policy';
import { DEMO_COURSE } from './demo';
import { actorFor } from './demoWork';

const DAY = 86_400_000;
const ROLE = 'Logistics systems technician';
export const DEMO_BASE = 'Swift Logistics Jiangbei distribution centre';

/** What the base trains, and what Swift requires of the role there. */
const PROFILE = [
  { code: 'logistics.rating', level: 'proficient' },
  { code: 'sql.aggregate', level: 'proficient' },
  { code: 'communication.technical', level: 'developing' },
];

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Off-campus training in the demo world, made through the real services as the people would:
 * Swift opens a training base on its partnership with the school and states what it requires
 * of the role; Zhang Min places three students with Gao Jun (mentor@swift.example) as their
 * enterprise mentor.
 *  - Zhao Lei finished a placement two weeks ago; both mentors signed the final assessment, and
 *    he is below Swift's profile, so he is on the teacher's targeted-education list.
 *  - Liu Yang (opted in to Swift's talent selection) and Wang Fang are on placement now. Liu
 *    Yang's ends in five days and Gao Jun's final assessment of her is due; Wang Fang's runs on.
 *    Each logged last week: Gao Jun confirmed Liu Yang's, Wang Fang's waits for him.
 * Returns the placements made (0 when the demo already has them).
 */
export async function seedDemoPlacements(deps: AppDeps): Promise<number> {
  const db = deps.db;
  const [teacher, enterpriseAdmin, mentor] = await Promise.all(['teacher@cvit.example', 'admin@swift.example', 'mentor@swift.example'].map((e) => actorFor(db, e)));
  const course = await db('courses').where({ title: DEMO_COURSE }).first('id');
  const partnership = await db('partnerships as p')
    .join('organizations as s', 's.id', 'p.school_id')
    .join('organizations as e', 'e.id', 'p.enterprise_id')
    .where({ 's.slug': 'cvit', 'e.slug': 'swift-logistics', 'p.status': 'active' })
    .first('p.id');
  if (!teacher || !enterpriseAdmin || !mentor || !course || !partnership) return 0;
  if (await db('training_bases').where({ name: DEMO_BASE }).first('id')) return 0;

  const now = deps.clock();
  const day = (n: number) => isoDay(now.getTime() + n * DAY);
  const base = await createBase(
    db,
    enterpriseAdmin,
    { partnershipId: partnership.id, name: DEMO_BASE, site: 'Jiangbei District, Chongqing', roles: [ROLE], competencies: PROFILE.map((p) => p.code), capacity: 6 },
    now,
  );
  await putRoleProfile(db, enterpriseAdmin, { role: ROLE, baseId: base.id, entries: PROFILE }, now);

  const place = async (email: string, startsOn: string, endsOn: string) => {
    const student: { id: string } = await db('users').where({ email }).first('id');
    const p = await createPlacement(db, teacher, { baseId: base.id, studentId: student.id, role: ROLE, startsOn, endsOn, weeklyHours: 40, courseId: course.id }, now);
    await nameMentor(deps, teacher, p.id, mentor.id);
    await updatePlacement(deps, teacher, p.id, { status: 'active' });
    return p.id;
  };

  // Zhao Lei: done, assessed by both, below the profile on rating and SQL.
  const finished = await place('student4@cvit.example', day(-70), day(-14));
  await assess(deps, teacher, finished, 'final', day(-14), ['developing', 'developing', 'proficient'], 'Rates simple lanes correctly; needs help with surcharges and with summing by route.');
  await assess(deps, mentor, finished, 'final', day(-14), ['developing', 'beginner', 'proficient'], 'Careful and polite with drivers. Could not build the weekly volume report without help.');
  await updatePlacement(deps, teacher, finished, { status: 'completed' });

  // Liu Yang: her final assessment is due with Gao Jun; Zhang Min has signed his.
  const ending = await place('student2@cvit.example', day(-60), day(5));
  await assess(deps, teacher, ending, 'final', day(5), ['proficient', 'advanced', 'proficient'], 'Explains her rating decisions clearly in the weekly report.');
  // Wang Fang: mid-way, the mid-placement assessment in three weeks.
  const running = await place('student3@cvit.example', day(-10), day(70));
  await setPoint(db, teacher, running, 'mid', day(21), now);

  const lastWeek = mondayOf(day(-7));
  const logWeek = async (email: string, placementId: string, entry: { tasks: string; learned: string; problems: string }) => {
    const student = (await actorFor(db, email))!;
    const draft = await saveWeek(db, student, placementId, lastWeek, { baseRevision: 0, hours: 40, ...entry }, now);
    return submit(db, student, placementId, lastWeek, draft.revision, now);
  };
  const liuWeek = await logWeek('student2@cvit.example', ending, {
    tasks: 'Rated 120 outbound shipments in the TMS; checked the fuel surcharge table against the carrier contract.',
    learned: 'How volumetric weight changes the rate for light, bulky parcels.',
    problems: 'Two lanes had no rate for the new carrier; asked the dispatcher and logged them.',
  });
  await confirm(db, mentor, ending, lastWeek, liuWeek.revision, now);
  await logWeek('student3@cvit.example', running, {
    tasks: 'Counted inbound pallets at dock 3 and reconciled them with the advance shipping notices.',
    learned: 'Why a missing ASN line holds up the whole receipt.',
    problems: 'The handheld scanner lost the network twice; wrote counts on paper and entered them later.',
  });

  const liu = await actorFor(db, 'student2@cvit.example');
  const swift = await db('organizations').where({ slug: 'swift-logistics' }).first('id');
  if (liu) await putConsent(db, liu, swift.id, { identity: true, assessments: true }, now);
  return 3;
}

/** A point set (when not yet) and one mentor's assessment at it, signed. Levels follow PROFILE's order. */
async function assess(deps: AppDeps, assessor: Actor, placementId: string, kind: AssessmentKind, dueOn: string, levels: string[], evidence: string): Promise<void> {
  const now = deps.clock();
  if (!(await deps.db('assessment_points').where({ placement_id: placementId, kind }).first('id'))) await setPoint(deps.db, assessor, placementId, kind, dueOn, now);
  const ratings = PROFILE.map((p, i) => ({ code: p.code, levelId: levels[i]!, comment: '' }));
  const draft = await saveDraft(deps.db, assessor, placementId, kind, { baseRevision: 0, content: { ratings, evidence } }, now);
  await signAssessment(deps.db, assessor, placementId, kind, draft.revision, now);
}
