import type { Knex } from 'knex';
import { z } from 'zod';
import { errors } from '../http/errors';
import { access, type Actor } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import { publicBase } from '../mail/links';
import { msg } from '../messages';
import type { AppDeps } from '../deps';
import { exportCase } from './case';
import { CaseDocument, CaseItem, CasePackageSchema, linkUri } from './caseSchema';

/**
 * The read side of the CASE 1.0 REST binding (`/ims/case/v1p0/…`), so a CASE consumer (a
 * district's standards tool, another platform) reads Practicum's frameworks the way it reads
 * any CASE provider's. Read-only: frameworks change through POST /api/frameworks.
 *
 * Who sees what follows GET /api/frameworks: shared frameworks are published standards anyone
 * may read, signed in or not; an organisation's own framework is read by everyone signed in
 * (partners read what scenarios are mapped to), and is "not found" to anonymous callers.
 * Ids are CASE identifiers (the spec's sourcedId), not Practicum's row ids.
 */

const BASE = '/ims/case/v1p0';
const SourcedId = z.object({ id: z.string().min(1).max(100) });

const LinkUri = linkUri.extend({ uri: z.string(), title: z.string() });
/** CFDocument.Type: the package's document with a link to its package. */
const CFDocumentOut = CaseDocument.extend({ CFPackageURI: LinkUri });
/** CFItem.Type: the item with a link to its document. */
const CFItemOut = CaseItem.extend({ CFDocumentURI: LinkUri });

type FrameworkRow = { id: string; identifier: string; title: string; document_json: string };

/** Frameworks the caller may read through CASE: shared ones, and every one when signed in. */
const visible = (db: Knex, actor: Actor | null) => db('frameworks as f').modify((q) => (actor ? q : q.whereNull('f.org_id')));

async function documentsFor(db: Knex, actor: Actor | null): Promise<FrameworkRow[]> {
  return visible(db, actor).orderBy('f.title').orderBy('f.identifier').select('f.id', 'f.identifier', 'f.title', 'f.document_json');
}

const packageLink = (base: string, f: Pick<FrameworkRow, 'identifier' | 'title'>) => ({ identifier: f.identifier, uri: `${base}${BASE}/CFPackages/${f.identifier}`, title: f.title });
const documentLink = (base: string, f: Pick<FrameworkRow, 'identifier' | 'title'>, doc: Record<string, unknown>) => ({
  identifier: f.identifier,
  uri: typeof doc.uri === 'string' ? doc.uri : `${base}${BASE}/CFDocuments/${f.identifier}`,
  title: f.title,
});

export function caseRoutes(deps: AppDeps): AnyRoute[] {
  const { db } = deps;
  const base = () => publicBase(deps.config);
  return [
    route({
      method: 'get',
      path: `${BASE}/CFDocuments`,
      access: access.public,
      summary: 'CASE 1.0 getAllCFDocuments: the documents of the frameworks the caller may read (shared ones; signed in, every one)',
      response: z.object({ CFDocuments: z.array(CFDocumentOut) }),
      handler: async ({ actor }) => ({
        CFDocuments: (await documentsFor(db, actor)).map((f) => ({ ...(JSON.parse(f.document_json) as Record<string, unknown>), CFPackageURI: packageLink(base(), f) })),
      }),
    }),
    route({
      method: 'get',
      path: `${BASE}/CFPackages/:id`,
      access: access.public,
      summary: 'CASE 1.0 getCFPackage: a whole framework by its CFDocument identifier, as imported (document, items, associations, definitions, rubrics)',
      params: SourcedId,
      response: CasePackageSchema,
      handler: async ({ actor, params }) => {
        const row: Pick<FrameworkRow, 'id'> | undefined = await visible(db, actor).where('f.identifier', params.id).first('f.id');
        const pkg = row ? await exportCase(db, row.id) : null;
        if (!pkg) throw errors.notFound(msg('notFound.framework'));
        return pkg;
      },
    }),
    route({
      method: 'get',
      path: `${BASE}/CFItems/:id`,
      access: access.public,
      summary: 'CASE 1.0 getCFItem: one item by its identifier, with a link to its document',
      params: SourcedId,
      response: CFItemOut,
      handler: async ({ actor, params }) => {
        // An identifier names one item, but two frameworks may both carry it (one adopted the
        // other's): the shared framework's copy first, then the oldest.
        const found: (FrameworkRow & { item_json: string }) | undefined = await visible(db, actor)
          .join('framework_items as i', 'i.framework_id', 'f.id')
          .where('i.identifier', params.id)
          .orderByRaw('case when f.org_id is null then 0 else 1 end')
          .orderBy('f.created_at')
          .first('f.id', 'f.identifier', 'f.title', 'f.document_json', 'i.item_json');
        if (!found) throw errors.notFound(msg('notFound.competency'));
        const doc = JSON.parse(found.document_json) as Record<string, unknown>;
        return { ...(JSON.parse(found.item_json) as Record<string, unknown>), CFDocumentURI: documentLink(base(), found, doc) };
      },
    }),
  ];
}
