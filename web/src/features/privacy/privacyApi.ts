import { api } from '../../app/api';
import { isLocale } from '../../app/locale';
import type { ErasureInput, ErasureResult } from '../../../../server/contract/privacy';

export const privacyApi = api.injectEndpoints({
  endpoints: (build) => ({
    eraseStudent: build.mutation<ErasureResult, { userId: string } & ErasureInput>({
      query: ({ userId, ...body }) => ({ url: `/users/${userId}/erasure`, method: 'POST', body }),
      invalidatesTags: ['User'],
    }),
  }),
});

export const { useEraseStudentMutation } = privacyApi;

/** A download link (GET, the session cookie): the README inside is in the page's language. null: one's own data. */
export function dataExportUrl(userId: string | null, lang: string): string {
  const base = userId === null ? '/api/me/data-export' : `/api/users/${userId}/data-export`;
  return isLocale(lang) ? `${base}?lang=${encodeURIComponent(lang)}` : base;
}
