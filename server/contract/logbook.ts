import { z } from 'zod';
import { ServerEvents } from './realtime';

/** The weekly logbook of a placement (issue 16): one entry per placement and week (its Monday). */

export const LOG_MAX_HOURS = 80;
const LOG_TEXT_MAX = 4000;
export const LOG_COMMENT_MAX = 2000;
/** One attachment's limit, and how many a week may carry. */
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const ATTACHMENT_BODY_LIMIT = '5mb';
export const ATTACHMENTS_PER_WEEK = 5;
/** The only kinds kept, as recognised from a file's leading bytes (server/logbook/sniff.ts). */
export type AttachmentType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';

/** Pushed to the placement's room when a week is submitted, confirmed or commented. */
export const PLACEMENT_LOG_EVENT = ServerEvents.placementLog;
export type PlacementLogEvent = { placementId: string; week: string };

const text = z.string().max(LOG_TEXT_MAX);

export const LogWeekParams = z.object({ id: z.string().uuid(), week: z.iso.date() });
export const LogAttachmentParams = LogWeekParams.extend({ attachmentId: z.string().uuid() });

/** An autosave: the whole draft and the revision it was based on (0 creates the week). */
export const SaveLogBody = z.object({
  baseRevision: z.number().int().min(0).max(2_000_000_000),
  hours: z.number().min(0).max(LOG_MAX_HOURS).nullable(),
  tasks: text,
  learned: text,
  problems: text,
});
/** Submit or confirm exactly the revision the caller saw. */
export const LogRevisionBody = z.object({ revision: z.number().int().min(1).max(2_000_000_000) });
export const LogCommentBody = z.object({ body: z.string().trim().min(1).max(LOG_COMMENT_MAX) });
export const AttachmentQuery = z.object({ name: z.string().trim().min(1).max(200) });

export type LogStatus = 'draft' | 'submitted' | 'returned' | 'confirmed';

export type LogCommentView = { id: number; author: { id: string; name: string }; body: string; createdAt: string };
export type LogAttachmentView = { id: string; name: string; contentType: AttachmentType; sizeBytes: number; sha256: string; createdAt: string };

export type LogEntryView = {
  week: string;
  status: LogStatus;
  revision: number;
  hours: number | null;
  tasks: string;
  learned: string;
  problems: string;
  submittedAt: string | null;
  confirmedAt: string | null;
  confirmedBy: { id: string; name: string } | null;
  comments: LogCommentView[];
  attachments: LogAttachmentView[];
};

export type LogbookView = {
  placementId: string;
  student: { id: string; name: string };
  startsOn: string;
  endsOn: string;
  /** Every week (Monday) that overlaps the placement. */
  weeks: string[];
  entries: LogEntryView[];
  /** Weeks from the start through today (or the end) with no submitted entry. */
  missing: string[];
  /** What the caller may do: write (the student) or review (the enterprise mentor). */
  canWrite: boolean;
  canReview: boolean;
};

export type SaveLogInput = z.infer<typeof SaveLogBody>;

/*
 * Response bodies (the OpenAPI document of issue 19; under test every real response is held
 * to them), typed against the view types above so tsc proves the two agree. The attachment
 * download (file bytes) and the attachment removal (204) have none.
 */

const PersonRef = z.object({ id: z.string(), name: z.string() });
const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const satisfies readonly AttachmentType[];

const LogAttachmentJson: z.ZodType<LogAttachmentView> = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.enum(ATTACHMENT_TYPES),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  createdAt: z.iso.datetime(),
});

const LogEntryJson: z.ZodType<LogEntryView> = z.object({
  week: z.iso.date(),
  status: z.enum(['draft', 'submitted', 'returned', 'confirmed']),
  revision: z.number().int(),
  hours: z.number().nullable(),
  tasks: z.string(),
  learned: z.string(),
  problems: z.string(),
  submittedAt: z.iso.datetime().nullable(),
  confirmedAt: z.iso.datetime().nullable(),
  confirmedBy: PersonRef.nullable(),
  comments: z.array(z.object({ id: z.number().int(), author: PersonRef, body: z.string(), createdAt: z.iso.datetime() })),
  attachments: z.array(LogAttachmentJson),
});

const LogbookJson: z.ZodType<LogbookView> = z.object({
  placementId: z.string(),
  student: PersonRef,
  startsOn: z.iso.date(),
  endsOn: z.iso.date(),
  weeks: z.array(z.iso.date()),
  entries: z.array(LogEntryJson),
  missing: z.array(z.iso.date()),
  canWrite: z.boolean(),
  canReview: z.boolean(),
});

export const LogbookResponse = z.object({ logbook: LogbookJson });
export const LogEntryResponse = z.object({ entry: LogEntryJson });
export const LogAttachmentResponse = z.object({ attachment: LogAttachmentJson });
