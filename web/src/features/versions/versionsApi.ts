import { api } from '../../app/api';
import type { VersionDiffView } from '../../../../server/contract/authoring';

export type DiffArgs = { versionId: string; against: string };

/** Published scenario versions as authors, reviewers and teachers read them. */
export const versionsApi = api.injectEndpoints({
  endpoints: (build) => ({
    getVersionDiff: build.query<VersionDiffView, DiffArgs>({
      query: ({ versionId, against }) => ({ url: `/scenario-versions/${versionId}/diff`, params: { against } }),
      // Published versions never change: a diff once loaded stays right.
      keepUnusedDataFor: 600,
    }),
  }),
});

export const { useGetVersionDiffQuery } = versionsApi;

/** The page that shows what changed from `againstId` to `versionId`. */
export const versionDiffPath = (versionId: string, againstId: string) => `/scenarios/versions/${versionId}/diff?against=${encodeURIComponent(againstId)}`;
