import type { LogAttachmentView, LogbookView, LogEntryView } from '../../../../server/contract/logbook';
import { api } from '../../app/api';

/** A placement's weekly logbook (issue 16). Draft saves go through weekAutosave.ts, which queues and retries them. */
const logbookBase = api.enhanceEndpoints({ addTagTypes: ['Logbook'] });

export const logbookUrl = (placementId: string, week?: string, tail = '') => `/placements/${placementId}/logbook${week ? `/${week}` : ''}${tail}`;

type WeekArgs = { placementId: string; week: string };

export const logbookApi = logbookBase.injectEndpoints({
  endpoints: (build) => ({
    getLogbook: build.query<LogbookView, string>({
      query: (placementId) => logbookUrl(placementId),
      transformResponse: (r: { logbook: LogbookView }) => r.logbook,
      providesTags: (_r, _e, placementId) => [{ type: 'Logbook', id: placementId }],
    }),
    submitWeek: build.mutation<LogEntryView, WeekArgs & { revision: number }>({
      query: ({ placementId, week, revision }) => ({ url: logbookUrl(placementId, week, '/submission'), method: 'POST', body: { revision } }),
      transformResponse: (r: { entry: LogEntryView }) => r.entry,
      invalidatesTags: (_r, _e, a) => [{ type: 'Logbook', id: a.placementId }],
    }),
    confirmWeek: build.mutation<LogEntryView, WeekArgs & { revision: number }>({
      query: ({ placementId, week, revision }) => ({ url: logbookUrl(placementId, week, '/confirmation'), method: 'POST', body: { revision } }),
      transformResponse: (r: { entry: LogEntryView }) => r.entry,
      invalidatesTags: (_r, _e, a) => [{ type: 'Logbook', id: a.placementId }],
    }),
    commentWeek: build.mutation<LogEntryView, WeekArgs & { body: string }>({
      query: ({ placementId, week, body }) => ({ url: logbookUrl(placementId, week, '/comments'), method: 'POST', body: { body } }),
      transformResponse: (r: { entry: LogEntryView }) => r.entry,
      invalidatesTags: (_r, _e, a) => [{ type: 'Logbook', id: a.placementId }],
    }),
    uploadAttachment: build.mutation<LogAttachmentView, WeekArgs & { file: File }>({
      // The raw bytes: the server decides what the file is from them, not from this type.
      query: ({ placementId, week, file }) => ({
        url: logbookUrl(placementId, week, '/attachments'),
        method: 'POST',
        params: { name: file.name },
        headers: { 'Content-Type': 'application/octet-stream' },
        body: file,
      }),
      transformResponse: (r: { attachment: LogAttachmentView }) => r.attachment,
      invalidatesTags: (_r, _e, a) => [{ type: 'Logbook', id: a.placementId }],
    }),
    deleteAttachment: build.mutation<void, WeekArgs & { attachmentId: string }>({
      query: ({ placementId, week, attachmentId }) => ({ url: logbookUrl(placementId, week, `/attachments/${attachmentId}`), method: 'DELETE' }),
      invalidatesTags: (_r, _e, a) => [{ type: 'Logbook', id: a.placementId }],
    }),
  }),
});

export const { useGetLogbookQuery, useSubmitWeekMutation, useConfirmWeekMutation, useCommentWeekMutation, useUploadAttachmentMutation, useDeleteAttachmentMutation } = logbookApi;
