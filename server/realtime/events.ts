import type { z } from 'zod';
import { ClientEvents, type ClockSyncResult } from '../contract/realtime';
import type { AppDeps } from '../deps';
import { saveFile } from '../attempts/autosave';
import * as attempts from '../attempts/service';
import { rooms as attemptRooms } from '../attempts/deps';
import * as monitoring from '../attempts/monitor';
import { AssignmentRef, AttemptJoin, AttemptRef, DataQueryPayload, EventsReadPayload, PreviewDataQueryPayload, PreviewRunCodePayload, RunCodePayload, SaveFilePayload } from '../contract/workspace';
import { markEventsRead } from '../attempts/inbox';
import { attemptTools, describeTool, queryTool, runTool } from '../attempts/tools';
import { askedLocale } from '../http/locale';
import { access, type Access, type Actor } from '../http/policy';
import { EnterpriseRef } from '../contract/review';
import { assertReviewerOf } from '../review/policy';
import { alertRooms, alertsEnterprise, reviewAlerts } from '../review/moderators';
import { counts as reviewCounts, reviewRooms } from '../review/queue';
import { DeleteDraftFilePayload, DraftRef, PreviewJoin, PreviewRef, SaveDraftFilePayload, SavePreviewFilePayload } from '../contract/authoring';
import { previewRooms, previewTools, previewView, runPreviewChecks, savePreviewFile, skipToNextEvent } from '../authoring/preview';
import { ThreadParams } from '../contract/feedback';
import { deleteDraftFile, draftFor, draftRooms, saveDraftFile } from '../authoring/drafts';
import { draftView, validateDraft } from '../authoring/service';
import { assertThreadAccess, subjectOf, threadRoom } from '../feedback/policy';
import { SUBJECT_KINDS } from '../contract/feedback';
import type { RoomAccess } from './access';
import { msg } from '../messages';
import { PlacementJoin } from '../contract/mentors';
import { ALL_RELATIONS, placementAccess, placementRoom } from '../placements/access';
import { MasteryJoin } from '../contract/competency';
import { assertTeacherOf } from '../courses/policy';
import { currentMasteryJob, masteryRoom } from '../competency/masteryJobs';

export type SocketEventDef<S extends z.ZodType | undefined = z.ZodType | undefined> = {
  event: string;
  access: Access;
  summary: string;
  payload?: S;
  handler: (ctx: {
    actor: Actor;
    payload: S extends z.ZodType ? z.infer<S> : undefined;
    /**
     * Joins this socket to a room; call only after authorizing the caller for it. The room's
     * kind must have an entry in `roomAccess`, which checks it again whenever the caller's
     * roles change.
     */
    join: (room: string) => Promise<void>;
  }) => unknown; // a value or a promise of one
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- events with different schemas in one list, as AnyRoute
export type AnySocketEvent = SocketEventDef<any>;

export function socketEvent<S extends z.ZodType | undefined = undefined>(def: SocketEventDef<S>): SocketEventDef<S> {
  return def;
}

/**
 * Every kind of room a socket can join, with the check its join event makes. When a user's
 * roles change, their sockets are checked against this again and leave what no longer passes.
 */
export function roomAccess(deps: AppDeps): RoomAccess[] {
  return [
    { prefix: attemptRooms.attempt(''), check: (actor, id) => attempts.assertCanWatchAttempt(deps, actor, id) },
    { prefix: attemptRooms.assignment(''), check: (actor, id) => monitoring.assertCanMonitor(deps, actor, id) },
    { prefix: reviewRooms.queue(''), check: async (actor, id) => assertReviewerOf(actor, id, msg('notFound.enterprise')) },
    { prefix: alertRooms.alerts(''), check: async (actor, id) => alertsEnterprise(actor, id) },
    { prefix: draftRooms.draft(''), check: (actor, id) => draftFor(deps.db, actor, id, 'read') },
    { prefix: previewRooms.preview(''), check: async (actor, id) => previewView(deps, actor, id) },
    { prefix: placementRoom(''), check: (actor, id) => placementAccess(deps.db, actor, id, ALL_RELATIONS) },
    { prefix: masteryRoom(''), check: (actor, id) => assertTeacherOf(deps.db, actor, id) },
    {
      prefix: 'thread:',
      check: async (actor, rest) => {
        const kind = SUBJECT_KINDS.find((k) => rest.startsWith(`${k}:`));
        if (!kind) throw new Error(`not a thread room: ${rest}`);
        await assertThreadAccess(deps.db, actor, subjectOf(kind, rest.slice(kind.length + 1)));
      },
    },
  ];
}

/** Every client → server event; the authorization-matrix test walks this list. */
export function allSocketEvents(deps: AppDeps): AnySocketEvent[] {
  return [
    socketEvent({
      event: ClientEvents.clockSync,
      access: access.authenticated,
      summary: 'Server time, so countdowns follow the server clock and not the device clock',
      handler: (): ClockSyncResult => ({ serverTime: deps.clock().toISOString() }),
    }),
    socketEvent({
      event: ClientEvents.attemptJoin,
      access: access.roles('student', 'teacher'),
      summary: 'Open an attempt: join its room (events, check results) and get its current state',
      payload: AttemptJoin,
      handler: async ({ actor, payload, join }) => {
        await attempts.assertCanWatchAttempt(deps, actor, payload.attemptId);
        await attempts.deliverDueEvents(deps, payload.attemptId);
        await join(attemptRooms.attempt(payload.attemptId));
        return attempts.attemptView(deps, actor, payload.attemptId, askedLocale(payload.lang));
      },
    }),
    socketEvent({
      event: ClientEvents.fileSave,
      access: access.roles('student'),
      summary: 'Autosave one file: acked with the new revision, or a conflict with the server version',
      payload: SaveFilePayload,
      handler: ({ actor, payload }) => saveFile(deps, actor, payload),
    }),
    socketEvent({
      event: ClientEvents.checksRun,
      access: access.roles('student'),
      summary: 'Run the visible checks; results stream to the attempt room as check.result',
      payload: AttemptJoin,
      handler: ({ actor, payload }) => attempts.runVisibleChecks(deps, actor, payload.attemptId, askedLocale(payload.lang)),
    }),
    socketEvent({
      event: ClientEvents.eventsRead,
      access: access.roles('student'),
      summary: 'Mark inbox messages as seen (kept per attempt, so every device agrees); the attempt room hears events.marked',
      payload: EventsReadPayload,
      handler: ({ actor, payload }) => markEventsRead(deps, actor, payload),
    }),
    socketEvent({
      event: ClientEvents.monitorJoin,
      access: access.roles('teacher'),
      summary: 'Watch an assignment live: join its room and get the current table',
      payload: AssignmentRef,
      handler: async ({ actor, payload, join }) => {
        await monitoring.assertCanMonitor(deps, actor, payload.assignmentId);
        await join(attemptRooms.assignment(payload.assignmentId));
        deps.publisher.watching(attemptRooms.assignment(payload.assignmentId));
        return monitoring.monitor(deps, actor, payload.assignmentId);
      },
    }),
    socketEvent({
      event: ClientEvents.reviewQueueJoin,
      access: access.roles('reviewer'),
      summary: 'Follow an enterprise’s review queue live: join its room and get the counts',
      payload: EnterpriseRef,
      handler: async ({ actor, payload, join }) => {
        assertReviewerOf(actor, payload.enterpriseId, msg('notFound.enterprise'));
        await join(reviewRooms.queue(payload.enterpriseId));
        return reviewCounts(deps, actor, payload.enterpriseId);
      },
    }),
    socketEvent({
      event: ClientEvents.reviewAlertsJoin,
      access: access.roles('admin', 'reviewer'),
      summary: 'Follow an enterprise’s stuck moderations live (admins and reviewers): join its alerts room, hear reviewQueue.changed without items, and get the alerts',
      payload: EnterpriseRef,
      handler: async ({ actor, payload, join }) => {
        alertsEnterprise(actor, payload.enterpriseId);
        await join(alertRooms.alerts(payload.enterpriseId));
        return reviewAlerts(deps.db, actor, payload);
      },
    }),
    socketEvent({
      event: ClientEvents.draftJoin,
      access: access.roles('author', 'reviewer'),
      summary: 'Open a draft: follow other authors’ saves and validation progress, and get its current state',
      payload: DraftRef,
      handler: async ({ actor, payload, join }) => {
        await draftFor(deps.db, actor, payload.draftId, 'read');
        await join(draftRooms.draft(payload.draftId));
        return draftView(deps, actor, payload.draftId);
      },
    }),
    socketEvent({
      event: ClientEvents.draftFileSave,
      access: access.roles('author'),
      summary: 'Autosave one draft file (the workspace protocol): acked with the new revision, or a conflict with the server version',
      payload: SaveDraftFilePayload,
      handler: ({ actor, payload }) => saveDraftFile(deps, actor, payload),
    }),
    socketEvent({
      event: ClientEvents.draftFileDelete,
      access: access.roles('author'),
      summary: 'Delete one draft file, if it is still the revision the author saw',
      payload: DeleteDraftFilePayload,
      handler: ({ actor, payload }) => deleteDraftFile(deps, actor, payload),
    }),
    socketEvent({
      event: ClientEvents.draftValidate,
      access: access.roles('author'),
      summary: 'Validate the draft as `scenarios check` does; progress streams to the draft room as draft.validation',
      payload: DraftRef,
      handler: ({ actor, payload }) => validateDraft(deps, actor, payload.draftId),
    }),
    socketEvent({
      event: ClientEvents.threadJoin,
      access: access.authenticated,
      summary: 'Follow a comment thread live (thread.commented); who may depends on its subject, as for reading it',
      payload: ThreadParams,
      handler: async ({ actor, payload, join }) => {
        const subject = subjectOf(payload.kind, payload.subjectId);
        await assertThreadAccess(deps.db, actor, subject);
        await join(threadRoom(subject));
        return { joined: true };
      },
    }),
    socketEvent({
      event: ClientEvents.placementJoin,
      access: access.authenticated,
      summary: 'Follow a placement live (placement.changed, its logbook and assessments): anyone related to it, as for reading it',
      payload: PlacementJoin,
      handler: async ({ actor, payload, join }) => {
        await placementAccess(deps.db, actor, payload.placementId, ALL_RELATIONS);
        await join(placementRoom(payload.placementId));
        return { joined: true };
      },
    }),
    socketEvent({
      event: ClientEvents.masteryJoin,
      access: access.roles('teacher'),
      summary: 'Follow the course’s mastery recompute (mastery.progress): its teachers; answers the unfinished job or null',
      payload: MasteryJoin,
      handler: async ({ actor, payload, join }) => {
        await assertTeacherOf(deps.db, actor, payload.courseId);
        await join(masteryRoom(payload.courseId));
        return { job: await currentMasteryJob(deps.db, payload.courseId) };
      },
    }),
    socketEvent({
      event: ClientEvents.previewJoin,
      access: access.roles('author', 'reviewer'),
      summary: 'Open one’s own preview: join its room (events, check results) and get its state',
      payload: PreviewJoin,
      handler: async ({ actor, payload, join }) => {
        const view = previewView(deps, actor, payload.previewId, askedLocale(payload.lang));
        await join(previewRooms.preview(payload.previewId));
        return view;
      },
    }),
    socketEvent({
      event: ClientEvents.previewFileSave,
      access: access.roles('author', 'reviewer'),
      summary: 'Autosave a file of one’s preview (in memory; the workspace protocol)',
      payload: SavePreviewFilePayload,
      handler: ({ actor, payload }) => savePreviewFile(deps, actor, payload),
    }),
    socketEvent({
      event: ClientEvents.previewChecksRun,
      access: access.roles('author', 'reviewer'),
      summary: 'Run the visible checks of one’s preview; results stream as check.result',
      payload: PreviewRef,
      handler: ({ actor, payload }) => runPreviewChecks(deps, actor, payload.previewId),
    }),
    socketEvent({
      event: ClientEvents.previewSkip,
      access: access.roles('author', 'reviewer'),
      summary: 'Move one’s preview clock to the next timed event',
      payload: PreviewRef,
      handler: ({ actor, payload }) => skipToNextEvent(deps, actor, payload.previewId),
    }),
    // Try it. The answer goes to the caller's ack only: never stored, never sent to a room.
    socketEvent({
      event: ClientEvents.codeRun,
      access: access.roles('student'),
      summary: 'Run a saved workspace file or a snippet in the sandbox; acked with what it printed (the student’s alone)',
      payload: RunCodePayload,
      handler: async ({ actor, payload }) => runTool(deps, actor, await attemptTools(deps, actor, payload.attemptId), payload),
    }),
    socketEvent({
      event: ClientEvents.dataDescribe,
      access: access.roles('student'),
      summary: 'The data explorer: the tables, columns and first rows of the unlocked tasks’ visible data',
      payload: AttemptRef,
      handler: async ({ actor, payload }) => describeTool(deps, actor, await attemptTools(deps, actor, payload.attemptId)),
    }),
    socketEvent({
      event: ClientEvents.dataQuery,
      access: access.roles('student'),
      summary: 'One read-only query on a fresh copy of a task’s visible data; acked with the rows',
      payload: DataQueryPayload,
      handler: async ({ actor, payload }) => queryTool(deps, actor, await attemptTools(deps, actor, payload.attemptId), payload),
    }),
    socketEvent({
      event: ClientEvents.previewCodeRun,
      access: access.roles('author', 'reviewer'),
      summary: 'Run a file or a snippet in one’s preview, as a student would',
      payload: PreviewRunCodePayload,
      handler: ({ actor, payload }) => runTool(deps, actor, previewTools(deps, actor, payload.previewId), payload),
    }),
    socketEvent({
      event: ClientEvents.previewDataDescribe,
      access: access.roles('author', 'reviewer'),
      summary: 'The data explorer of one’s preview: what a student would see',
      payload: PreviewRef,
      handler: ({ actor, payload }) => describeTool(deps, actor, previewTools(deps, actor, payload.previewId)),
    }),
    socketEvent({
      event: ClientEvents.previewDataQuery,
      access: access.roles('author', 'reviewer'),
      summary: 'A read-only query on the data of one’s preview',
      payload: PreviewDataQueryPayload,
      handler: ({ actor, payload }) => queryTool(deps, actor, previewTools(deps, actor, payload.previewId), payload),
    }),
  ];
}
