import { api } from '../../app/api';
import type { XapiQueueViewT, XapiSettingsBodyT, XapiSettingsViewT } from '../../../../server/contract/xapi';

export const xapiApi = api.injectEndpoints({
  endpoints: (build) => ({
    getXapi: build.query<XapiSettingsViewT, string>({
      query: (orgId) => `/orgs/${orgId}/xapi`,
      providesTags: (_r, _e, orgId) => [{ type: 'Org', id: `xapi-${orgId}` }],
    }),
    putXapi: build.mutation<XapiSettingsViewT, { orgId: string; body: XapiSettingsBodyT }>({
      query: ({ orgId, body }) => ({ url: `/orgs/${orgId}/xapi`, method: 'PUT', body }),
      invalidatesTags: (_r, _e, { orgId }) => [{ type: 'Org', id: `xapi-${orgId}` }],
    }),
    getXapiQueue: build.query<XapiQueueViewT, string>({
      query: (orgId) => `/orgs/${orgId}/xapi/queue`,
      providesTags: (_r, _e, orgId) => [{ type: 'Org', id: `xapi-queue-${orgId}` }],
    }),
    retryXapiQueue: build.mutation<XapiQueueViewT, string>({
      query: (orgId) => ({ url: `/orgs/${orgId}/xapi/queue/retry`, method: 'POST' }),
      invalidatesTags: (_r, _e, orgId) => [{ type: 'Org', id: `xapi-queue-${orgId}` }],
    }),
  }),
});

export const { useGetXapiQuery, usePutXapiMutation, useGetXapiQueueQuery, useRetryXapiQueueMutation } = xapiApi;
