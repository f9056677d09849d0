import { api } from '../../app/api';
import { onConnected, onServerEvent, request } from '../../app/socket';
import { ClientEvents, ServerEvents } from '../../../../server/contract/realtime';
import type {
  AgreementView,
  CalibrationItemView,
  QueueChanged,
  QueueCounts,
  QueueView,
  RegradeDecisionInput,
  RegradeQueueItem,
  RegradeRequestInput,
  RegradeView,
  ReviewAlertsView,
  ReviewItemDetail,
  StudentFeedbackView,
  SubmitReviewInput,
} from '../../../../server/contract/review';

/**
 * Every review route, for the reviewer pages (queue, review, regrades, calibration, agreement)
 * and the student's regrade request. Pages import their hooks from here.
 */

export type QueueStatus = 'open' | 'mine' | 'moderation' | 'done';

export type QueueArgs = {
  enterpriseId?: string | undefined;
  status: QueueStatus;
  scenarioId?: string | undefined;
  assignmentId?: string | undefined;
  limit: number;
  offset: number;
};

export type EnterpriseArgs = { enterpriseId?: string | undefined };

/** Bursts of changes (a seed, a lead moderating a batch) become one refetch. */
const REFETCH_DELAY_MS = 250;

function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const s = search.toString();
  return s ? `?${s}` : '';
}

const reviewBase = api.enhanceEndpoints({ addTagTypes: ['ReviewQueue', 'ReviewItem', 'Regrade', 'Calibration', 'Agreement', 'ReviewAlerts', 'ReleasedReviews'] });

export const reviewsApi = reviewBase.injectEndpoints({
  endpoints: (build) => ({
    /**
     * One page of the queue. Live: the entry joins its enterprise's queue room (on load and
     * after every reconnect that lost the room); each `reviewQueue.changed` updates the counts
     * at once and refetches the page, since the changed item may enter or leave it.
     */
    getQueue: build.query<QueueView, QueueArgs>({
      query: (args) => `/review-queue${queryString(args)}`,
      providesTags: ['ReviewQueue'],
      keepUnusedDataFor: 15,
      async onCacheEntryAdded(args, { updateCachedData, cacheDataLoaded, cacheEntryRemoved, dispatch }) {
        let enterpriseId: string;
        try {
          enterpriseId = (await cacheDataLoaded).data.enterpriseId;
        } catch {
          return; // the entry went away before it loaded
        }
        let timer: ReturnType<typeof setTimeout> | undefined;
        const refetch = () => {
          clearTimeout(timer);
          timer = setTimeout(() => void dispatch(reviewsApi.endpoints.getQueue.initiate(args, { subscribe: false, forceRefetch: true })), REFETCH_DELAY_MS);
        };
        const join = () =>
          request<QueueCounts>(ClientEvents.reviewQueueJoin, { enterpriseId }).then((ack) => {
            if (!ack.ok) return;
            updateCachedData((draft) => void (draft.counts = ack.data));
            refetch();
          });
        const off = [
          onServerEvent<QueueChanged>(ServerEvents.reviewQueueChanged, (change) => {
            if (change.enterpriseId !== enterpriseId) return;
            // Room-wide counts only ("mine" differs per reviewer): the refetch brings the rest.
            updateCachedData((draft) => void Object.assign(draft.counts, change.counts));
            refetch();
          }),
          // The first call comes at once when already connected: that is the initial join.
          onConnected((recovered) => {
            if (!recovered) void join();
          }),
        ];
        await cacheEntryRemoved;
        clearTimeout(timer);
        for (const stop of off) stop();
      },
    }),

    /**
     * The review page. Live too: it follows its enterprise's queue room and refetches when this
     * item changes (the second review comes in, a lead moderates, someone takes the claim).
     */
    getReviewItem: build.query<ReviewItemDetail, string>({
      query: (itemId) => `/review-items/${itemId}`,
      transformResponse: (r: { detail: ReviewItemDetail }) => r.detail,
      providesTags: (_r, _e, itemId) => [{ type: 'ReviewItem', id: itemId }],
      async onCacheEntryAdded(itemId, { cacheDataLoaded, cacheEntryRemoved, dispatch }) {
        let enterpriseId: string;
        try {
          enterpriseId = (await cacheDataLoaded).data.enterpriseId;
        } catch {
          return;
        }
        const refetch = () => void dispatch(reviewsApi.endpoints.getReviewItem.initiate(itemId, { subscribe: false, forceRefetch: true }));
        const off = [
          onServerEvent<QueueChanged>(ServerEvents.reviewQueueChanged, (change) => {
            if (change.enterpriseId === enterpriseId && change.item?.id === itemId) refetch();
          }),
          onConnected((recovered) => {
            if (!recovered) void request<QueueCounts>(ClientEvents.reviewQueueJoin, { enterpriseId });
          }),
        ];
        await cacheEntryRemoved;
        for (const stop of off) stop();
      },
    }),

    /** Claims an open item, or extends the caller's claim on it (30 minutes from now). */
    claimReviewItem: build.mutation<ReviewItemDetail, string>({
      query: (itemId) => ({ url: `/review-items/${itemId}/claim`, method: 'POST' }),
      transformResponse: (r: { detail: ReviewItemDetail }) => r.detail,
      invalidatesTags: ['ReviewQueue'],
      async onQueryStarted(itemId, { dispatch, queryFulfilled }) {
        try {
          const { data } = await queryFulfilled;
          // The review page opens on this detail without a second request.
          void dispatch(reviewsApi.util.upsertQueryData('getReviewItem', itemId, data));
        } catch {
          // the page shows the error
        }
      },
    }),

    releaseReviewItem: build.mutation<void, string>({
      query: (itemId) => ({ url: `/review-items/${itemId}/claim`, method: 'DELETE' }),
      invalidatesTags: (_r, _e, itemId) => ['ReviewQueue', { type: 'ReviewItem', id: itemId }],
    }),

    /** Primary, moderation or calibration review: the server infers which from the item. */
    submitReview: build.mutation<ReviewItemDetail, { itemId: string } & SubmitReviewInput>({
      query: ({ itemId, ...body }) => ({ url: `/review-items/${itemId}/reviews`, method: 'POST', body }),
      transformResponse: (r: { detail: ReviewItemDetail }) => r.detail,
      invalidatesTags: ['ReviewQueue', 'Calibration', 'Agreement', 'ReviewAlerts'],
      async onQueryStarted({ itemId }, { dispatch, queryFulfilled }) {
        try {
          const { data } = await queryFulfilled;
          void dispatch(reviewsApi.util.upsertQueryData('getReviewItem', itemId, data));
        } catch {
          // the dialog shows the error
        }
      },
    }),

    /** Lead: makes a done item part of the calibration set, with the agreed levels. */
    markCalibration: build.mutation<ReviewItemDetail, { itemId: string; scores: { criterionId: string; level: number }[] }>({
      query: ({ itemId, scores }) => ({ url: `/review-items/${itemId}/calibration`, method: 'POST', body: { scores } }),
      transformResponse: (r: { detail: ReviewItemDetail }) => r.detail,
      invalidatesTags: ['ReviewQueue', 'Calibration'],
      async onQueryStarted({ itemId }, { dispatch, queryFulfilled }) {
        try {
          const { data } = await queryFulfilled;
          void dispatch(reviewsApi.util.upsertQueryData('getReviewItem', itemId, data));
        } catch {
          // the page shows the error
        }
      },
    }),

    listCalibrationItems: build.query<CalibrationItemView[], EnterpriseArgs>({
      query: ({ enterpriseId }) => `/review-calibration${queryString({ enterpriseId })}`,
      transformResponse: (r: { items: CalibrationItemView[] }) => r.items,
      providesTags: ['Calibration'],
    }),

    /** Lead only; anyone else gets 403. */
    getAgreement: build.query<AgreementView, EnterpriseArgs & { scenarioId?: string | undefined }>({
      query: ({ enterpriseId, scenarioId }) => `/review-agreement${queryString({ enterpriseId, scenarioId })}`,
      providesTags: ['Agreement'],
    }),

    /**
     * Disagreements nobody independent can settle (enterprise admins and reviewers). Live: joins
     * the enterprise's alerts room; every `reviewQueue.changed` there refetches, since a review,
     * a moderation or a change of reviewers can strand or free one.
     */
    getReviewAlerts: build.query<ReviewAlertsView, EnterpriseArgs>({
      query: ({ enterpriseId }) => `/review-alerts${queryString({ enterpriseId })}`,
      providesTags: ['ReviewAlerts'],
      keepUnusedDataFor: 15,
      async onCacheEntryAdded(args, { cacheDataLoaded, cacheEntryRemoved, dispatch }) {
        let enterpriseId: string;
        try {
          enterpriseId = (await cacheDataLoaded).data.enterpriseId;
        } catch {
          return;
        }
        let timer: ReturnType<typeof setTimeout> | undefined;
        const refetch = () => {
          clearTimeout(timer);
          timer = setTimeout(() => void dispatch(reviewsApi.endpoints.getReviewAlerts.initiate(args, { subscribe: false, forceRefetch: true })), REFETCH_DELAY_MS);
        };
        const off = [
          onServerEvent<QueueChanged>(ServerEvents.reviewQueueChanged, (change) => {
            if (change.enterpriseId === enterpriseId) refetch();
          }),
          onConnected((recovered) => {
            if (!recovered) void request<ReviewAlertsView>(ClientEvents.reviewAlertsJoin, { enterpriseId }).then((ack) => ack.ok && refetch());
          }),
        ];
        await cacheEntryRemoved;
        clearTimeout(timer);
        for (const stop of off) stop();
      },
    }),

    /** The student's newest released reviews (home page); a grade released meanwhile refetches it. */
    getReleasedReviews: build.query<StudentFeedbackView, { limit: number }>({
      query: ({ limit }) => `/released-reviews${queryString({ limit })}`,
      providesTags: ['ReleasedReviews'],
      async onCacheEntryAdded(args, { cacheDataLoaded, cacheEntryRemoved, dispatch }) {
        try {
          await cacheDataLoaded;
        } catch {
          return;
        }
        const off = onServerEvent(ServerEvents.attemptGraded, () => void dispatch(reviewsApi.endpoints.getReleasedReviews.initiate(args, { subscribe: false, forceRefetch: true })));
        await cacheEntryRemoved;
        off();
      },
    }),

    listRegradeRequests: build.query<RegradeQueueItem[], EnterpriseArgs & { status: 'open' | 'resolved' }>({
      // The oldest hundred: a reviewer works through them in order; the rest follow as these are decided.
      query: ({ enterpriseId, status }) => `/regrade-requests${queryString({ enterpriseId, status, limit: 100 })}`,
      transformResponse: (r: { requests: RegradeQueueItem[] }) => r.requests,
      providesTags: ['Regrade'],
    }),

    decideRegrade: build.mutation<RegradeQueueItem, { requestId: string } & RegradeDecisionInput>({
      query: ({ requestId, ...body }) => ({ url: `/regrade-requests/${requestId}/decision`, method: 'POST', body }),
      transformResponse: (r: { request: RegradeQueueItem }) => r.request,
      invalidatesTags: ['Regrade', 'ReviewQueue'],
    }),

    /** The student asks for a second look at one criterion or check of a graded attempt. */
    requestRegrade: build.mutation<RegradeView, { attemptId: string } & RegradeRequestInput>({
      query: ({ attemptId, ...body }) => ({ url: `/attempts/${attemptId}/regrade-requests`, method: 'POST', body }),
      transformResponse: (r: { request: RegradeView }) => r.request,
      invalidatesTags: (_r, _e, { attemptId }) => [{ type: 'Attempt', id: attemptId }],
    }),
  }),
});

export const {
  useGetQueueQuery,
  useGetReviewItemQuery,
  useClaimReviewItemMutation,
  useReleaseReviewItemMutation,
  useSubmitReviewMutation,
  useMarkCalibrationMutation,
  useListCalibrationItemsQuery,
  useGetAgreementQuery,
  useGetReviewAlertsQuery,
  useGetReleasedReviewsQuery,
  useListRegradeRequestsQuery,
  useDecideRegradeMutation,
  useRequestRegradeMutation,
} = reviewsApi;
