import { z } from 'zod';
import { FILE_MAX_BYTES } from './limits';
import { FilePath } from './paths';
import { fileContent, type WorkspaceFile, type SaveConflict } from './workspace';
import { WorkspaceFileJson } from './work';

/**
 * Enterprise authoring: drafts (a scenario package kept in the database and autosaved with the
 * workspace protocol), validation, publishing, versions, diffs and zip import/export.
 */

const slug = z
  .string()
  .trim()
  .min(3, 'must be at least 3 characters')
  .max(60, 'must be at most 60 characters')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'field.slug');

/**
 * Start a draft: from the starter template (a new scenario) or from a published version. One
 * object rather than a union, so a bad field is named in the error (`body.template.slug`).
 */
export const CreateDraftBody = z
  .object({
    enterpriseId: z.string().uuid('must be an enterprise id'),
    template: z.object({ slug, title: z.string().trim().min(3, 'must be at least 3 characters').max(200) }).optional(),
    /** The version to copy. Without `slug` the draft becomes that scenario's next version. */
    fromVersionId: z.string().uuid('must be a scenario version id').optional(),
    /** Copy into a new scenario with this id instead. */
    slug: slug.optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.template === !b.fromVersionId) {
      ctx.addIssue({ code: 'custom', path: ['template'], message: 'field.templateOrCopy' });
    }
    if (b.template && b.slug) ctx.addIssue({ code: 'custom', path: ['slug'], message: 'field.slugWithCopy' });
  });

/** A .zip of a package (as `scenarios check` reads a folder), base64 encoded. */
export const ImportZipBody = z.object({
  enterpriseId: z.string().uuid('must be an enterprise id'),
  zipBase64: z
    .string()
    .min(1)
    .max(12 * 1024 * 1024, 'field.zipTooLarge')
    .regex(/^[A-Za-z0-9+/=\s]+$/, 'field.base64'),
});

/** A file of a package: the same rule as a workspace file (./paths), with the reason in the message. */
export const DraftFilePath = FilePath;

/** One file of a draft, as of a student's workspace. */
export const DRAFT_FILE_MAX_BYTES = FILE_MAX_BYTES;

export const SaveDraftFilePayload = z.object({
  draftId: z.string().uuid(),
  path: DraftFilePath,
  /** The revision the edit was based on; 0 creates the file (a conflict if it exists). */
  baseRevision: z.number().int().min(0).max(2_000_000_000),
  content: fileContent('split').refine((c) => !c.includes('\u0000'), 'field.nulPackage'),
});

export const DeleteDraftFilePayload = z.object({
  draftId: z.string().uuid(),
  // Any stored path, not only a valid one: a file saved before the path rule must be deletable.
  path: z.string().min(1, 'is required').max(1000),
  baseRevision: z.number().int().min(1).max(2_000_000_000),
});

export const DraftRef = z.object({ draftId: z.string().uuid() });

export const PublishDraftBody = z.object({
  bump: z.enum(['major', 'minor', 'patch'], { message: 'must be major, minor or patch' }),
  changelog: z.string().trim().min(3, 'field.sayWhatChanged').max(500, 'must be at most 500 characters'),
});

export const DiffQuery = z.object({ against: z.string().uuid('must be a scenario version id') });

export const EnterpriseQuery = z.object({ enterpriseId: z.string().uuid('must be an enterprise id').optional() });

/** One finding of the package checks: which file, where, and what is wrong. */
/** `key`/`params`: the message in server/messages' catalogs where the problem has one (`message` is the English). */
export type PackageProblemView = { file: string; path?: string; line?: number; message: string; key?: string; params?: Record<string, string | number> };

/**
 * `id`: what a mark in mutants.yaml names the mutant by (absent in validations stored before marks existed).
 * `notRun`: a survivor that was never run because no check could see it — `unread`: no check reads its
 * file; `uncovered`: no check executes its line on the reference solution.
 */
export type MutantView = { id?: string; file: string; line: number; description: string; before: string; after: string; notRun?: 'unread' | 'uncovered' };

/** How the planted mistakes were tried (server/scenarios/validate.ts MutantCounts; absent in older validations). */
export type MutantCountsView = { planned: number; run: number; killed: number; skipped: number; unrun: number };

/** A mutant the package marks as equivalent: left out of the check strength, with the author's reason. */
export type EquivalentMutantView = MutantView & { id: string; reason: string };

export type DraftValidationView = {
  /** The content hash validated: publishing needs a passing validation of the current content. */
  contentHash: string;
  passed: boolean;
  problems: PackageProblemView[];
  lines: string[];
  strength: number | null;
  survivors: MutantView[];
  /** Absent in validations stored before marks existed. */
  equivalent?: EquivalentMutantView[];
  mutants?: MutantCountsView;
  validatedAt: string;
};

export type VersionSummary = {
  id: string;
  version: string;
  seq: number;
  title: string;
  changelog: string | null;
  publishedAt: string;
  publishedBy: string | null;
};

export type DraftSummary = { id: string; updatedAt: string; baseVersion: string | null; updatedBy: string | null };

export type AuthoredScenario = {
  id: string;
  slug: string;
  title: string;
  public: boolean;
  versions: VersionSummary[];
  draft: DraftSummary | null;
};

export type AuthoringHome = {
  enterprise: { id: string; name: string };
  /** Authors edit; reviewers of the enterprise read. */
  canEdit: boolean;
  scenarios: AuthoredScenario[];
  /** For the competency picker: every imported framework's competencies. */
};

export type DraftView = {
  id: string;
  scenario: { id: string; slug: string; title: string; ownerOrgId: string };
  baseVersion: { id: string; version: string } | null;
  /** The version the next publish creates for each bump. */
  nextVersions: { major: string; minor: string; patch: string };
  files: WorkspaceFile[];
  /** The content hash of the files as they are now. */
  contentHash: string;
  validation: DraftValidationView | null;
  canEdit: boolean;
  updatedAt: string;
};

export type DraftFileAck = { revision: number };
export type DraftFileConflict = SaveConflict;

/** Pushed to `draft:<id>` when a file changes, so every open editor follows. */
export type DraftFileChanged = { draftId: string; path: string; revision: number; content: string | null; byUserId: string };

/** Pushed to `draft:<id>` when the draft is published (and so closed). */
export type DraftPublished = { draftId: string; versionId: string; version: string; scenarioId: string; byUserId: string; byName: string };

/** Pushed to `draft:<id>` while a validation runs. */
export type DraftValidationProgress = { draftId: string; phase: 'load' | 'solution' | 'starter' | 'mutants' | 'done'; done: number; total: number };

export type VersionFile = { path: string; content: string };

export type VersionFilesView = {
  version: VersionSummary & { scenarioId: string; slug: string };
  files: VersionFile[];
  /** Files left out because the reader may not see them: checks/, fixtures/, solution/ and anything else students are not shown. */
  withheld: string[];
};

export type FileDiff = { path: string; status: 'added' | 'removed' | 'changed' | 'same'; before: string | null; after: string | null };

export type VersionDiffView = {
  from: VersionSummary;
  to: VersionSummary;
  /** Changelog lines of every version after `from` up to `to`. */
  changelog: { version: string; changelog: string | null }[];
  files: FileDiff[];
  withheld: string[];
};

/** Shown on a teacher's assignment when the scenario has versions newer than the assigned one. */
export type NewerVersionNotice = { latest: { id: string; version: string }; changes: { version: string; changelog: string | null }[] };

/**
 * `framework`: its framework's title in the reader's language; `identifier`: the CASE item's;
 * `frameworkId` and `frameworkTitle`: the framework's CFDocument identifier and stored title (what `framework:` names).
 */
export type CompetencyOption = { code: string; title: string; framework: string; parent: string | null; identifier: string; frameworkId: string; frameworkTitle: string };

/** Preview as student: a workspace on a snapshot of the draft, kept in server memory only. */
export type PreviewStarted = { previewId: string };
export const PreviewRef = z.object({ previewId: z.string().uuid() });
/** Opening a preview: in the author's language when the draft is written in it (as a student's attempt). */
export const PreviewJoin = PreviewRef.extend({ lang: z.enum(['en', 'zh-CN'], { error: () => 'must be en or zh-CN' }).optional() });
export const SavePreviewFilePayload = z.object({
  previewId: z.string().uuid(),
  path: DraftFilePath,
  baseRevision: z.number().int().min(0).max(2_000_000_000),
  content: SaveDraftFilePayload.shape.content,
});

export type CreateDraftInput = z.infer<typeof CreateDraftBody>;
export type SaveDraftFileInput = z.infer<typeof SaveDraftFilePayload>;
export type DeleteDraftFileInput = z.infer<typeof DeleteDraftFilePayload>;
export type PublishDraftInput = z.infer<typeof PublishDraftBody>;
export type ImportZipInput = z.infer<typeof ImportZipBody>;
export type SavePreviewFileInput = z.infer<typeof SavePreviewFilePayload>;

/*
 * Response bodies (the OpenAPI document of issue 19; under test every real response is held
 * to them), typed against the view types above so tsc proves the two agree. Discarding a
 * draft (204) and the package download (.zip) have none; the preview is an attempt's shape
 * (AttemptResponse, ./attempts).
 */

const VersionSummaryJson = z.object({
  id: z.string(),
  version: z.string(),
  seq: z.number().int(),
  title: z.string(),
  changelog: z.string().nullable(),
  publishedAt: z.iso.datetime(),
  publishedBy: z.string().nullable(),
}) satisfies z.ZodType<VersionSummary>;

export const AuthoringHomeResponse: z.ZodType<AuthoringHome> = z.object({
  enterprise: z.object({ id: z.string(), name: z.string() }),
  canEdit: z.boolean(),
  scenarios: z.array(
    z.object({
      id: z.string(),
      slug: z.string(),
      title: z.string(),
      public: z.boolean(),
      versions: z.array(VersionSummaryJson),
      draft: z.object({ id: z.string(), updatedAt: z.iso.datetime(), baseVersion: z.string().nullable(), updatedBy: z.string().nullable() }).nullable(),
    }),
  ),
});

export const CompetencyOptionsResponse = z.object({
  competencies: z.array(
    z.object({ code: z.string(), title: z.string(), framework: z.string(), parent: z.string().nullable(), identifier: z.string(), frameworkId: z.string(), frameworkTitle: z.string() }) satisfies z.ZodType<CompetencyOption>,
  ),
});

const MutantJson = z.object({
  id: z.string().optional(),
  file: z.string(),
  line: z.number().int(),
  description: z.string(),
  before: z.string(),
  after: z.string(),
  notRun: z.enum(['unread', 'uncovered']).optional(),
}) satisfies z.ZodType<MutantView>;

const DraftValidationJson: z.ZodType<DraftValidationView> = z.object({
  contentHash: z.string(),
  passed: z.boolean(),
  problems: z.array(
    z.object({
      file: z.string(),
      path: z.string().optional(),
      line: z.number().int().optional(),
      message: z.string(),
      key: z.string().optional(),
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    }),
  ),
  lines: z.array(z.string()),
  strength: z.number().nullable(),
  survivors: z.array(MutantJson),
  equivalent: z.array(MutantJson.extend({ id: z.string(), reason: z.string() })).optional(),
  mutants: z.object({ planned: z.number().int(), run: z.number().int(), killed: z.number().int(), skipped: z.number().int(), unrun: z.number().int() }).optional(),
  validatedAt: z.iso.datetime(),
});

const DraftJson: z.ZodType<DraftView> = z.object({
  id: z.string(),
  scenario: z.object({ id: z.string(), slug: z.string(), title: z.string(), ownerOrgId: z.string() }),
  baseVersion: z.object({ id: z.string(), version: z.string() }).nullable(),
  nextVersions: z.object({ major: z.string(), minor: z.string(), patch: z.string() }),
  files: z.array(WorkspaceFileJson),
  contentHash: z.string(),
  validation: DraftValidationJson.nullable(),
  canEdit: z.boolean(),
  updatedAt: z.iso.datetime(),
});
export const DraftResponse = z.object({ draft: DraftJson });

export const PublishedVersionResponse = z.object({ versionId: z.string(), version: z.string(), scenarioId: z.string() });
export const PreviewStartedResponse: z.ZodType<PreviewStarted> = z.object({ previewId: z.string() });

export const VersionFilesResponse: z.ZodType<VersionFilesView> = z.object({
  version: VersionSummaryJson.extend({ scenarioId: z.string(), slug: z.string() }),
  files: z.array(z.object({ path: z.string(), content: z.string() })),
  withheld: z.array(z.string()),
});

export const VersionDiffResponse: z.ZodType<VersionDiffView> = z.object({
  from: VersionSummaryJson,
  to: VersionSummaryJson,
  changelog: z.array(z.object({ version: z.string(), changelog: z.string().nullable() })),
  files: z.array(
    z.object({ path: z.string(), status: z.enum(['added', 'removed', 'changed', 'same']), before: z.string().nullable(), after: z.string().nullable() }),
  ),
  withheld: z.array(z.string()),
});
