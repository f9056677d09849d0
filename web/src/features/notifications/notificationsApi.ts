import type { NotificationSettingsInput, NotificationSettingsView } from '../../../../server/contract/mail';
import { api } from '../../app/api';

/** The signed-in user's e-mail notification settings (issue 17). */
const notificationsBase = api.enhanceEndpoints({ addTagTypes: ['NotificationSettings'] });

export const notificationsApi = notificationsBase.injectEndpoints({
  endpoints: (build) => ({
    notificationSettings: build.query<NotificationSettingsView, void>({
      query: () => '/me/notifications',
      providesTags: ['NotificationSettings'],
    }),
    putNotificationSettings: build.mutation<NotificationSettingsView, NotificationSettingsInput>({
      query: (body) => ({ url: '/me/notifications', method: 'PUT', body }),
      invalidatesTags: (_r, error) => (error ? [] : ['NotificationSettings']),
    }),
  }),
});

export const { useNotificationSettingsQuery, usePutNotificationSettingsMutation } = notificationsApi;
