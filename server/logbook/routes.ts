import { IdParams } from '../contract/accounts';
import {
  ATTACHMENT_BODY_LIMIT,
  AttachmentQuery,
  LogAttachmentParams,
  LogAttachmentResponse,
  LogCommentBody,
  LogEntryResponse,
  LogbookResponse,
  LogRevisionBody,
  LogWeekParams,
  PLACEMENT_LOG_EVENT,
  SaveLogBody,
  type PlacementLogEvent,
} from '../contract/logbook';
import type { AppDeps } from '../deps';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import { placementRoom } from '../placements/access';
import * as logbook from './service';

/** The weekly logbook of a placement: read by both mentors and the school, written by the student, reviewed by the enterprise mentor. */
export function logbookRoutes(deps: AppDeps): AnyRoute[] {
  const { db } = deps;
  const announce = (placementId: string, week: string) => deps.publisher.toRoom(placementRoom(placementId), PLACEMENT_LOG_EVENT, { placementId, week } satisfies PlacementLogEvent);
  const base = '/api/placements/:id/logbook';
  return [
    route({
      method: 'get',
      path: base,
      access: access.roles('student', 'teacher', 'mentor', 'admin'),
      summary: 'The placement’s weeks, their entries (comments, attachments) and the missing weeks: the student, both mentors and the school',
      params: IdParams,
      response: LogbookResponse,
      handler: async ({ actor, params }) => ({ logbook: await logbook.getLogbook(db, actor!, params.id, deps.clock()) }),
    }),
    route({
      method: 'put',
      path: `${base}/:week`,
      access: access.roles('student'),
      summary: 'The placed student autosaves a week’s draft on the revision it was based on (409 when stale)',
      params: LogWeekParams,
      body: SaveLogBody,
      response: LogEntryResponse,
      handler: async ({ actor, params, body }) => ({ entry: await logbook.saveDraft(db, actor!, params.id, params.week, body, deps.clock()) }),
    }),
    route({
      method: 'post',
      path: `${base}/:week/submission`,
      access: access.roles('student'),
      summary: 'The placed student submits the week’s revision they saw to the enterprise mentor',
      params: LogWeekParams,
      body: LogRevisionBody,
      response: LogEntryResponse,
      handler: async ({ actor, params, body }) => {
        const entry = await logbook.submit(db, actor!, params.id, params.week, body.revision, deps.clock());
        announce(params.id, params.week);
        return { entry };
      },
    }),
    route({
      method: 'post',
      path: `${base}/:week/confirmation`,
      access: access.roles('mentor'),
      summary: 'The enterprise mentor confirms the submitted revision they read; the week becomes read-only',
      params: LogWeekParams,
      body: LogRevisionBody,
      response: LogEntryResponse,
      handler: async ({ actor, params, body }) => {
        const entry = await logbook.confirm(db, actor!, params.id, params.week, body.revision, deps.clock());
        announce(params.id, params.week);
        return { entry };
      },
    }),
    route({
      method: 'post',
      path: `${base}/:week/comments`,
      access: access.roles('mentor'),
      summary: 'The enterprise mentor comments on a submitted week, returning it to the student to amend and resubmit',
      params: LogWeekParams,
      body: LogCommentBody,
      response: LogEntryResponse,
      status: 201,
      handler: async ({ actor, params, body }) => {
        const entry = await logbook.comment(db, actor!, params.id, params.week, body.body, deps.clock());
        announce(params.id, params.week);
        return { entry };
      },
    }),
    route({
      method: 'post',
      path: `${base}/:week/attachments`,
      access: access.roles('student'),
      summary: 'The placed student attaches a photo or a PDF (raw bytes, ≤ 5 MB, 5 a week; JPEG, PNG, WebP or PDF by their leading bytes)',
      params: LogWeekParams,
      query: AttachmentQuery,
      rawBody: ATTACHMENT_BODY_LIMIT,
      response: LogAttachmentResponse,
      status: 201,
      handler: async ({ actor, params, query, req }) => {
        const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        return { attachment: await logbook.addAttachment(db, actor!, params.id, params.week, query.name, bytes, deps.clock()) };
      },
    }),
    route({
      method: 'get',
      path: `${base}/:week/attachments/:attachmentId`,
      access: access.roles('student', 'teacher', 'mentor', 'admin'),
      summary: 'An attachment’s bytes, as a download of its recognised type, to those who read the logbook',
      params: LogAttachmentParams,
      // The file's bytes, not JSON: the recognised type (an image or a PDF) in Content-Type.
      produces: 'application/octet-stream',
      handler: async ({ actor, params, res }) => {
        const file = await logbook.readAttachment(db, actor!, params.id, params.week, params.attachmentId);
        res
          .status(200)
          .set({
            'Content-Type': file.contentType,
            'Content-Length': String(file.content.length),
            // Never shown inline: a download, of the type the bytes are, never sniffed as another.
            'Content-Disposition': `attachment; filename="${file.name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
            'X-Content-Type-Options': 'nosniff',
            'Cache-Control': 'private, no-store',
            ETag: `"${file.sha256}"`,
          })
          .end(file.content);
      },
    }),
    route({
      method: 'delete',
      path: `${base}/:week/attachments/:attachmentId`,
      access: access.roles('student'),
      summary: 'The placed student removes an attachment from a week they may still change',
      params: LogAttachmentParams,
      status: 204,
      handler: ({ actor, params }) => logbook.deleteAttachment(db, actor!, params.id, params.week, params.attachmentId),
    }),
  ];
}
