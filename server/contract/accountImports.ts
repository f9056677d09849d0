import { z } from 'zod';
import { ROLES, type Role } from './constants';

/**
 * Bulk accounts from a CSV file (#17): the wire shapes of the preview and of its application.
 * The file itself travels as the request's raw bytes (UTF-8 with or without BOM, or GB18030).
 */

/** At most this many bytes per file: 5,000 lines of a school's roster fit many times over. */
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const IMPORT_BODY_LIMIT = '2mb';
/** At most this many accounts per file (lines after the header). */
export const IMPORT_MAX_LINES = 5000;

export const IMPORT_OUTCOMES = ['refused', 'create', 'update', 'unchanged'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

export const IMPORT_CHANGES = ['name', 'role', 'class'] as const;
export type ImportChange = (typeof IMPORT_CHANGES)[number];

export const ImportParams = z.object({ orgId: z.string().min(1).max(64) });

/** Apply names the preview it confirms: the server applies the file only if it would still do exactly that. */
export const ApplyImportQuery = z.object({ plan: z.string().regex(/^[0-9a-f]{64}$/, 'must be the plan id of a preview') });

/** A refusal's reason: a message key and its parameters, and the sentence in the caller's language. */
export type ImportReasonT = { key: string; params?: Record<string, string | number>; message: string };

export type ImportLineT = {
  /** The line in the file, the header being line 1. */
  line: number;
  email: string;
  name: string;
  role: Role | null;
  className: string | null;
  outcome: ImportOutcome;
  /** What an update changes; empty otherwise. */
  changes: ImportChange[];
  reason?: ImportReasonT;
};

export type ImportPreviewT = {
  orgId: string;
  orgName: string;
  orgKind: 'school' | 'enterprise';
  /** How the file was read: Chinese Excel saves GB18030 (GBK) unless told to save "CSV UTF-8". */
  encoding: 'utf-8' | 'gb18030';
  /** Header cells that name no column we read (shown, so a misspelt header is noticed). */
  ignoredColumns: string[];
  /** Names this exact outcome; apply sends it back. */
  planId: string;
  counts: Record<ImportOutcome, number>;
  /** Refused lines first, then in file order. */
  lines: ImportLineT[];
};

/** A new account's initial password, returned once by apply, for the printed slips. */
export type ImportCredentialT = { line: number; email: string; name: string; role: Role; className: string | null; password: string };

export type ImportResultT = ImportPreviewT & { credentials: ImportCredentialT[] };

// Response bodies (the API document; held to real responses under test). The hand types above
// stay the authority for the web; each schema is checked against its type at compile time.
const ImportReason = z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional(), message: z.string() });
const ImportLine = z.object({
  line: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES).nullable(),
  className: z.string().nullable(),
  outcome: z.enum(IMPORT_OUTCOMES),
  changes: z.array(z.enum(IMPORT_CHANGES)),
  reason: ImportReason.optional(),
});
const ImportPreviewObject = z.object({
  orgId: z.string(),
  orgName: z.string(),
  orgKind: z.enum(['school', 'enterprise']),
  encoding: z.enum(['utf-8', 'gb18030']),
  ignoredColumns: z.array(z.string()),
  planId: z.string(),
  counts: z.record(z.enum(IMPORT_OUTCOMES), z.number().int()),
  lines: z.array(ImportLine),
});
const ImportCredential = z.object({ line: z.number().int(), email: z.string(), name: z.string(), role: z.enum(ROLES), className: z.string().nullable(), password: z.string() });

export const ImportPreviewResponse: z.ZodType<{ preview: ImportPreviewT }> = z.object({ preview: ImportPreviewObject });
export const ImportResultResponse: z.ZodType<{ result: ImportResultT }> = z.object({ result: ImportPreviewObject.extend({ credentials: z.array(ImportCredential) }) });
