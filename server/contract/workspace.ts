import { z } from 'zod';
import { FILE_MAX_BYTES, formatBytes, utf8Length } from './limits';
import { FilePath } from './paths';
import { EVENTS_READ_MAX } from './realtime';
import type { AttemptReviewView } from './review';
import type { CheckResultView, WorkspaceFile } from './work';

// Defined beside the review's shapes, which are made of them too; re-exported as part of the workspace's.
export type { CheckResultView, WorkspaceFile } from './work';

/** Courses, assignments, attempts and the live workspace: wire shapes shared with the web. */

export const CreateCourseBody = z.object({
  title: z.string().trim().min(2, 'must be at least 2 characters').max(200),
  code: z.string().trim().max(40).optional(),
  /** The school the course belongs to; defaults to the teacher's only school. */
  schoolId: z.string().uuid().optional(),
});

export const EnrolBody = z
  .object({
    userIds: z.array(z.string().uuid()).max(500).optional(),
    /** Pasted e-mails or a CSV export: one student per line, the e-mail in the first column that has one. */
    text: z
      .string()
      .max(200_000)
      .refine((t) => t.split('\n').length <= 2_000, 'has more than 2000 lines; enrol in parts')
      .refine((t) => !t.includes('\u0000'), 'must not contain NUL characters')
      .optional(),
  })
  .refine((b) => (b.userIds?.length ?? 0) > 0 || (b.text ?? '').trim().length > 0, { message: 'field.userIdsOrText', path: ['text'] });

export const CreateAssignmentBody = z
  .object({
    scenarioVersionId: z.string().uuid('must be a published scenario version id'),
    title: z.string().trim().min(2).max(200).optional(),
    mode: z.enum(['practice', 'assessment']).default('practice'),
    opensAt: z.iso.datetime({ offset: true }).optional(),
    closesAt: z.iso.datetime({ offset: true }).nullable().optional(),
    timeLimitMinutes: z.number().int().min(5).max(8 * 60).optional(),
    maxAttempts: z.number().int().min(1).max(100).nullable().optional(),
    revealPolicy: z.enum(['full', 'description', 'points', 'after-close']).default('description'),
    review: z.enum(['none', 'single', 'double']).default('none'),
    blindReview: z.boolean().default(false),
    /** Days after the grade is released during which the student may ask for a regrade. */
    regradeWindowDays: z.number().int().min(0).max(365).default(7),
    /** Double review: levels two reviewers may differ by before a lead moderates. */
    moderationThreshold: z.number().int().min(0).max(10).default(1),
  })
  .refine((b) => !b.opensAt || !b.closesAt || Date.parse(b.closesAt) > Date.parse(b.opensAt), {
    message: 'field.afterOpensAt',
    path: ['closesAt'],
  });

/**
 * The text of one file (workspace, draft, preview): at most FILE_MAX_BYTES of UTF-8. Bytes are
 * counted, not characters; `advice` follows the limit in the message.
 */
export function fileContent(advice: 'none' | 'split' = 'none') {
  // Numbers as text: a message formats a number parameter for the reader (512,000), a limit reads as written.
  const params = { limit: String(FILE_MAX_BYTES), size: formatBytes(FILE_MAX_BYTES), advice };
  return z.string().superRefine((text, ctx) => {
    // More characters than the limit are more bytes too; count the bytes only of what could fit.
    if (text.length > FILE_MAX_BYTES) return void ctx.addIssue({ code: 'custom', message: 'field.fileTooLarge', params, input: text });
    const bytes = utf8Length(text);
    if (bytes > FILE_MAX_BYTES) ctx.addIssue({ code: 'custom', message: 'field.fileBytesTooLarge', params: { ...params, bytes: String(bytes) }, input: text });
  });
}

export const SaveFilePayload = z.object({
  attemptId: z.string().uuid(),
  path: FilePath,
  /** The revision the client's edit was based on (0 for a file the client has not seen saved). */
  baseRevision: z.number().int().min(0).max(2_000_000_000),
  content: fileContent().refine((c) => !c.includes('\u0000'), 'field.nulFile'),
});

export const AttemptRef = z.object({ attemptId: z.string().uuid() });

/** The languages a scenario package can be written in (server/scenarios/languages.ts). */
export const ScenarioLanguageParam = z.enum(['en', 'zh-CN'], { error: () => 'must be en or zh-CN' });

/** Opening an attempt (or running its checks): the reader's language chooses the scenario's texts when the package has them. */
export const AttemptJoin = AttemptRef.extend({ lang: ScenarioLanguageParam.optional() });

/** `?lang=zh-CN` on a request for an attempt (else its Accept-Language decides). */
export const LangQuery = z.object({ lang: ScenarioLanguageParam.optional() });

/** The student has seen these inbox messages (ids of events delivered to the attempt; others are ignored). */
export const EventsReadPayload = z.object({
  attemptId: z.string().uuid(),
  eventIds: z
    .array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be an event id').max(64))
    .min(1)
    .max(EVENTS_READ_MAX),
});
export type EventsReadInput = z.infer<typeof EventsReadPayload>;
/** The ack, and what the attempt room hears so the student's other tabs clear the same messages. */
export type EventsRead = { attemptId: string; eventIds: string[]; readAt: string };

// --- Try it: Run and the data explorer (the attempt's and a preview's share these fields) ---

/** A scratch snippet: as much as anyone types to try something; a whole program belongs in a file. */
export const RUN_SOURCE_MAX_BYTES = 64 * 1024;
/** One explorer query. */
export const DATA_QUERY_MAX_CHARS = 20_000;

const runFields = {
  /** Run this workspace file (its saved version): it loads as the checks load it. */
  path: FilePath.optional(),
  /** Or run this snippet, which may import the workspace's files (`./src/quote.js`). */
  source: fileContent()
    .refine((c) => utf8Length(c) <= RUN_SOURCE_MAX_BYTES, { message: 'field.snippetTooLong', params: { size: formatBytes(RUN_SOURCE_MAX_BYTES) } })
    .refine((c) => c.trim().length > 0, 'field.snippetEmpty')
    .optional(),
};
const exactlyOne = { message: 'field.pathOrSource', path: ['path'] };
const oneOf = (v: { path?: string; source?: string }) => (v.path === undefined) !== (v.source === undefined);

export const RunCodePayload = z.object({ attemptId: z.string().uuid(), ...runFields }).refine(oneOf, exactlyOne);
export const PreviewRunCodePayload = z.object({ previewId: z.string().uuid(), ...runFields }).refine(oneOf, exactlyOne);

const queryFields = {
  /** Which data: a dataset id from `tools.data` (the first task that declares it). */
  dataset: z.string().min(1).max(100),
  sql: z
    .string()
    .max(DATA_QUERY_MAX_CHARS, `is longer than ${DATA_QUERY_MAX_CHARS} characters`)
    .refine((q) => q.trim().length > 0, 'is empty: write a query (SELECT …)'),
};
export const DataQueryPayload = z.object({ attemptId: z.string().uuid(), ...queryFields });
export const PreviewDataQueryPayload = z.object({ previewId: z.string().uuid(), ...queryFields });

export type RunCodeInput = { path?: string; source?: string };
export type DataQueryInput = { dataset: string; sql: string };

/** What a Run printed and how it ended; the caller's alone (never stored, never sent to a room). */
export type RunResultView = {
  status: 'ok' | 'timeout' | 'memory' | 'crashed' | 'rejected' | 'compile_error' | 'compile_timeout' | 'load_error';
  output: string;
  outputTruncated: boolean;
  /** Why it stopped, compile errors, what it threw (with the student's lines). */
  messages: string[];
  durationMs: number;
};

export type DataCell = string | number | null;
export type DataTableView = { name: string; kind: 'table' | 'view'; columns: { name: string; type: string }[]; rowCount: number; rows: DataCell[][] };
export type DatasetView = { id: string; title: string; tables: DataTableView[] };
export type DataQueryView = {
  columns: string[];
  rows: DataCell[][];
  /** More rows matched than the explorer shows (maxRows). */
  truncated: boolean;
  maxRows: number;
  /** The query was refused or failed: SQL's own words, or which cap stopped it. */
  error: string | null;
  durationMs: number;
};

/** Which try-it tools the workspace offers now (the data of locked tasks is not listed). */
export type WorkspaceTools = {
  /** Run a file or a snippet: JS/TS scenarios; the snippet's language. */
  run: { language: 'js' | 'ts' } | null;
  data: { id: string; title: string }[];
};
export const AssignmentRef = z.object({ assignmentId: z.string().uuid() });

export type AssignmentStatus = 'not_started' | 'in_progress' | 'submitted' | 'awaiting_review' | 'graded' | 'closed';

export type StudentAssignmentView = {
  id: string;
  courseId: string;
  courseTitle: string;
  title: string;
  scenario: { slug: string; version: string; title: string; industry: string; enterprise: string; role: string };
  mode: 'practice' | 'assessment';
  opensAt: string;
  closesAt: string | null;
  timeLimitMinutes: number;
  maxAttempts: number | null;
  attemptsUsed: number;
  status: AssignmentStatus;
  currentAttempt: { id: string; status: string; deadlineAt: string; autoScore: number | null; finalScore: number | null } | null;
};

/** What a check looks like to a student: never the file, the fixture or the expected answer. */
export type CheckView = {
  id: string;
  title: string;
  kind: 'js' | 'ts' | 'sql' | 'answer' | 'file';
  visible: boolean;
  points: number;
  question?: string;
  answerType?: 'number' | 'text' | 'choice';
  options?: { id: string; text: string }[];
  multiple?: boolean;
  unit?: string;
};

export type TaskView = {
  id: string;
  title: string;
  locked: boolean;
  /** The workspace file the task is about (the first one its checks name), opened first; null while locked. */
  file: string | null;
  /** Markdown; empty while the task is locked. */
  instructions: string;
  checks: CheckView[];
  rubric: { id: string; title: string; points: number }[];
};

export type DeliveredEvent = {
  id: string;
  from: string;
  channel: string;
  subject: string;
  body: string;
  deliveredAt: string;
  /** When the student first saw it in the inbox (kept on the server, so every device agrees). */
  readAt: string | null;
};

/** An event that has not arrived yet: who it is from and what it opens, never what it says. */
export type UpcomingEvent = {
  from: string;
  channel: string;
  /** The task it unlocks. */
  unlocks: string | null;
  /** When a timed event is due; only when the author announces events. */
  expectedAt: string | null;
  /** The task whose visible checks must pass first; only when the author announces events. */
  afterTask: string | null;
};

/** What is still to come, and what the scenario does with work submitted before it. */
export type UpcomingView = {
  /** The author's choice for a task still locked at submission: graded as usual, or left out of the score. */
  lockedTasks: 'grade' | 'omit';
  /** The author lets the workspace say when each event is expected. */
  announced: boolean;
  /** Events not delivered yet (none once the attempt is submitted). */
  events: UpcomingEvent[];
};

export type AttemptView = {
  id: string;
  assignmentId: string;
  assignment: { title: string; mode: 'practice' | 'assessment'; review: 'none' | 'single' | 'double'; revealPolicy: 'full' | 'description' | 'points' | 'after-close' };
  number: number;
  status: 'in_progress' | 'submitted' | 'graded';
  startedAt: string;
  deadlineAt: string;
  submittedAt: string | null;
  serverTime: string;
  /**
   * The scenario's texts in `language`: the reader's when the package is written in it, else the
   * package's default language, and then `fallback` is true (the workspace says so).
   */
  scenario: { title: string; enterprise: string; role: string; industry: string; brief: string; passAt: number; language: 'en' | 'zh-CN'; fallback: boolean };
  tasks: TaskView[];
  files: WorkspaceFile[];
  events: DeliveredEvent[];
  upcoming: UpcomingView;
  lastRun: CheckResultView[] | null;
  result: { autoScore: number | null; checks: CheckResultView[] } | null;
  /** Enterprise review of this attempt: pending until released, then scores, comments and regrades. */
  review: AttemptReviewView | null;
  /** Set when this is an author's preview of a draft (nothing is stored; submitting is off). */
  preview?: { draftId: string; skippedMs: number };
  /** Run and the data explorer (absent: neither). */
  tools?: WorkspaceTools;
};

export type SaveFileAck = { revision: number };
export type SaveConflict = { path: string; serverRevision: number; serverContent: string };

/**
 * A row of the teacher's live monitor: an attempt, or (`status: 'not_started'`, no attempt id)
 * a student the assignment is for who has not started it.
 */
export type MonitorRow = {
  attemptId: string | null;
  assignmentId: string;
  student: { id: string; name: string };
  status: 'not_started' | 'in_progress' | 'submitted' | 'graded';
  /** The attempt's number for this student (1, 2, …); 0 when not started. */
  number: number;
  startedAt: string | null;
  deadlineAt: string | null;
  lastActivityAt: string | null;
  /** Visible checks of the tasks the student can see now, and how many of them passed their last run. */
  visiblePassing: number;
  visibleTotal: number;
  /** Visible checks of tasks an event has not unlocked yet: not on the student's list. */
  visibleLocked: number;
  eventsDelivered: number;
  autoScore: number | null;
};

export type CreateCourseInput = z.infer<typeof CreateCourseBody>;
export type EnrolInput = z.infer<typeof EnrolBody>;
/** What a client sends (defaults may be left out); the server works on the parsed output. */
export type CreateAssignmentInput = z.input<typeof CreateAssignmentBody>;
export type CreateAssignmentParsed = z.infer<typeof CreateAssignmentBody>;
export type SaveFileInput = z.infer<typeof SaveFilePayload>;
