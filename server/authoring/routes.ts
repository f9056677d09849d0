
import type { AppDeps } from '../deps';
import { IdParams } from '../contract/accounts';
import {
  AuthoringHomeResponse,
  CompetencyOptionsResponse,
  CreateDraftBody,
  DiffQuery,
  DraftResponse,
  EnterpriseQuery,
  ImportZipBody,
  PreviewStartedResponse,
  PublishDraftBody,
  PublishedVersionResponse,
  VersionDiffResponse,
  VersionFilesResponse,
} from '../contract/authoring';
import { askedLocale } from '../http/locale';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import * as authoring from './service';
import { exportableVersion, versionDiff, versionFiles } from './versions';
import { packageZip } from './zip';
import { previewView, startPreview } from './preview';
import { AttemptJson } from '../contract/attempts';
import { LangQuery } from '../contract/workspace';

/** A package .zip as base64 (9 MB of zip); every other body stays under 100 KB. */
const IMPORT_JSON_LIMIT = '13mb';

export function authoringRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/authoring',
      access: access.roles('author', 'reviewer'),
      summary: 'The enterprise’s scenarios: published versions and open drafts (authors and reviewers of the enterprise)',
      query: EnterpriseQuery,
      response: AuthoringHomeResponse,
      handler: ({ actor, query }) => authoring.authoringHome(deps, actor!, query.enterpriseId),
    }),
    route({
      method: 'get',
      path: '/api/competencies',
      access: access.roles('author', 'reviewer', 'teacher', 'admin'),
      summary: 'Every competency of the imported frameworks (the authoring picker and the package checks)',
      response: CompetencyOptionsResponse,
      handler: async () => ({ competencies: await authoring.competencyOptions(deps.db) }),
    }),
    route({
      method: 'post',
      path: '/api/authoring/drafts',
      access: access.roles('author'),
      summary: 'Open a draft: a new scenario from the starter template, the next version of a published one, or a copy under a new id',
      body: CreateDraftBody,
      response: DraftResponse,
      status: 201,
      handler: async ({ actor, body }) => ({ draft: await authoring.createDraft(deps, actor!, body) }),
    }),
    route({
      method: 'post',
      path: '/api/authoring/import',
      access: access.roles('author'),
      summary: 'Import a package .zip as a draft (a new scenario, or the next version of the enterprise’s own)',
      body: ImportZipBody,
      response: DraftResponse,
      bodyLimit: IMPORT_JSON_LIMIT,
      status: 201,
      handler: async ({ actor, body }) => ({ draft: await authoring.importZip(deps, actor!, body.enterpriseId, body.zipBase64) }),
    }),
    route({
      method: 'get',
      path: '/api/authoring/drafts/:id',
      access: access.roles('author', 'reviewer'),
      summary: 'A draft with every file and its last validation (authors edit; reviewers of the enterprise read)',
      params: IdParams,
      response: DraftResponse,
      handler: async ({ actor, params }) => ({ draft: await authoring.draftView(deps, actor!, params.id) }),
    }),
    route({
      method: 'delete',
      path: '/api/authoring/drafts/:id',
      access: access.roles('author'),
      summary: 'Discard a draft (a scenario that was never published goes with it)',
      params: IdParams,
      status: 204,
      handler: ({ actor, params }) => authoring.discardDraft(deps, actor!, params.id),
    }),
    route({
      method: 'post',
      path: '/api/authoring/drafts/:id/publish',
      access: access.roles('author'),
      summary: 'Publish the validated draft as the next immutable version with a changelog line',
      params: IdParams,
      body: PublishDraftBody,
      response: PublishedVersionResponse,
      status: 201,
      handler: ({ actor, params, body }) => authoring.publishDraft(deps, actor!, params.id, body),
    }),
    route({
      method: 'post',
      path: '/api/authoring/drafts/:id/preview',
      access: access.roles('author', 'reviewer'),
      summary: 'Preview the draft as a student: a workspace kept in memory only (no attempt, no record)',
      params: IdParams,
      response: PreviewStartedResponse,
      status: 201,
      handler: ({ actor, params }) => startPreview(deps, actor!, params.id),
    }),
    route({
      method: 'get',
      path: '/api/previews/:id',
      access: access.roles('author', 'reviewer'),
      summary: 'The caller’s preview, shaped as an attempt so the workspace page shows it as a student sees it',
      params: IdParams,
      query: LangQuery,
      response: AttemptJson,
      handler: ({ actor, params, query }) => previewView(deps, actor!, params.id, askedLocale(query.lang)),
    }),
    route({
      method: 'get',
      path: '/api/scenario-versions/:id/files',
      access: access.roles('author', 'reviewer', 'teacher', 'admin'),
      summary: 'A published version’s files as the caller may read them (partner teachers: what students see, unless the enterprise shares checks, fixtures and solution)',
      params: IdParams,
      response: VersionFilesResponse,
      handler: ({ actor, params }) => versionFiles(deps.db, actor!, params.id),
    }),
    route({
      method: 'get',
      path: '/api/scenario-versions/:id/diff',
      access: access.roles('author', 'reviewer', 'teacher', 'admin'),
      summary: 'What changed between two versions of a scenario, file by file, with the changelog in between',
      params: IdParams,
      query: DiffQuery,
      response: VersionDiffResponse,
      handler: ({ actor, params, query }) => versionDiff(deps.db, actor!, query.against, params.id),
    }),
    route({
      method: 'get',
      path: '/api/scenario-versions/:id/export',
      access: access.roles('author', 'reviewer', 'teacher', 'admin'),
      summary: 'Download a version as a package .zip that `scenarios check` accepts (readers of the whole package only)',
      params: IdParams,
      produces: 'application/zip',
      handler: async ({ actor, params, res }) => {
        const { slug, version, files } = await exportableVersion(deps.db, actor!, params.id);
        res.setHeader('Content-Type', 'application/zip');
        res.setHeader('Content-Disposition', `attachment; filename="${slug}-${version}.zip"`);
        res.status(200).send(Buffer.from(packageZip(slug, files)));
      },
    }),
  ];
}

