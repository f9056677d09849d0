import { api } from '../../app/api';
import { isLocale } from '../../app/locale';
import type {
  AdjustmentInput,
  AdjustmentView,
  CourseReport,
  FrameworkSummary,
  MasteryJobView,
  MasterySettingsInput,
  ModuleInput,
  ModuleView,
  PracticeInput,
  StudentRecord,
} from '../../../../server/contract/competency';

/** A framework item as the module form's picker lists it (from the CASE package). */
export type FrameworkItem = { code: string; title: string; statement: string; type: string; framework: string };

type CaseItem = { identifier?: string; humanCodingScheme?: string; abbreviatedStatement?: string; fullStatement?: string; CFItemType?: string };
type CasePackage = { CFItems?: CaseItem[] };

/**
 * The code the server shows an item by (server/competency/framework.ts, displayCode): its
 * humanCodingScheme, cut to 100 characters, else the first 8 digits of its identifier, since
 * CASE 1.0 makes the code optional.
 */
function codeOf(item: CaseItem): string {
  const code = item.humanCodingScheme?.trim();
  if (code) return code.length > 100 ? `${code.slice(0, 99)}…` : code;
  return (item.identifier ?? '').slice(0, 8).toLowerCase();
}

/** The parts of the CASE package the picker needs. */
function itemsOf(pkg: CasePackage, framework: string): FrameworkItem[] {
  return (pkg.CFItems ?? []).flatMap((item) => {
    const code = codeOf(item);
    if (!code) return [];
    const statement = item.fullStatement ?? '';
    return [{ code, title: item.abbreviatedStatement || statement || code, statement, type: item.CFItemType ?? '', framework }];
  });
}

const competencyBase = api.enhanceEndpoints({ addTagTypes: ['CompetencyReport', 'CompetencyRecord', 'Framework'] });

/** The course report, its modules and adjustments, the mastery method, and the student record. */
export const competencyApi = competencyBase.injectEndpoints({
  endpoints: (build) => ({
    getCourseReport: build.query<CourseReport, string>({
      query: (courseId) => `/courses/${courseId}/report`,
      providesTags: (_r, _e, courseId) => [{ type: 'CompetencyReport', id: courseId }],
    }),

    getStudentRecord: build.query<StudentRecord, { courseId: string; studentId: string }>({
      query: ({ courseId, studentId }) => `/courses/${courseId}/students/${studentId}/record`,
      providesTags: (_r, _e, { courseId, studentId }) => [{ type: 'CompetencyRecord', id: `${courseId}:${studentId}` }, { type: 'CompetencyRecord', id: courseId }],
    }),

    /** The courses whose record the signed-in student may read. */
    listRecordCourses: build.query<{ id: string; title: string }[], void>({
      query: () => '/competency-courses',
      transformResponse: (r: { courses: { id: string; title: string }[] }) => r.courses,
    }),

    /** Every item of every stored framework, for the module form's competency picker. */
    listFrameworkItems: build.query<FrameworkItem[], void>({
      async queryFn(_arg, _api, _extra, baseQuery) {
        const list = await baseQuery('/frameworks');
        if (list.error) return { error: list.error };
        const { frameworks } = list.data as { frameworks: FrameworkSummary[] };
        const items: FrameworkItem[] = [];
        for (const f of frameworks) {
          const pkg = await baseQuery(`/frameworks/${f.id}/case`);
          if (pkg.error) return { error: pkg.error };
          items.push(...itemsOf(pkg.data as CasePackage, f.title));
        }
        return { data: items };
      },
      providesTags: ['Framework'],
    }),

    /**
     * Starts the recompute of every student's mastery (202 with the job); the report, reloaded,
     * names it and the page follows it live (useMasteryRecompute) until the new values are in.
     */
    updateMasteryMethod: build.mutation<MasteryJobView, { courseId: string } & MasterySettingsInput>({
      query: ({ courseId, ...body }) => ({ url: `/courses/${courseId}/mastery`, method: 'PUT', body }),
      transformResponse: (r: { job: MasteryJobView }) => r.job,
      invalidatesTags: (_r, error, { courseId }) => (error ? [] : [{ type: 'CompetencyReport', id: courseId }]),
    }),

    createModule: build.mutation<ModuleView, { courseId: string } & ModuleInput>({
      query: ({ courseId, ...body }) => ({ url: `/courses/${courseId}/modules`, method: 'POST', body }),
      transformResponse: (r: { module: ModuleView }) => r.module,
      invalidatesTags: (_r, error, { courseId }) => (error ? [] : [{ type: 'CompetencyReport', id: courseId }]),
    }),

    updateModule: build.mutation<ModuleView, { courseId: string; moduleId: string } & ModuleInput>({
      query: ({ courseId: _courseId, moduleId, ...body }) => ({ url: `/course-modules/${moduleId}`, method: 'PUT', body }),
      transformResponse: (r: { module: ModuleView }) => r.module,
      invalidatesTags: (_r, error, { courseId }) => (error ? [] : [{ type: 'CompetencyReport', id: courseId }]),
    }),

    deleteModule: build.mutation<void, { courseId: string; moduleId: string }>({
      query: ({ moduleId }) => ({ url: `/course-modules/${moduleId}`, method: 'DELETE' }),
      invalidatesTags: (_r, error, { courseId }) => (error ? [] : [{ type: 'CompetencyReport', id: courseId }]),
    }),

    recordAdjustment: build.mutation<AdjustmentView, { courseId: string } & AdjustmentInput>({
      query: ({ courseId, ...body }) => ({ url: `/courses/${courseId}/adjustments`, method: 'POST', body }),
      transformResponse: (r: { adjustment: AdjustmentView }) => r.adjustment,
      invalidatesTags: (_r, error, { courseId }) => (error ? [] : [{ type: 'CompetencyReport', id: courseId }]),
    }),

    /** A practice assignment that only the named students see; it shows on the course page too. */
    assignPractice: build.mutation<{ id: string; title: string }, { courseId: string } & PracticeInput>({
      query: ({ courseId, ...body }) => ({ url: `/courses/${courseId}/practice`, method: 'POST', body }),
      transformResponse: (r: { assignment: { id: string; title: string } }) => r.assignment,
      invalidatesTags: (_r, error, { courseId }) => (error ? [] : [{ type: 'Course', id: courseId }]),
    }),
    /** The undo: withdrawn while nobody has started it; a 409 (practice_started) once someone has. */
    withdrawPractice: build.mutation<void, { courseId: string; assignmentId: string }>({
      query: ({ courseId, assignmentId }) => ({ url: `/courses/${courseId}/practice/${assignmentId}`, method: 'DELETE' }),
      invalidatesTags: (_r, error, { courseId }) => (error ? [] : [{ type: 'Course', id: courseId }]),
    }),
  }),
});

export const {
  useGetCourseReportQuery,
  useGetStudentRecordQuery,
  useListRecordCoursesQuery,
  useListFrameworkItemsQuery,
  useUpdateMasteryMethodMutation,
  useCreateModuleMutation,
  useUpdateModuleMutation,
  useDeleteModuleMutation,
  useRecordAdjustmentMutation,
  useAssignPracticeMutation,
  useWithdrawPracticeMutation,
} = competencyApi;

/**
 * The CSV export of one part of the report: a plain link, so the browser downloads it with the
 * session cookie. `lang` (the page's language) picks the language of the file's headers.
 */
export function reportCsvUrl(courseId: string, part: 'heatmap' | 'gaps' | 'sources', lang?: string): string {
  const query = new URLSearchParams({ part });
  if (lang && isLocale(lang)) query.set('lang', lang);
  return `/api/courses/${courseId}/report.csv?${query.toString()}`;
}
