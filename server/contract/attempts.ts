import { z } from 'zod';
import { AttemptReviewJson } from './reviewResponses';
import { CheckResultJson, WorkspaceFileJson } from './work';
import type { AttemptView, CheckView, DeliveredEvent, MonitorRow, StudentAssignmentView, TaskView, UpcomingView, WorkspaceTools } from './workspace';

/**
 * Response bodies of the attempt routes, and of an author's preview, which is shaped as an
 * attempt (the OpenAPI document of issue 19; under test every real response is held to them).
 * Typed against the view types of ./workspace so tsc proves the two agree; apart from it to
 * keep each file readable. The web imports neither's values.
 */

const MODES = ['practice', 'assessment'] as const;
const datetime = z.iso.datetime();

const StudentAssignmentJson: z.ZodType<StudentAssignmentView> = z.object({
  id: z.string(),
  courseId: z.string(),
  courseTitle: z.string(),
  title: z.string(),
  scenario: z.object({ slug: z.string(), version: z.string(), title: z.string(), industry: z.string(), enterprise: z.string(), role: z.string() }),
  mode: z.enum(MODES),
  opensAt: datetime,
  closesAt: datetime.nullable(),
  timeLimitMinutes: z.number().int(),
  maxAttempts: z.number().int().nullable(),
  attemptsUsed: z.number().int(),
  status: z.enum(['not_started', 'in_progress', 'submitted', 'awaiting_review', 'graded', 'closed']),
  currentAttempt: z
    .object({ id: z.string(), status: z.string(), deadlineAt: datetime, autoScore: z.number().nullable(), finalScore: z.number().nullable() })
    .nullable(),
});
export const StudentAssignmentsResponse = z.object({ assignments: z.array(StudentAssignmentJson) });

const CheckJson: z.ZodType<CheckView> = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['js', 'ts', 'sql', 'answer', 'file']),
  visible: z.boolean(),
  points: z.number(),
  question: z.string().optional(),
  answerType: z.enum(['number', 'text', 'choice']).optional(),
  options: z.array(z.object({ id: z.string(), text: z.string() })).optional(),
  multiple: z.boolean().optional(),
  unit: z.string().optional(),
});

const TaskJson: z.ZodType<TaskView> = z.object({
  id: z.string(),
  title: z.string(),
  locked: z.boolean(),
  file: z.string().nullable(),
  instructions: z.string(),
  checks: z.array(CheckJson),
  rubric: z.array(z.object({ id: z.string(), title: z.string(), points: z.number() })),
});

const DeliveredEventJson: z.ZodType<DeliveredEvent> = z.object({
  id: z.string(),
  from: z.string(),
  channel: z.string(),
  subject: z.string(),
  body: z.string(),
  deliveredAt: datetime,
  readAt: datetime.nullable(),
});

const UpcomingJson: z.ZodType<UpcomingView> = z.object({
  lockedTasks: z.enum(['grade', 'omit']),
  announced: z.boolean(),
  events: z.array(z.object({ from: z.string(), channel: z.string(), unlocks: z.string().nullable(), expectedAt: datetime.nullable(), afterTask: z.string().nullable() })),
});

const ToolsJson: z.ZodType<WorkspaceTools> = z.object({
  run: z.object({ language: z.enum(['js', 'ts']) }).nullable(),
  data: z.array(z.object({ id: z.string(), title: z.string() })),
});

export const AttemptJson: z.ZodType<AttemptView> = z.object({
  id: z.string(),
  assignmentId: z.string(),
  assignment: z.object({
    title: z.string(),
    mode: z.enum(MODES),
    review: z.enum(['none', 'single', 'double']),
    revealPolicy: z.enum(['full', 'description', 'points', 'after-close']),
  }),
  number: z.number().int(),
  status: z.enum(['in_progress', 'submitted', 'graded']),
  startedAt: datetime,
  deadlineAt: datetime,
  submittedAt: datetime.nullable(),
  serverTime: datetime,
  scenario: z.object({
    title: z.string(),
    enterprise: z.string(),
    role: z.string(),
    industry: z.string(),
    brief: z.string(),
    passAt: z.number(),
    language: z.enum(['en', 'zh-CN']),
    fallback: z.boolean(),
  }),
  tasks: z.array(TaskJson),
  files: z.array(WorkspaceFileJson),
  events: z.array(DeliveredEventJson),
  upcoming: UpcomingJson,
  lastRun: z.array(CheckResultJson).nullable(),
  result: z.object({ autoScore: z.number().nullable(), checks: z.array(CheckResultJson) }).nullable(),
  review: AttemptReviewJson.nullable(),
  preview: z.object({ draftId: z.string(), skippedMs: z.number() }).optional(),
  tools: ToolsJson.optional(),
});
export const AttemptResponse = z.object({ attempt: AttemptJson });

const MonitorRowJson: z.ZodType<MonitorRow> = z.object({
  attemptId: z.string().nullable(),
  assignmentId: z.string(),
  student: z.object({ id: z.string(), name: z.string() }),
  status: z.enum(['not_started', 'in_progress', 'submitted', 'graded']),
  number: z.number().int(),
  startedAt: datetime.nullable(),
  deadlineAt: datetime.nullable(),
  lastActivityAt: datetime.nullable(),
  visiblePassing: z.number().int(),
  visibleTotal: z.number().int(),
  visibleLocked: z.number().int(),
  eventsDelivered: z.number().int(),
  autoScore: z.number().nullable(),
});
export const MonitorResponse = z.object({ assignmentId: z.string(), rows: z.array(MonitorRowJson) });
