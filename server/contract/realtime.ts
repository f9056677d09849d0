/**
 * Socket.io event names and payloads, shared by server and web. Client → server events are
 * `<resource>.<verb>` like the HTTP API and always answer through the ack callback with
 * `{ ok: true, data } | { ok: false, error }`.
 */
export const ClientEvents = {
  clockSync: 'clock.sync',
  attemptJoin: 'attempt.join',
  fileSave: 'file.save',
  checksRun: 'checks.run',
  eventsRead: 'events.read',
  monitorJoin: 'monitor.join',
  reviewQueueJoin: 'reviewQueue.join',
  reviewAlertsJoin: 'reviewAlerts.join',
  draftJoin: 'draft.join',
  draftFileSave: 'draftFile.save',
  draftFileDelete: 'draftFile.delete',
  draftValidate: 'draft.validate',
  threadJoin: 'thread.join',
  previewJoin: 'preview.join',
  previewFileSave: 'preview.fileSave',
  previewChecksRun: 'preview.checksRun',
  previewSkip: 'preview.skip',
  placementJoin: 'placement.join',
  /** A teacher's course page follows its mastery recompute (issue 18). */
  masteryJoin: 'mastery.join',
  // Try it: Run and the data explorer, answered to the caller only.
  codeRun: 'code.run',
  dataDescribe: 'data.describe',
  dataQuery: 'data.query',
  previewCodeRun: 'preview.codeRun',
  previewDataDescribe: 'preview.dataDescribe',
  previewDataQuery: 'preview.dataQuery',
} as const;

export const ServerEvents = {
  sessionEnded: 'session.ended',
  /** The user's roles changed; the socket left the rooms they no longer allow. */
  accessChanged: 'access.changed',
  checkResult: 'check.result',
  checksFinished: 'checks.finished',
  eventDelivered: 'event.delivered',
  /** The student saw these inbox messages (in some tab): the others clear their "new" marks. */
  eventsRead: 'events.marked',
  attemptSubmitted: 'attempt.submitted',
  attemptGraded: 'attempt.graded',
  monitorUpdated: 'monitor.updated',
  reviewQueueChanged: 'reviewQueue.changed',
  draftFileChanged: 'draftFile.changed',
  draftValidation: 'draft.validation',
  draftPublished: 'draft.published',
  threadCommented: 'thread.commented',
  /** A logbook week was submitted, confirmed or commented (the placement's room). */
  placementLog: 'placement.log',
  /** A placement's status, dates, hours or enterprise mentor changed (to its room). */
  placementChanged: 'placement.changed',
  /** A mentor signed an assessment of the placement off (to its room): its assessments and the record changed. */
  placementAssessment: 'placement.assessment',
  /** A course's mastery recompute moved on (to the course's mastery room): a MasteryJobView. */
  masteryProgress: 'mastery.progress',
} as const;

/** `events.read` marks at most this many messages in one go; a client with more sends them in parts. */
export const EVENTS_READ_MAX = 100;

/** `key` and `params` name the message in server/messages; `message` is its English. */
export type AckError = { code: string; message: string; key?: string; params?: Record<string, string | number>; details?: unknown };
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };

export type ClockSyncResult = { serverTime: string };
