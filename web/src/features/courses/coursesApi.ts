import { api } from '../../app/api';
import { onConnected, onServerEvent, request } from '../../app/socket';
import { ClientEvents, ServerEvents } from '../../../../server/contract/realtime';
import type { CreateAssignmentInput, CreateCourseInput, EnrolInput, MonitorRow } from '../../../../server/contract/workspace';
import type { OrgRef, PartnerSuggestions, PartnershipStatus } from '../../../../server/contract/partnerships';
import type { NewerVersionNotice } from '../../../../server/contract/authoring';
import { applyMonitorRow } from './monitorRows';

export type CourseSummary = {
  id: string;
  title: string;
  code: string | null;
  schoolId: string;
  schoolName: string;
  role: 'teacher' | 'student';
  studentCount: number;
};

export type Person = { id: string; name: string; email: string };

export type CourseAssignment = {
  id: string;
  title: string;
  scenario: { slug: string; version: string; versionId: string };
  /** Versions of the scenario published after the assigned one; the teacher decides whether to move. */
  newerVersion: NewerVersionNotice | null;
  mode: 'practice' | 'assessment';
  opensAt: string;
  closesAt: string | null;
  timeLimitMinutes: number;
  maxAttempts: number | null;
  revealPolicy: 'full' | 'description' | 'points' | 'after-close';
  review: 'none' | 'single' | 'double';
  blindReview: boolean;
  onlyFor: string[];
};

export type CourseDetail = {
  course: { id: string; title: string; code: string | null; schoolId: string; schoolName: string };
  students: Person[];
  candidates: Person[];
  assignments: CourseAssignment[];
};

export type EnrolReport = { enrolled: Person[]; alreadyEnrolled: string[]; problems: { line: number; text: string; message: string }[] };

export type ScenarioVersionSummary = {
  id: string;
  slug: string;
  version: string;
  title: string;
  industry: string;
  enterprise: string;
  role: string;
  durationMinutes: number;
  competencies: string[];
  publishedAt: string;
  /** The publishing enterprise; null for library scenarios. */
  owner: OrgRef | null;
  public: boolean;
  /** Whether the caller may assign it (for the given course's school). */
  assignable: boolean;
};

export type MonitorTable = { assignmentId: string; rows: MonitorRow[] };

export const coursesApi = api.injectEndpoints({
  endpoints: (build) => ({
    listCourses: build.query<CourseSummary[], void>({
      query: () => '/courses',
      transformResponse: (r: { courses: CourseSummary[] }) => r.courses,
      providesTags: [{ type: 'Course', id: 'LIST' }],
    }),
    createCourse: build.mutation<CourseSummary, CreateCourseInput>({
      query: (body) => ({ url: '/courses', method: 'POST', body }),
      transformResponse: (r: { course: CourseSummary }) => r.course,
      invalidatesTags: [{ type: 'Course', id: 'LIST' }],
    }),
    getCourse: build.query<CourseDetail, string>({
      query: (id) => `/courses/${id}`,
      providesTags: (_r, _e, id) => [{ type: 'Course', id }],
    }),
    enrol: build.mutation<EnrolReport, { courseId: string } & EnrolInput>({
      query: ({ courseId, ...body }) => ({ url: `/courses/${courseId}/enrolments`, method: 'POST', body }),
      invalidatesTags: (_r, _e, { courseId }) => [{ type: 'Course', id: courseId }, { type: 'Course', id: 'LIST' }],
    }),
    createAssignment: build.mutation<CourseAssignment, { courseId: string } & CreateAssignmentInput>({
      query: ({ courseId, ...body }) => ({ url: `/courses/${courseId}/assignments`, method: 'POST', body }),
      transformResponse: (r: { assignment: CourseAssignment }) => r.assignment,
      invalidatesTags: (_r, _e, { courseId }) => [{ type: 'Course', id: courseId }],
    }),
    listScenarioVersions: build.query<ScenarioVersionSummary[], string | void>({
      query: (courseId) => ({ url: '/scenario-versions', params: courseId ? { courseId } : {} }),
      transformResponse: (r: { versions: ScenarioVersionSummary[] }) => r.versions,
      providesTags: ['ScenarioVersion'],
    }),
    getPartnerSuggestions: build.query<PartnerSuggestions, string>({
      query: (courseId) => `/courses/${courseId}/partner-suggestions`,
      providesTags: (_r, _e, courseId) => [{ type: 'Course', id: `${courseId}:partners` }],
    }),
    requestPartner: build.mutation<{ id: string; status: PartnershipStatus }, { courseId: string; enterpriseId: string }>({
      query: ({ courseId, enterpriseId }) => ({ url: `/courses/${courseId}/partner-requests`, method: 'POST', body: { enterpriseId } }),
      transformResponse: (r: { partnership: { id: string; status: PartnershipStatus } }) => r.partnership,
      invalidatesTags: (_r, _e, { courseId }) => [{ type: 'Course', id: `${courseId}:partners` }, 'ScenarioVersion'],
    }),
    /**
     * The live table of an assignment: loaded over HTTP, then kept current by the assignment
     * room (`monitor.updated` rows, applied as deltas). A reconnect that lost the room joins
     * again and takes the ack's full table, so nothing missed while offline stays stale. No polling.
     */
    getMonitor: build.query<MonitorTable, string>({
      query: (assignmentId) => `/assignments/${assignmentId}/monitor`,
      async onCacheEntryAdded(assignmentId, { updateCachedData, cacheDataLoaded, cacheEntryRemoved }) {
        const unsubscribe: (() => void)[] = [];
        try {
          await cacheDataLoaded;
        } catch {
          return; // the entry went away before it loaded
        }
        // The join's answer is the whole table, authoritative: it replaces what we have.
        const join = () =>
          request<MonitorTable>(ClientEvents.monitorJoin, { assignmentId }).then((ack) => {
            if (ack.ok) updateCachedData((draft) => void (draft.rows = ack.data.rows));
          });
        unsubscribe.push(
          // A pushed row is a delta (see applyMonitorRow); only a lost room refetches the table.
          onServerEvent<MonitorRow>(ServerEvents.monitorUpdated, (row) => {
            if (row.assignmentId === assignmentId) updateCachedData((draft) => void applyMonitorRow(draft.rows, row, assignmentId));
          }),
          onConnected((recovered) => {
            if (!recovered) void join();
          }),
        );
        await cacheEntryRemoved;
        for (const off of unsubscribe) off();
      },
    }),
  }),
});

export const {
  useListCoursesQuery,
  useCreateCourseMutation,
  useGetCourseQuery,
  useEnrolMutation,
  useCreateAssignmentMutation,
  useListScenarioVersionsQuery,
  useGetMonitorQuery,
  useGetPartnerSuggestionsQuery,
  useRequestPartnerMutation,
} = coursesApi;
