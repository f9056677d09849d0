import { z } from 'zod';

/**
 * Course response bodies (the API document; held to real responses under test). The inputs
 * live in ./workspace; the web imports these types only.
 */

const CourseSummary = z.object({
  id: z.string(),
  title: z.string(),
  code: z.string().nullable(),
  schoolId: z.string(),
  schoolName: z.string(),
  role: z.enum(['teacher', 'student']),
  studentCount: z.number().int(),
});
export type CourseSummaryT = z.infer<typeof CourseSummary>;

export const CourseList = z.object({ courses: z.array(CourseSummary) });
export const CourseCreated = z.object({ course: CourseSummary });

const Person = z.object({ id: z.string(), name: z.string(), email: z.string() });

const NewerVersionNotice = z.object({
  latest: z.object({ id: z.string(), version: z.string() }),
  changes: z.array(z.object({ version: z.string(), changelog: z.string().nullable() })),
});

export const CourseAssignmentView = z.object({
  id: z.string(),
  title: z.string(),
  scenario: z.object({ slug: z.string(), version: z.string(), versionId: z.string() }),
  /** Versions published after the assigned one: the teacher decides whether to move to them. */
  newerVersion: NewerVersionNotice.nullable(),
  mode: z.enum(['practice', 'assessment']),
  opensAt: z.string(),
  closesAt: z.string().nullable(),
  timeLimitMinutes: z.number(),
  maxAttempts: z.number().nullable(),
  revealPolicy: z.enum(['full', 'description', 'points', 'after-close']),
  review: z.enum(['none', 'single', 'double']),
  blindReview: z.boolean(),
  regradeWindowDays: z.number(),
  moderationThreshold: z.number(),
  /** Names of the students a targeted practice assignment is for; empty: the whole course. */
  onlyFor: z.array(z.string()),
});
export type CourseAssignmentViewT = z.infer<typeof CourseAssignmentView>;

export const CourseDetail = z.object({
  course: z.object({ id: z.string(), title: z.string(), code: z.string().nullable(), schoolId: z.string(), schoolName: z.string() }),
  students: z.array(Person),
  /** Students of the school not (yet) in the course. */
  candidates: z.array(Person),
  assignments: z.array(CourseAssignmentView),
});
export type CourseDetailT = z.infer<typeof CourseDetail>;

export const EnrolReport = z.object({
  enrolled: z.array(Person),
  alreadyEnrolled: z.array(z.string()),
  problems: z.array(z.object({ line: z.number().int(), text: z.string(), message: z.string() })),
});
export type EnrolReportT = z.infer<typeof EnrolReport>;

export const AssignmentCreated = z.object({ assignment: CourseAssignmentView }).meta({ id: 'CourseAssignmentEnvelope' });

const PublishedVersion = z.object({
  id: z.string(),
  slug: z.string(),
  version: z.string(),
  title: z.string(),
  industry: z.string(),
  enterprise: z.string(),
  role: z.string(),
  durationMinutes: z.number(),
  competencies: z.array(z.string()),
  publishedAt: z.string(),
  owner: z.object({ id: z.string(), name: z.string() }).nullable(),
  public: z.boolean(),
  /** Whether the caller may assign it (at the given course's school, else any school they teach at). */
  assignable: z.boolean(),
});
export type PublishedVersionT = z.infer<typeof PublishedVersion>;
export const PublishedVersionList = z.object({ versions: z.array(PublishedVersion) });
