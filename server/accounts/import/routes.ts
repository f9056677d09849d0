import { ApplyImportQuery, IMPORT_BODY_LIMIT, ImportParams, ImportPreviewResponse, ImportResultResponse } from '../../contract/accountImports';
import type { AppDeps } from '../../deps';
import { access } from '../../http/policy';
import { route, type AnyRoute } from '../../http/routes';
import { applyImport, previewImport } from './service';

const bytesOf = (body: unknown) => (Buffer.isBuffer(body) ? body : Buffer.alloc(0));

/** Bulk accounts from a CSV file (the file is the request's raw bytes, ≤ 2 MB, ≤ 5,000 lines). */
export function accountImportRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'post',
      path: '/api/orgs/:orgId/account-imports/preview',
      access: access.roles('admin', 'operator'),
      summary: 'Dry run of an account list (CSV: email, name, role, class): per line, what would be created, updated, left unchanged or refused and why; changes nothing',
      params: ImportParams,
      rawBody: IMPORT_BODY_LIMIT,
      response: ImportPreviewResponse,
      handler: async ({ actor, params, req }) => ({ preview: await previewImport(deps, actor!, params.orgId, bytesOf(req.body)) }),
    }),
    route({
      method: 'post',
      path: '/api/orgs/:orgId/account-imports',
      access: access.roles('admin', 'operator'),
      summary: 'Applies an account list exactly as its preview (`plan`) said, in one transaction; answers the new accounts’ initial passwords, once',
      params: ImportParams,
      query: ApplyImportQuery,
      rawBody: IMPORT_BODY_LIMIT,
      status: 201,
      response: ImportResultResponse,
      handler: async ({ actor, params, query, req }) => ({ result: await applyImport(deps, actor!, params.orgId, bytesOf(req.body), query.plan, req.ip ?? null) }),
    }),
  ];
}
