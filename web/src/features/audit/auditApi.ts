import { api } from '../../app/api';
import { isLocale } from '../../app/locale';
import type { AuditAction, AuditPageT } from '../../../../server/contract/audit';

/** The filters the page keeps in its address; from/to are ISO moments (the reader's local days). */
export type AuditFilter = { orgId?: string; action?: AuditAction; actorId?: string; targetId?: string; from?: string; to?: string };

export const auditApi = api.injectEndpoints({
  endpoints: (build) => ({
    listAudit: build.query<AuditPageT, AuditFilter & { limit: number; cursor?: string }>({
      query: (params) => ({ url: '/audit', params }),
      // Entries are written by everything else the app does: read afresh on every visit.
      keepUnusedDataFor: 0,
    }),
  }),
});

export const { useListAuditQuery } = auditApi;

/** The same filters as a CSV download, its headers and action names in the page's language. */
export function auditCsvUrl(filter: AuditFilter, lang?: string): string {
  const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  if (lang && isLocale(lang)) query.set('lang', lang);
  const text = query.toString();
  return `/api/audit.csv${text ? `?${text}` : ''}`;
}
