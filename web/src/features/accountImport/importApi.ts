import { api } from '../../app/api';
import type { ImportPreviewT, ImportResultT } from '../../../../server/contract/accountImports';

/** The file goes as it is (raw bytes): the server detects its encoding (UTF-8 or GB18030). */
const asCsv = (orgId: string, file: Blob, suffix: string) => ({
  url: `/orgs/${encodeURIComponent(orgId)}/account-imports${suffix}`,
  method: 'POST',
  body: file,
  headers: { 'Content-Type': 'text/csv' },
});

export const importApi = api.injectEndpoints({
  endpoints: (build) => ({
    previewImport: build.mutation<ImportPreviewT, { orgId: string; file: Blob }>({
      query: ({ orgId, file }) => asCsv(orgId, file, '/preview'),
      transformResponse: (r: { preview: ImportPreviewT }) => r.preview,
    }),
    applyImport: build.mutation<ImportResultT, { orgId: string; file: Blob; plan: string }>({
      query: ({ orgId, file, plan }) => asCsv(orgId, file, `?plan=${plan}`),
      transformResponse: (r: { result: ImportResultT }) => r.result,
      invalidatesTags: ['User', 'Org'],
    }),
  }),
});

export const { usePreviewImportMutation, useApplyImportMutation } = importApi;
