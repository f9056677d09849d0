import { AuditCsvQuery, AuditListQuery, AuditPage } from '../contract/audit';
import type { AppDeps } from '../deps';
import { currentLocale } from '../http/locale';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import { auditCsvHeader, auditCsvLine } from './csv';
import { eachAuditEntry, listAudit } from './read';

/**
 * Reading the audit log: organisation admins their organisations' entries, the platform
 * operator every entry. There is deliberately no route that edits or deletes one.
 */
export function auditRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/audit',
      access: access.roles('admin', 'operator'),
      summary: 'Audit log entries of the organisations the caller administers (all, for an operator), newest first; filter by action, actor, target and time',
      query: AuditListQuery,
      response: AuditPage,
      handler: ({ actor, query }) => listAudit(deps.db, actor!, query),
    }),
    route({
      method: 'get',
      path: '/api/audit.csv',
      access: access.roles('admin', 'operator'),
      summary: 'The same entries as a CSV download (UTF-8 with BOM, headers and actions in the reader’s language)',
      query: AuditCsvQuery,
      produces: 'text/csv',
      handler: async ({ actor, query, res }) => {
        const { lang, ...filter } = query;
        const locale = lang ?? currentLocale();
        const entries = eachAuditEntry(deps.db, actor!, filter);
        // The first page is read before any header goes out, so a refused filter is still a clean error.
        const first = await entries.next();
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', 'attachment; filename="audit-log.csv"');
        res.setHeader('Content-Language', locale);
        res.vary('Accept-Language');
        res.status(200);
        res.write(auditCsvHeader(locale));
        if (!first.done) res.write(auditCsvLine(first.value, locale));
        for await (const entry of entries) res.write(auditCsvLine(entry, locale));
        res.end();
      },
    }),
  ];
}
