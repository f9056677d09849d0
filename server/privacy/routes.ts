import type { Response } from 'express';
import { IdParams } from '../contract/accounts';
import { ErasureBody, ErasurePolicyBody, ErasurePolicyView, ErasureResultView, ExportQuery } from '../contract/privacy';
import type { AppDeps } from '../deps';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import { eraseStudent } from './erasure';
import { getErasurePolicy, setErasurePolicy } from './policySetting';
import { exportPersonalData } from './service';
import { selfSubject, studentSubject } from './subject';

function sendZip(res: Response, file: { filename: string; bytes: Uint8Array }): void {
  res.setHeader('Content-Type', 'application/zip');
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
  res.status(200).end(Buffer.from(file.bytes));
}

/** Personal data (#17): a person's export of what the platform holds about them, and a student's erasure. */
export function privacyRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/me/data-export',
      access: access.authenticated,
      summary: 'Download everything the platform holds about the signed-in person, as a zip of JSON and original files with a README',
      query: ExportQuery,
      produces: 'application/zip',
      handler: async ({ actor, query, req, res }) => sendZip(res, await exportPersonalData(deps, actor!, await selfSubject(deps.db, actor!), { ip: req.ip, lang: query.lang })),
    }),
    route({
      method: 'get',
      path: '/api/users/:id/data-export',
      access: access.roles('admin', 'operator'),
      summary: 'Download a student’s data on their behalf (admin of their school, or the operator)',
      params: IdParams,
      query: ExportQuery,
      produces: 'application/zip',
      handler: async ({ actor, params, query, req, res }) => sendZip(res, await exportPersonalData(deps, actor!, await studentSubject(deps.db, actor!, params.id), { ip: req.ip, lang: query.lang })),
    }),
    route({
      method: 'post',
      path: '/api/users/:id/erasure',
      access: access.roles('admin', 'operator'),
      summary: 'Erase a student: identity and what they wrote removed or pseudonymised, assessment records kept per the school’s setting; confirm with their e-mail',
      params: IdParams,
      body: ErasureBody,
      response: ErasureResultView,
      handler: async ({ actor, params, body, req }) => eraseStudent(deps, actor!, await studentSubject(deps.db, actor!, params.id), body, req.ip),
    }),
    route({
      method: 'get',
      path: '/api/orgs/:id/erasure-policy',
      access: access.roles('admin', 'operator'),
      summary: 'Whether erasing a student of this organisation keeps their assessment records (its admins, or the operator)',
      params: IdParams,
      response: ErasurePolicyView,
      handler: ({ actor, params }) => getErasurePolicy(deps.db, actor!, params.id),
    }),
    route({
      method: 'put',
      path: '/api/orgs/:id/erasure-policy',
      access: access.roles('admin', 'operator'),
      summary: 'Whether erasing a student of this organisation keeps their assessment records under a pseudonym (its admins, or the operator)',
      params: IdParams,
      body: ErasurePolicyBody,
      response: ErasurePolicyView,
      handler: ({ actor, params, body, req }) => setErasurePolicy(deps.db, actor!, params.id, body.keepsScores, req.ip, deps.clock()),
    }),
  ];
}
