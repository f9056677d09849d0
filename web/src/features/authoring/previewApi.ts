import { api } from '../../app/api';
import type { PreviewStarted } from '../../../../server/contract/authoring';
import type { AttemptView } from '../../../../server/contract/workspace';

/**
 * "Preview as student": the server keeps a workspace on a snapshot of the draft in memory and
 * shapes it as an attempt, so the student workspace page shows it. Its files, checks and the
 * clock skip travel over the socket (preview.*), as an attempt's do.
 */
const previewBase = api.enhanceEndpoints({ addTagTypes: ['Preview'] });

export const previewApi = previewBase.injectEndpoints({
  endpoints: (build) => ({
    startPreview: build.mutation<PreviewStarted, string>({
      query: (draftId) => ({ url: `/authoring/drafts/${draftId}/preview`, method: 'POST' }),
    }),
    getPreview: build.query<AttemptView, string>({
      query: (id) => `/previews/${id}`,
      providesTags: (_r, _e, id) => [{ type: 'Preview', id }],
    }),
  }),
});

export const { useStartPreviewMutation, useGetPreviewQuery } = previewApi;

export const previewPath = (previewId: string) => `/authoring/previews/${previewId}`;
