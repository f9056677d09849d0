import type { TrainingBaseView } from '../../../../server/contract/placements';
import type { CandidatesView, ConsentSharesT, InvitationView, MyConsentsView, ShortlistEntry } from '../../../../server/contract/talent';
import { api } from '../../app/api';

/** Talent selection (issue 16): the student's consents and invitations, the enterprise's candidates, the school's view. */
const talentBase = api.enhanceEndpoints({ addTagTypes: ['TalentConsent', 'TalentCandidate', 'TalentInvitation'] });

export type CandidatesArgs = { role: string; baseId?: string | undefined; enterpriseId?: string | undefined };
const clean = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));

export const talentApi = talentBase.injectEndpoints({
  endpoints: (build) => ({
    myTalentConsents: build.query<MyConsentsView, void>({
      query: () => '/me/talent-consents',
      providesTags: ['TalentConsent'],
    }),
    putTalentConsent: build.mutation<MyConsentsView, { enterpriseId: string; shares: ConsentSharesT }>({
      query: ({ enterpriseId, shares }) => ({ url: `/me/talent-consents/${enterpriseId}`, method: 'PUT', body: { shares } }),
      invalidatesTags: (_r, error) => (error ? [] : ['TalentConsent']),
    }),
    revokeTalentConsent: build.mutation<MyConsentsView, { enterpriseId: string }>({
      query: ({ enterpriseId }) => ({ url: `/me/talent-consents/${enterpriseId}`, method: 'DELETE' }),
      invalidatesTags: (_r, error) => (error ? [] : ['TalentConsent']),
    }),
    myTalentInvitations: build.query<InvitationView[], void>({
      query: () => '/me/talent-invitations',
      transformResponse: (r: { invitations: InvitationView[] }) => r.invitations,
      providesTags: ['TalentInvitation'],
    }),
    answerTalentInvitation: build.mutation<InvitationView, { id: string; answer: 'accepted' | 'declined' }>({
      query: ({ id, answer }) => ({ url: `/me/talent-invitations/${id}/answer`, method: 'PUT', body: { answer } }),
      invalidatesTags: (_r, error) => (error ? [] : ['TalentInvitation']),
    }),
    schoolTalentInvitations: build.query<InvitationView[], void>({
      query: () => '/talent/school-invitations',
      transformResponse: (r: { invitations: InvitationView[] }) => r.invitations,
      providesTags: ['TalentInvitation'],
    }),
    talentBases: build.query<TrainingBaseView[], void>({
      query: () => '/training-bases',
      transformResponse: (r: { bases: TrainingBaseView[] }) => r.bases,
    }),
    talentCandidates: build.query<CandidatesView, CandidatesArgs>({
      query: (args) => ({ url: '/talent/candidates', params: clean(args) }),
      providesTags: ['TalentCandidate'],
    }),
    talentShortlist: build.query<ShortlistEntry[], { enterpriseId?: string | undefined }>({
      query: (args) => ({ url: '/talent/shortlist', params: clean(args) }),
      transformResponse: (r: { shortlist: ShortlistEntry[] }) => r.shortlist,
      providesTags: ['TalentCandidate'],
    }),
    shortlistCandidate: build.mutation<void, { candidateId: string; role: string; note: string; enterpriseId?: string | undefined }>({
      query: ({ candidateId, ...body }) => ({ url: `/talent/candidates/${candidateId}/shortlist`, method: 'PUT', body: clean(body) }),
      invalidatesTags: (_r, error) => (error ? [] : ['TalentCandidate']),
    }),
    unlistCandidate: build.mutation<void, { candidateId: string; enterpriseId?: string | undefined }>({
      query: ({ candidateId, enterpriseId }) => ({ url: `/talent/candidates/${candidateId}/shortlist`, method: 'DELETE', params: clean({ enterpriseId }) }),
      invalidatesTags: (_r, error) => (error ? [] : ['TalentCandidate']),
    }),
    inviteCandidate: build.mutation<InvitationView, { candidateId: string; role: string; baseId?: string | undefined; at: string; place: string; message: string; enterpriseId?: string | undefined }>({
      query: ({ candidateId, ...body }) => ({ url: `/talent/candidates/${candidateId}/invitations`, method: 'POST', body: clean(body) }),
      transformResponse: (r: { invitation: InvitationView }) => r.invitation,
      invalidatesTags: (_r, error) => (error ? [] : ['TalentInvitation']),
    }),
    sentTalentInvitations: build.query<InvitationView[], { enterpriseId?: string | undefined }>({
      query: (args) => ({ url: '/talent/invitations', params: clean(args) }),
      transformResponse: (r: { invitations: InvitationView[] }) => r.invitations,
      providesTags: ['TalentInvitation'],
    }),
  }),
});

export const {
  useMyTalentConsentsQuery,
  usePutTalentConsentMutation,
  useRevokeTalentConsentMutation,
  useMyTalentInvitationsQuery,
  useAnswerTalentInvitationMutation,
  useSchoolTalentInvitationsQuery,
  useTalentBasesQuery,
  useTalentCandidatesQuery,
  useTalentShortlistQuery,
  useShortlistCandidateMutation,
  useUnlistCandidateMutation,
  useInviteCandidateMutation,
  useSentTalentInvitationsQuery,
} = talentApi;
