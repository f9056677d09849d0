import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isUniqueViolation } from '../attempts/repo';
import { errors } from '../http/errors';
import { LOCALES, type Locale } from '../contract/constants';
import type { LookupFramework } from '../scenarios/competencyRefs';
import { currentLocale } from '../http/locale';
import { nextTurn, parseCaseFrameworkInSlices, type CompetencyText, type Framework, type Translations } from './framework';
import { issueOf } from '../http/validate';
import { msg, type Msg, render } from '../messages';
import { DEFAULT_LEVELS, type ProficiencyLevel } from './mastery';
import { recordAudit } from '../audit/record';
import type { Actor } from '../http/policy';

export type CasePackage = {
  CFDocument: Record<string, unknown>;
  CFItems: Record<string, unknown>[];
  CFAssociations: Record<string, unknown>[];
  /** CFDefinitions, CFRubrics and any other top-level member, as imported. */
  [member: string]: unknown;
};

/** The members kept whole in `frameworks.package_json`; the rest have rows of their own. */
const ROWS = new Set(['CFDocument', 'CFItems', 'CFAssociations']);
const extrasOf = (pkg: Record<string, unknown>) => Object.fromEntries(Object.entries(pkg).filter(([key]) => !ROWS.has(key)));

export type StoredFramework = { id: string; identifier: string; title: string; items: number };

/**
 * An item a re-import no longer has. Evidence and course modules refer to competencies by code,
 * so what they hold stays attached when another item of the new version keeps the code; what
 * is counted here is what no item of the framework names any more.
 */
export type RemovedItem = { identifier: string; code: string; title: string; evidence: number; modules: number };

/** A package checked and turned into rows, before any of it is written. */
export type PreparedCase = {
  framework: Framework;
  row: { identifier: string; uri: string | null; title: string; translations_json: string | null; document_json: string; package_json: string };
  items: Record<string, unknown>[];
  associations: Record<string, unknown>[];
};

/**
 * Imports a 1EdTech CASE package: all of it or nothing. The framework is matched by the
 * document's identifier and each item by its identifier (so a re-import updates in place and
 * keeps ids that evidence and modules use); items the new package no longer has are removed.
 * Everything is kept as sent, so an export gives the same package back. An import by a person
 * (`actor`) is recorded in the owner's audit log (a shared framework's: the operator's).
 */
export async function importCase(
  db: Knex,
  json: unknown,
  now: Date,
  owner: string | null = null,
  actor?: Actor,
): Promise<{ framework?: StoredFramework; removed: RemovedItem[]; problems: Msg[] }> {
  const prepared = await prepareCase(json);
  if ('problems' in prepared) return { removed: [], problems: prepared.problems };
  return { ...(await writeCase(db, prepared, now, owner, actor)), problems: [] };
}

/**
 * The check and every row, outside the transaction and a slice at a time (a turn of the event
 * loop between slices): a 10 MB package neither holds up other requests nor keeps the database
 * (SQLite's one connection) busy while it is read.
 */
export async function prepareCase(json: unknown): Promise<PreparedCase | { problems: Msg[] }> {
  const { framework, reasons } = await parseCaseFrameworkInSlices(json);
  if (!framework) return { problems: reasons };
  const pkg = json as CasePackage;
  const doc = pkg.CFDocument;
  const raw = new Map((pkg.CFItems ?? []).map((i) => [String(i.identifier), i]));
  const items: Record<string, unknown>[] = [];
  for (const [position, c] of framework.items.entries()) {
    if (position % SLICE === 0) await nextTurn();
    const sent = raw.get(c.identifier);
    items.push({
      identifier: c.identifier,
      uri: typeof sent?.uri === 'string' ? sent.uri : null,
      code: c.code,
      title: c.title,
      statement: c.statement,
      translations_json: Object.keys(c.translations).length ? JSON.stringify(c.translations) : null,
      parent_identifier: c.parentIdentifier,
      sequence: c.sequence,
      position,
      item_json: JSON.stringify(sent),
    });
  }
  const associations: Record<string, unknown>[] = [];
  for (const [position, a] of (pkg.CFAssociations ?? []).entries()) {
    if (position % SLICE === 0) await nextTurn();
    associations.push({ identifier: String(a.identifier), position, association_json: JSON.stringify(a) });
  }
  const row = {
    identifier: framework.identifier,
    uri: typeof doc.uri === 'string' ? doc.uri : null,
    title: framework.title,
    translations_json: Object.keys(framework.titles).length ? JSON.stringify(framework.titles) : null,
    document_json: JSON.stringify(doc),
    package_json: JSON.stringify(extrasOf(pkg)),
  };
  return { framework, row, items, associations };
}

const SLICE = 500;
/**
 * Rows per INSERT: few statements, since each is a round trip, within SQLite's limits: knex
 * writes a multi-row insert there as one compound SELECT, at most 500 terms, and a statement
 * binds at most 32,766 parameters (PostgreSQL: 65,535).
 */
const rowsPerInsert = (rows: Record<string, unknown>[]) => Math.min(500, Math.floor(30_000 / (Object.keys(rows[0] ?? {}).length + 1)));

async function insertInChunks(trx: Knex, table: string, frameworkId: string, rows: Record<string, unknown>[]): Promise<void> {
  const size = rowsPerInsert(rows);
  for (let i = 0; i < rows.length; i += size) await trx(table).insert(rows.slice(i, i + size).map((r) => ({ framework_id: frameworkId, ...r })));
}

/** Writes a prepared package in one transaction, in place of the framework's earlier version. */
export async function writeCase(db: Knex, prepared: PreparedCase, now: Date, owner: string | null = null, actor?: Actor): Promise<{ framework: StoredFramework; removed: RemovedItem[] }> {
  const { framework } = prepared;
  return db.transaction(async (trx) => {
    const existing: { id: string; org_id: string | null } | undefined = await trx('frameworks').where({ identifier: framework.identifier }).first('id', 'org_id');
    // A re-import updates in place, but only its owner's: nobody replaces a shared framework
    // or another organisation's through an import of the same identifier.
    if (existing && existing.org_id !== owner) {
      throw errors.forbidden(
        existing.org_id === null ? msg('competency.sharedIdentifier') : msg('competency.foreignIdentifier'),
      );
    }
    const id: string = existing?.id ?? randomUUID();
    if (owner !== null) await assertOwnCodes(trx, id, [...new Set(framework.items.map((c) => c.code))]);
    const row = { ...prepared.row, updated_at: now };
    const removed = existing ? await removedItems(trx, id, framework.items) : [];
    if (existing) await trx('frameworks').where({ id }).update(row);
    else await trx('frameworks').insert({ id, ...row, org_id: owner, levels_json: null, created_at: now });
    await trx('framework_items').where({ framework_id: id }).delete();
    await trx('framework_associations').where({ framework_id: id }).delete();
    await insertInChunks(trx, 'framework_items', id, prepared.items);
    await insertInChunks(trx, 'framework_associations', id, prepared.associations);
    if (actor) {
      const detail = { identifier: framework.identifier, title: framework.title, items: prepared.items.length, replaced: Boolean(existing), removed: removed.length };
      await recordAudit(trx, { actor, orgId: owner, action: 'framework.imported', target: { kind: 'framework', id }, detail }, now);
    }
    return { framework: { id, identifier: framework.identifier, title: framework.title, items: prepared.items.length }, removed };
  });
}

type CodeCount = { competency_code: string; n: number | string };

/** The stored items the new version lacks (by identifier), with what still refers to their codes. */
async function removedItems(trx: Knex, frameworkId: string, next: { identifier: string; code: string }[]): Promise<RemovedItem[]> {
  const keep = new Set(next.map((i) => i.identifier));
  const codes = new Set(next.map((i) => i.code));
  const old: { identifier: string; code: string; title: string }[] = await trx('framework_items').where({ framework_id: frameworkId }).orderBy('position').select('identifier', 'code', 'title');
  const gone = old.filter((i) => !keep.has(i.identifier));
  const orphaned = [...new Set(gone.map((i) => i.code).filter((c) => !codes.has(c)))];
  const evidence = new Map<string, number>();
  const modules = new Map<string, number>();
  for (let i = 0; i < orphaned.length; i += 500) {
    const chunk = orphaned.slice(i, i + 500);
    for (const [table, into] of [['evidence', evidence], ['module_competencies', modules]] as const) {
      const rows = await trx(table).whereIn('competency_code', chunk).groupBy('competency_code').select('competency_code').count<CodeCount[]>({ n: '*' });
      for (const r of rows) into.set(r.competency_code, Number(r.n));
    }
  }
  return gone.map((i) => ({ ...i, evidence: evidence.get(i.code) ?? 0, modules: modules.get(i.code) ?? 0 }));
}

/**
 * A competency code names one competency on the whole platform: scenario packages, course
 * modules and evidence refer to it by code alone. An organisation's own framework that reused
 * another framework's code would change that competency's title and levels for every other
 * organisation, so its codes must be its own.
 */
async function assertOwnCodes(trx: Knex, frameworkId: string, codes: string[]): Promise<void> {
  const taken: { code: string; title: string }[] = [];
  for (let i = 0; i < codes.length; i += 500) {
    taken.push(
      ...(await trx('framework_items as i')
        .join('frameworks as f', 'f.id', 'i.framework_id')
        .whereIn('i.code', codes.slice(i, i + 500))
        .whereNot('i.framework_id', frameworkId)
        .select('i.code', 'f.title')),
    );
  }
  if (taken.length === 0) return;
  const first = taken[0]!;
  throw errors.conflict(
    msg('competency.codesTaken', { code: first.code, framework: first.title, more: taken.length - 1 }),
    taken.map((t) => issueOf('body', msg('field.codeTaken', { code: t.code, framework: t.title }))),
  );
}

/** The framework as a CASE package, the way it was imported. */
export async function exportCase(db: Knex, frameworkId: string): Promise<CasePackage | null> {
  const row: { document_json: string; package_json: string | null } | undefined = await db('frameworks').where({ id: frameworkId }).first('document_json', 'package_json');
  if (!row) return null;
  const items: { item_json: string }[] = await db('framework_items').where({ framework_id: frameworkId }).orderBy('position').select('item_json');
  const associations: { association_json: string }[] = await db('framework_associations').where({ framework_id: frameworkId }).orderBy('position').select('association_json');
  return {
    CFDocument: JSON.parse(row.document_json),
    CFItems: items.map((i) => JSON.parse(i.item_json)),
    CFAssociations: associations.map((a) => JSON.parse(a.association_json)),
    ...(row.package_json ? (JSON.parse(row.package_json) as Record<string, unknown>) : {}),
  };
}

/**
 * The shipped framework enters the database the way any CASE package does: at first start,
 * and again when the file changed. Several processes starting together may race; the loser's
 * unique-key error means the winner imported it.
 */
export async function syncShippedFramework(db: Knex, json: CasePackage, now: Date): Promise<void> {
  const existing = await db('frameworks').where({ identifier: String(json.CFDocument.identifier) }).first('id');
  if (existing && JSON.stringify(await exportCase(db, existing.id)) === JSON.stringify(json)) return;
  try {
    const { problems } = await importCase(db, json, now);
    if (problems.length) throw new Error(`the shipped framework is not a valid CASE package:\n  ${problems.map((p) => render(p)).join('\n  ')}`);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
}

export function parseLevels(json: string | null): ProficiencyLevel[] {
  return json ? (JSON.parse(json) as ProficiencyLevel[]) : DEFAULT_LEVELS;
}

/**
 * The proficiency levels that apply to a set of competencies: those of the framework most of
 * them come from (a course normally draws on one framework), or the defaults.
 */
export async function levelsFor(db: Knex, codes: string[]): Promise<ProficiencyLevel[]> {
  if (codes.length === 0) return DEFAULT_LEVELS;
  const rows = (await db('framework_items as i')
    .join('frameworks as f', 'f.id', 'i.framework_id')
    .whereIn('i.code', codes)
    .groupBy('f.id', 'f.levels_json')
    .select('f.levels_json')
    .count({ n: '*' })
    .orderBy('n', 'desc')) as { levels_json: string | null; n: number | string }[];
  return parseLevels(rows[0]?.levels_json ?? null);
}

export const proficientLine = (levels: ProficiencyLevel[]) => levels.find((l) => l.id === 'proficient')?.min ?? 0.6;

/**
 * Codes that items of more than one framework carry, with those frameworks' titles (sorted):
 * a scenario that names such a code alone could mean either, so the package check refuses it.
 */
export async function ambiguousCodes(db: Knex): Promise<Map<string, string[]>> {
  const shared = db('framework_items').groupBy('code').havingRaw('count(distinct framework_id) > 1').select('code');
  const rows: { code: string; title: string }[] = await db('framework_items as i')
    .join('frameworks as f', 'f.id', 'i.framework_id')
    .whereIn('i.code', shared)
    .distinct('i.code', 'f.title')
    .orderBy(['i.code', 'f.title']);
  const byCode = new Map<string, string[]>();
  for (const r of rows) byCode.set(r.code, [...(byCode.get(r.code) ?? []), r.title]);
  return byCode;
}

/**
 * The frameworks a scenario package may name (`framework:`) and whose items it may reference by
 * identifier: the shared ones and, given an organisation, that organisation's own; without one
 * (the operator's packages folder, the CLI) every framework, as codes are looked up today.
 */
export async function lookupFrameworks(db: Knex, orgId?: string): Promise<LookupFramework[]> {
  const frameworks: { id: string; identifier: string; title: string; translations_json: string | null }[] = await db('frameworks')
    .modify((q) => (orgId === undefined ? q : q.where((w) => w.whereNull('org_id').orWhere('org_id', orgId))))
    .orderBy('title')
    .select('id', 'identifier', 'title', 'translations_json');
  const items: { framework_id: string; identifier: string; code: string }[] = await db('framework_items')
    .whereIn('framework_id', frameworks.map((f) => f.id))
    .orderBy('sequence')
    .select('framework_id', 'identifier', 'code');
  return frameworks.map((f) => ({
    identifier: f.identifier,
    title: f.title,
    titles: LOCALES.map((l) => translated<string>(f.translations_json, l)).filter((t): t is string => typeof t === 'string'),
    items: items.filter((i) => i.framework_id === f.id).map((i) => ({ identifier: i.identifier, code: i.code })),
  }));
}

export type FrameworkNode = { code: string; title: string; statement: string; parent: string | null; sequence: number };

/** A stored translation, when the framework carries one in `locale`. */
export function translated<T>(json: string | null, locale: Locale): T | undefined {
  if (!json || locale === 'en') return undefined;
  try {
    return (JSON.parse(json) as Translations<T>)[locale];
  } catch {
    return undefined;
  }
}

/** One competency with its framework, in the request's language where the framework has it. */
export type IndexedCompetency = FrameworkNode & { framework: string; identifier: string; frameworkId: string; frameworkTitle: string };

/**
 * Every competency of every imported framework, by code (what scenario packages reference),
 * with its title and statement in the request's language where the framework has them.
 * Where frameworks share a code, one of them wins here: competencyList has them all.
 */
export async function competencyIndex(db: Knex, locale: Locale = currentLocale()): Promise<Map<string, IndexedCompetency>> {
  return new Map((await competencyList(db, locale)).map((c) => [c.code, c]));
}

/** Every competency of every imported framework, codes shared between frameworks included. */
export async function competencyList(db: Knex, locale: Locale = currentLocale()): Promise<IndexedCompetency[]> {
  const rows: {
    code: string;
    identifier: string;
    title: string;
    statement: string;
    translations_json: string | null;
    parent_code: string | null;
    sequence: number;
    framework: string;
    framework_identifier: string;
    framework_translations: string | null;
  }[] = await db('framework_items as i')
    .join('frameworks as f', 'f.id', 'i.framework_id')
    .leftJoin('framework_items as p', (j) => j.on('p.framework_id', '=', 'i.framework_id').andOn('p.identifier', '=', 'i.parent_identifier'))
    .select(
      'i.code',
      'i.identifier',
      'i.title',
      'i.statement',
      'i.translations_json',
      'p.code as parent_code',
      'i.sequence',
      'f.title as framework',
      'f.identifier as framework_identifier',
      'f.translations_json as framework_translations',
    );
  return rows.map((r) => {
    const text = translated<CompetencyText>(r.translations_json, locale);
    return {
      code: r.code,
      identifier: r.identifier,
      title: text?.title ?? r.title,
      statement: text?.statement ?? r.statement,
      parent: r.parent_code,
      sequence: Number(r.sequence),
      framework: translated<string>(r.framework_translations, locale) ?? r.framework,
      frameworkId: r.framework_identifier,
      frameworkTitle: r.framework,
    };
  });
}
