import { api } from '../../app/api';
import type {
  AuthoringHome,
  CompetencyOption,
  CreateDraftInput,
  DraftView,
  ImportZipInput,
  PublishDraftInput,
} from '../../../../server/contract/authoring';

/**
 * The authoring routes: the enterprise's scenarios, drafts (open, import, discard, publish) and
 * the competency codes the package checks know. Draft files themselves travel over the socket
 * (draftFile.save / draftFile.delete), as a student's workspace files do.
 */

const authoringBase = api.enhanceEndpoints({ addTagTypes: ['AuthoringHome', 'Draft'] });

export type PublishResult = { versionId: string; version: string; scenarioId: string };

export const authoringApi = authoringBase.injectEndpoints({
  endpoints: (build) => ({
    getAuthoringHome: build.query<AuthoringHome, string | undefined>({
      query: (enterpriseId) => ({ url: '/authoring', params: enterpriseId ? { enterpriseId } : {} }),
      providesTags: ['AuthoringHome'],
    }),

    /** Every competency of the imported frameworks: the package checks' lookup, as on the server. */
    listAuthoringCompetencies: build.query<CompetencyOption[], void>({
      query: () => '/competencies',
      transformResponse: (r: { competencies: CompetencyOption[] }) => r.competencies,
      keepUnusedDataFor: 600,
    }),

    createDraft: build.mutation<DraftView, CreateDraftInput>({
      query: (body) => ({ url: '/authoring/drafts', method: 'POST', body }),
      transformResponse: (r: { draft: DraftView }) => r.draft,
      invalidatesTags: (_r, error) => (error ? [] : ['AuthoringHome']),
    }),

    importDraft: build.mutation<DraftView, ImportZipInput>({
      query: (body) => ({ url: '/authoring/import', method: 'POST', body }),
      transformResponse: (r: { draft: DraftView }) => r.draft,
      invalidatesTags: (_r, error) => (error ? [] : ['AuthoringHome']),
    }),

    getDraft: build.query<DraftView, string>({
      query: (id) => `/authoring/drafts/${id}`,
      transformResponse: (r: { draft: DraftView }) => r.draft,
      providesTags: (_r, _e, id) => [{ type: 'Draft', id }],
    }),

    discardDraft: build.mutation<void, string>({
      query: (id) => ({ url: `/authoring/drafts/${id}`, method: 'DELETE' }),
      invalidatesTags: (_r, error) => (error ? [] : ['AuthoringHome']),
    }),

    publishDraft: build.mutation<PublishResult, { draftId: string } & PublishDraftInput>({
      query: ({ draftId, ...body }) => ({ url: `/authoring/drafts/${draftId}/publish`, method: 'POST', body }),
      // The version list and every teacher's "newer version" notice change with it.
      invalidatesTags: (_r, error) => (error ? [] : ['AuthoringHome', 'ScenarioVersion']),
    }),

    /** Open to every school (public), or to the enterprise's partner schools only. */
    setScenarioVisibility: build.mutation<{ id: string; public: boolean }, { scenarioId: string; public: boolean }>({
      query: ({ scenarioId, ...body }) => ({ url: `/scenarios/${scenarioId}/visibility`, method: 'PUT', body }),
      transformResponse: (r: { scenario: { id: string; public: boolean } }) => r.scenario,
      // The switch moves at once (a refetch would flip it back and forth); a refusal moves it back.
      async onQueryStarted({ scenarioId, public: isPublic }, { dispatch, getState, queryFulfilled }) {
        const patches = authoringApi.util.selectCachedArgsForQuery(getState(), 'getAuthoringHome').map((arg) =>
          dispatch(
            authoringApi.util.updateQueryData('getAuthoringHome', arg, (home) => {
              const scenario = home.scenarios.find((s) => s.id === scenarioId);
              if (scenario) scenario.public = isPublic;
            }),
          ),
        );
        try {
          await queryFulfilled;
        } catch {
          patches.forEach((p) => p.undo());
        }
      },
    }),
  }),
});

export const {
  useGetAuthoringHomeQuery,
  useListAuthoringCompetenciesQuery,
  useCreateDraftMutation,
  useImportDraftMutation,
  useGetDraftQuery,
  useDiscardDraftMutation,
  usePublishDraftMutation,
  useSetScenarioVisibilityMutation,
} = authoringApi;

/** Where a version's package .zip downloads from (a plain link: the browser saves it). */
export const exportUrl = (versionId: string) => `/api/scenario-versions/${versionId}/export`;

/** The other helper's diff page: what changed from `againstId` to `versionId`. */
export const diffPath = (versionId: string, againstId: string) => `/scenarios/versions/${versionId}/diff?against=${againstId}`;
