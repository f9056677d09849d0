import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { isMap, parseDocument } from 'yaml';
import { languagesOf } from '../scenarios/languages';
import type {
  AuthoringHome,
  CompetencyOption,
  CreateDraftInput,
  DraftValidationProgress,
  DraftPublished,
  DraftValidationView,
  DraftView,
  PublishDraftInput,
} from '../contract/authoring';
import { ServerEvents } from '../contract/realtime';
import { isUniqueViolation } from '../attempts/repo';
import { competencyList } from '../competency/case';
import { toBool, toIso } from '../db/values';
import { competencyLookup, versionSummary, versionsQuery, type VersionRow } from './repo';
import { errors } from '../http/errors';
import { msg } from '../messages';
import { issueOf } from '../http/validate';
import { chooseOrg, type Actor } from '../http/policy';
import { hashFiles, packageFromFiles, readPackageFiles, type PackageFiles } from '../scenarios/package';
import { insertVersion } from '../scenarios/repo';
import { bumpVersion } from '../scenarios/semver';
import { validateFiles } from '../scenarios/validate';
import type { AuthoringDeps } from './deps';
import { draftFiles, draftFor, draftRooms, filesMap, insertDraftFiles, lockDraft, type DraftRow } from './drafts';
import { assertAuthor, assertMember, authoringOrgs, enterpriseRole } from './policy';
import { readPackageZip } from './zip';
import { setTopLevelScalar } from './yamlText';
import { recordAudit } from '../audit/record';

const TEMPLATE_DIR = path.resolve(import.meta.dirname, 'template');

/** Which enterprise an authoring call is about: the one named, or the caller's only one. */
export function resolveAuthoringOrg(actor: Actor, enterpriseId?: string): string {
  return chooseOrg(authoringOrgs(actor), enterpriseId, {
    none: () => errors.forbidden(msg('authoring.noEnterprise')),
    several: msg('orgs.severalEnterprises'),
  });
}

/**
 * Competencies of every imported framework, a code that frameworks share once per framework:
 * the picker's options and the browser checks' lookup (which resolves `framework:` with them).
 */
export async function competencyOptions(db: Knex): Promise<CompetencyOption[]> {
  const list = await competencyList(db);
  return list
    .sort((a, b) => a.framework.localeCompare(b.framework) || a.sequence - b.sequence || a.code.localeCompare(b.code))
    .map((c) => ({ code: c.code, title: c.title, framework: c.framework, parent: c.parent, identifier: c.identifier, frameworkId: c.frameworkId, frameworkTitle: c.frameworkTitle }));
}

/** The title a draft gives its scenario, read leniently: the file may be half-typed. */
function draftTitle(yamlText: string | undefined): string | undefined {
  if (!yamlText) return undefined;
  try {
    const doc = parseDocument(yamlText);
    let title: unknown = doc.get('title');
    // A bilingual package's title (`{ en: …, zh-CN: … }`): the one in its default language.
    const language = doc.get('language');
    if (isMap(title)) title = title.get(languagesOf({ language: typeof language === 'string' ? language : undefined }).language);
    return typeof title === 'string' && title.trim() ? title : undefined;
  } catch {
    return undefined;
  }
}

/** The enterprise's scenarios with every published version and the open draft. */
export async function authoringHome(deps: AuthoringDeps, actor: Actor, enterpriseId?: string): Promise<AuthoringHome> {
  const orgId = resolveAuthoringOrg(actor, enterpriseId);
  const org = await deps.db('organizations').where({ id: orgId }).first('id', 'name');
  const scenarios: { id: string; slug: string; public: unknown }[] = await deps.db('scenarios').where({ owner_org_id: orgId }).orderBy('slug').select('id', 'slug', 'public');
  const ids = scenarios.map((s) => s.id);
  const [versions, drafts] = await Promise.all([
    versionsQuery(deps.db).whereIn('v.scenario_id', ids).orderBy('v.seq') as Promise<VersionRow[]>,
    deps.db('scenario_drafts as d')
      .leftJoin('scenario_versions as b', 'b.id', 'd.base_version_id')
      .leftJoin('users as u', 'u.id', 'd.updated_by')
      .leftJoin('draft_files as f', (j) => j.on('f.draft_id', '=', 'd.id').andOnVal('f.path', '=', 'scenario.yaml'))
      .whereIn('d.scenario_id', ids)
      .select('d.id', 'd.scenario_id', 'd.updated_at', 'b.version as base_version', 'u.name as updated_by_name', 'f.content as yaml') as Promise<
      { id: string; scenario_id: string; updated_at: Date | number; base_version: string | null; updated_by_name: string | null; yaml: string | null }[]
    >,
  ]);
  return {
    enterprise: { id: org.id, name: org.name },
    canEdit: enterpriseRole(actor, orgId) === 'author',
    scenarios: scenarios.map((s) => {
      const own = versions.filter((v) => v.scenario_id === s.id).map(versionSummary);
      const draft = drafts.find((d) => d.scenario_id === s.id);
      return {
        id: s.id,
        slug: s.slug,
        title: own.at(-1)?.title ?? draftTitle(draft?.yaml ?? undefined) ?? s.slug,
        public: toBool(s.public as boolean),
        versions: own,
        draft: draft ? { id: draft.id, updatedAt: toIso(draft.updated_at)!, baseVersion: draft.base_version, updatedBy: draft.updated_by_name } : null,
      };
    }),
  };
}

function templateFiles(slug: string, title: string): PackageFiles {
  const { files } = readPackageFiles(TEMPLATE_DIR);
  files.set('scenario.yaml', setTopLevelScalar(setTopLevelScalar(files.get('scenario.yaml')!, 'id', slug), 'title', title));
  return files;
}

/** A copy of a package under another id: only `id` in scenario.yaml names the package. */
function renamed(files: PackageFiles, slug: string): PackageFiles {
  const out = new Map(files);
  out.set('scenario.yaml', setTopLevelScalar(out.get('scenario.yaml') ?? '', 'id', slug));
  return out;
}

const SLUG_TAKEN = (slug: string) =>
  errors.conflict(msg('authoring.slugTaken', { slug }), { field: 'slug' });

async function newScenario(trx: Knex, slug: string, orgId: string, now: Date): Promise<string> {
  if (await trx('scenarios').where({ slug }).first('id')) throw SLUG_TAKEN(slug);
  const id = randomUUID();
  await trx('scenarios').insert({ id, slug, owner_org_id: orgId, created_at: now });
  return id;
}

async function openDraft(trx: Knex, scenarioId: string, baseVersionId: string | null, files: PackageFiles, actor: Actor, now: Date): Promise<string> {
  const id = randomUUID();
  await trx('scenario_drafts').insert({ id, scenario_id: scenarioId, base_version_id: baseVersionId, created_by: actor.id, updated_by: actor.id, created_at: now, updated_at: now });
  await insertDraftFiles(trx, id, files, actor.id, now);
  return id;
}

/**
 * Opens a draft: a new scenario from the starter template, the next version of one of the
 * enterprise's scenarios (a copy of a published version), or a copy of any version the
 * enterprise may read under a new id. A scenario has one draft; asking again for the next
 * version of a scenario whose draft is open returns that draft.
 */
export async function createDraft(deps: AuthoringDeps, actor: Actor, input: CreateDraftInput): Promise<DraftView> {
  assertAuthor(actor, input.enterpriseId);
  const now = deps.clock();
  let draftId: string;
  try {
    draftId = await deps.db.transaction(async (trx) => {
      if (input.template) {
        const scenarioId = await newScenario(trx, input.template.slug, input.enterpriseId, now);
        return openDraft(trx, scenarioId, null, templateFiles(input.template.slug, input.template.title), actor, now);
      }
      const version = await trx('scenario_versions as v')
        .join('scenarios as s', 's.id', 'v.scenario_id')
        .where('v.id', input.fromVersionId!)
        .first('v.id', 'v.scenario_id', 'v.files_json', 's.owner_org_id', 's.slug', 's.public');
      const ownVersion = version && version.owner_org_id === input.enterpriseId;
      // Copying into a new scenario needs the whole package: the enterprise's own, or a library one.
      const mayCopy = version && (ownVersion || version.owner_org_id === null);
      if (!mayCopy) throw errors.notFound(msg('notFound.scenarioVersion'));
      const files: PackageFiles = new Map(Object.entries(JSON.parse(version.files_json) as Record<string, string>));
      if (input.slug) {
        const scenarioId = await newScenario(trx, input.slug, input.enterpriseId, now);
        return openDraft(trx, scenarioId, null, renamed(files, input.slug), actor, now);
      }
      if (!ownVersion) throw errors.validation(msg('authoring.copyLibrary'), [issueOf('slug', msg('field.required'))]);
      const open = await trx('scenario_drafts').where({ scenario_id: version.scenario_id }).first('id');
      if (open) return open.id as string;
      return openDraft(trx, version.scenario_id, version.id, files, actor, now);
    });
  } catch (err) {
    // Two authors pressing "Edit" at once: the unique scenario_id lets one draft through.
    if (input.fromVersionId && !input.slug && isUniqueViolation(err)) {
      const version = await deps.db('scenario_versions').where({ id: input.fromVersionId }).first('scenario_id');
      const open = version && (await deps.db('scenario_drafts').where({ scenario_id: version.scenario_id }).first('id'));
      if (open) return draftView(deps, actor, open.id);
    }
    if ('template' in input && input.template && isUniqueViolation(err)) throw SLUG_TAKEN(input.template.slug);
    if (input.slug && isUniqueViolation(err)) throw SLUG_TAKEN(input.slug);
    throw err;
  }
  return draftView(deps, actor, draftId);
}

/** An uploaded .zip: the caller's right to import for the enterprise is checked before it is unpacked. */
export async function importZip(deps: AuthoringDeps, actor: Actor, orgId: string, zipBase64: string): Promise<DraftView> {
  assertAuthor(actor, orgId);
  return importDraft(deps, actor, orgId, readPackageZip(new Uint8Array(Buffer.from(zipBase64, 'base64'))));
}

/** A package imported from a zip: a new scenario, or the next version of the enterprise's own. */
export async function importDraft(deps: AuthoringDeps, actor: Actor, orgId: string, files: PackageFiles): Promise<DraftView> {
  assertAuthor(actor, orgId);
  const slug = declaredId(files);
  const now = deps.clock();
  const open = (trx: Knex) => async () => {
    const existing = await trx('scenarios').where({ slug }).first('id', 'owner_org_id');
    if (existing && existing.owner_org_id !== orgId) throw SLUG_TAKEN(slug);
    if (existing) {
      if (await trx('scenario_drafts').where({ scenario_id: existing.id }).first('id')) {
        throw errors.conflict(msg('authoring.openDraft', { slug }));
      }
      const latest = await trx('scenario_versions').where({ scenario_id: existing.id }).orderBy('seq', 'desc').first('id');
      return openDraft(trx, existing.id, latest?.id ?? null, files, actor, now);
    }
    return openDraft(trx, await newScenario(trx, slug, orgId, now), null, files, actor, now);
  };
  const draftId = await deps.db
    .transaction((trx) => open(trx)())
    .catch((err: unknown) => {
      // Two imports of one package at the same moment: one wins, the other hears why.
      if (isUniqueViolation(err)) throw errors.conflict(msg('authoring.draftRace', { slug }));
      throw err;
    });
  return draftView(deps, actor, draftId);
}

/** The id a package names in scenario.yaml; an import needs it before anything else is checked. */
export function declaredId(files: PackageFiles): string {
  const text = files.get('scenario.yaml');
  if (text === undefined) throw errors.validation(msg('authoring.noScenarioYaml'));
  let id: unknown;
  try {
    id = parseDocument(text).get('id');
  } catch {
    id = undefined;
  }
  if (typeof id !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
    throw errors.validation(msg('authoring.needsId'));
  }
  return id;
}

const parseValidation = (json: string | null): DraftValidationView | null => (json ? (JSON.parse(json) as DraftValidationView) : null);

async function latestVersionOf(db: Knex, scenarioId: string): Promise<{ id: string; version: string; seq: number } | undefined> {
  return db('scenario_versions').where({ scenario_id: scenarioId }).orderBy('seq', 'desc').first('id', 'version', 'seq');
}

/** The next version for each bump: after the latest published one, or 1.0.0 for the first. */
function nextVersions(latest: string | undefined): DraftView['nextVersions'] {
  if (!latest) return { major: '1.0.0', minor: '1.0.0', patch: '1.0.0' };
  return { major: bumpVersion(latest, 'major'), minor: bumpVersion(latest, 'minor'), patch: bumpVersion(latest, 'patch') };
}

export async function draftView(deps: AuthoringDeps, actor: Actor, draftId: string): Promise<DraftView> {
  const draft = await draftFor(deps.db, actor, draftId, 'read');
  const [files, base, latest] = await Promise.all([
    draftFiles(deps.db, draftId),
    draft.base_version_id ? deps.db('scenario_versions').where({ id: draft.base_version_id }).first('id', 'version') : undefined,
    latestVersionOf(deps.db, draft.scenario_id),
  ]);
  const map = filesMap(files);
  return {
    id: draft.id,
    scenario: { id: draft.scenario_id, slug: draft.slug, title: draftTitle(map.get('scenario.yaml')) ?? draft.slug, ownerOrgId: draft.owner_org_id },
    baseVersion: base ? { id: base.id, version: base.version } : null,
    nextVersions: nextVersions(latest?.version),
    files,
    contentHash: hashFiles(map),
    validation: parseValidation(draft.validation_json),
    canEdit: enterpriseRole(actor, draft.owner_org_id) === 'author',
    updatedAt: toIso(draft.updated_at)!,
  };
}

export async function discardDraft(deps: AuthoringDeps, actor: Actor, draftId: string): Promise<void> {
  const draft = await draftFor(deps.db, actor, draftId, 'edit');
  await deps.db.transaction(async (trx) => {
    await trx('scenario_drafts').where({ id: draft.id }).delete();
    // A scenario that never had a version is nothing without its draft.
    if (!(await trx('scenario_versions').where({ scenario_id: draft.scenario_id }).first('id'))) {
      await trx('scenarios').where({ id: draft.scenario_id }).delete();
    }
  });
}

/** Drafts being validated in this process: a second press joins the first run's progress. */
const validating = new Map<string, Promise<DraftValidationView>>();
/**
 * Validations share the sandbox pool with students' check runs and grading: one at a time per
 * process, a few waiting, so authors testing scenarios never crowd out a class at work.
 */
const VALIDATIONS_AT_ONCE = 1;
const VALIDATIONS_WAITING = 4;
let validationsRunning = 0;
const validationQueue: (() => void)[] = [];

async function validationTurn<T>(work: () => Promise<T>): Promise<T> {
  if (validationsRunning >= VALIDATIONS_AT_ONCE) {
    if (validationQueue.length >= VALIDATIONS_WAITING) {
      throw errors.conflict(msg('authoring.validationBusy'), { reason: 'busy' });
    }
    await new Promise<void>((resolve) => validationQueue.push(resolve));
  }
  validationsRunning++;
  try {
    return await work();
  } finally {
    validationsRunning--;
    validationQueue.shift()?.();
  }
}

/**
 * Runs `scenarios check` on the draft as it is now, streaming progress to everyone who has the
 * draft open. The result is stored with the content hash it validated: publishing needs a
 * passing validation of exactly the content being published.
 */
export async function validateDraft(deps: AuthoringDeps, actor: Actor, draftId: string): Promise<DraftValidationView> {
  const draft = await draftFor(deps.db, actor, draftId, 'edit');
  const running = validating.get(draft.id);
  if (running) return running;
  const run = validationTurn(async () => {
    const files = filesMap(await draftFiles(deps.db, draft.id));
    const contentHash = hashFiles(files);
    const room = draftRooms.draft(draft.id);
    const progress = (p: Omit<DraftValidationProgress, 'draftId'>) => deps.publisher.toRoom(room, ServerEvents.draftValidation, { draftId: draft.id, ...p });
    progress({ phase: 'load', done: 0, total: 0 });
    let lastPush = 0;
    const result = await validateFiles(draft.slug, files, await competencyLookup(deps.db, draft.owner_org_id), deps.sandbox(), {
      onPhase: (phase) => progress({ phase, done: 0, total: 0 }),
      onProgress: (done, total) => {
        // Every mutant would be a push per few milliseconds; a few a second is enough to watch.
        if (done === total || Date.now() - lastPush > 150) {
          lastPush = Date.now();
          progress({ phase: 'mutants', done, total });
        }
      },
    });
    const view: DraftValidationView = {
      contentHash,
      passed: result.problems.length === 0,
      problems: result.problems,
      lines: result.lines,
      strength: result.strength ?? null,
      survivors: result.survivors.map(({ id, file, line, description, before, after, notRun }) => ({ id, file, line, description, before, after, ...(notRun ? { notRun } : {}) })),
      equivalent: result.equivalent.map(({ id, file, line, description, before, after, reason }) => ({ id, file, line, description, before, after, reason })),
      ...(result.mutants ? { mutants: { planned: result.mutants.planned, run: result.mutants.run, killed: result.mutants.killed, skipped: result.mutants.skipped, unrun: result.mutants.unrun } } : {}),
      validatedAt: deps.clock().toISOString(),
    };
    await deps.db('scenario_drafts').where({ id: draft.id }).update({ validation_json: JSON.stringify(view) });
    progress({ phase: 'done', done: 1, total: 1 });
    return view;
  });
  validating.set(draft.id, run);
  try {
    return await run;
  } finally {
    validating.delete(draft.id);
  }
}

/**
 * Publishes the draft as the next immutable version. Refused unless the draft's current content
 * passed validation; the version number follows the author's bump from the latest published
 * version; the changelog line is kept with it. The draft is closed in the same transaction.
 */
export async function publishDraft(deps: AuthoringDeps, actor: Actor, draftId: string, input: PublishDraftInput): Promise<{ versionId: string; version: string; scenarioId: string }> {
  const draft = await draftFor(deps.db, actor, draftId, 'edit');
  const now = deps.clock();
  const result = await deps.db.transaction(async (trx) => {
    // Lock the draft row: a save racing the publish either lands before (and fails the hash
    // check below) or finds the draft gone.
    await lockDraft(trx, draft.id, 'update');
    const locked = (await trx('scenario_drafts').where({ id: draft.id }).first()) as DraftRow;
    const files = filesMap(await draftFiles(trx, draft.id));
    const contentHash = hashFiles(files);
    const validation = parseValidation(locked.validation_json);
    if (!validation || validation.contentHash !== contentHash) {
      throw errors.conflict(msg('authoring.validateFirst'), { reason: 'not_validated' });
    }
    if (!validation.passed) {
      throw errors.conflict(msg('authoring.validationFailed', { count: validation.problems.length }), { reason: 'invalid' });
    }
    if (await trx('scenario_versions').where({ scenario_id: draft.scenario_id, content_hash: contentHash }).first('id')) {
      throw errors.conflict(msg('authoring.unchanged'), { reason: 'unchanged' });
    }
    const latest = await latestVersionOf(trx, draft.scenario_id);
    // A version published meanwhile by another way (the folder import, the scenarios/ folder at
    // start) is not in this draft: publishing over it would silently drop its changes.
    if (latest && locked.base_version_id && latest.id !== locked.base_version_id) {
      throw errors.conflict(
        msg('authoring.behind', { version: latest.version }),
        { reason: 'behind', latest: { id: latest.id, version: latest.version } },
      );
    }
    const version = nextVersions(latest?.version)[input.bump];
    // The manifest carries the version it was published as, so an export says it too.
    files.set('scenario.yaml', setTopLevelScalar(files.get('scenario.yaml')!, 'version', version));
    const { pkg, problems } = packageFromFiles(draft.slug, files, await competencyLookup(trx, draft.owner_org_id), [], { nameFrom: 'scenario' });
    if (!pkg) throw errors.conflict(msg('authoring.noLongerLoads', { problem: problems[0]?.message ?? 'unknown problem' }), { reason: 'invalid' });
    const versionId = await insertVersion(trx, draft.scenario_id, pkg, version, (latest?.seq ?? 0) + 1, now);
    await trx('scenario_versions').where({ id: versionId }).update({ changelog: input.changelog, published_by: actor.id });
    await trx('scenario_drafts').where({ id: draft.id }).delete();
    const owner: { owner_org_id: string | null } = await trx('scenarios').where({ id: draft.scenario_id }).first('owner_org_id');
    await recordAudit(trx, { actor, orgId: owner.owner_org_id, action: 'scenario.published', target: { kind: 'scenarioVersion', id: versionId }, detail: { scenarioId: draft.scenario_id, slug: draft.slug, version, changelog: input.changelog } }, now);
    return { versionId, version, scenarioId: draft.scenario_id };
  });
  deps.publisher.toRoom(draftRooms.draft(draft.id), ServerEvents.draftPublished, { draftId: draft.id, ...result, byUserId: actor.id, byName: actor.name } satisfies DraftPublished);
  return result;
}

/** Reading an enterprise's scenario: its authors and reviewers; the 404 names the scenario. */
export function assertScenarioMember(actor: Actor, ownerOrgId: string | null): void {
  assertMember(actor, ownerOrgId, msg('notFound.scenario'));
}

export function templateExists(): boolean {
  return fs.existsSync(path.join(TEMPLATE_DIR, 'scenario.yaml'));
}
