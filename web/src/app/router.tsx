import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { NewOrgPage } from '../features/admin/NewOrgPage';
import { NewUserPage } from '../features/admin/NewUserPage';
import { AssessmentsPage } from '../features/assessments/AssessmentsPage';
import { UserPage } from '../features/admin/UserPage';
import { OrgsPage } from '../features/admin/OrgsPage';
import { UsersPage } from '../features/admin/UsersPage';
import { ImportAccountsPage } from '../features/accountImport/ImportAccountsPage';
import { AuditPage } from '../features/audit/AuditPage';
import { NotificationsPage } from '../features/notifications/NotificationsPage';
import { AuthoringHomePage } from '../features/authoring/AuthoringHomePage';
import { AccountPage } from '../features/auth/AccountPage';
import { ForgotPasswordPage } from '../features/auth/ForgotPasswordPage';
import { LoginPage } from '../features/auth/LoginPage';
import { ResetPasswordPage } from '../features/auth/ResetPasswordPage';
import { RequireAuth } from '../features/auth/RequireAuth';
import { RequireRole } from '../features/auth/RequireRole';
import { MyRecordPage } from '../features/competency/MyRecordPage';
import { RecordPage } from '../features/competency/RecordPage';
import { ReportPage } from '../features/competency/ReportPage';
import { RoleProfilesPage } from '../features/profiles/RoleProfilesPage';
import { CoursePage } from '../features/courses/CoursePage';
import { CoursesPage } from '../features/courses/CoursesPage';
import { MonitorPage } from '../features/courses/MonitorPage';
import { NewAssignmentPage } from '../features/courses/NewAssignmentPage';
import { InsightsPage } from '../features/feedback/InsightsPage';
import { HomePage } from '../features/home/HomePage';
import { LogbookPage } from '../features/logbook/LogbookPage';
import { AgreementPage } from '../features/reviews/AgreementPage';
import { CalibrationPage } from '../features/reviews/CalibrationPage';
import { RegradesPage } from '../features/reviews/RegradesPage';
import { ReviewQueuePage } from '../features/reviews/ReviewQueuePage';
import { TargetedPage } from '../features/targeted/TargetedPage';
import { Layout, type RouteHandle } from '../features/shell/Layout';
import { NotFoundPage } from '../features/shell/NotFoundPage';
import { MentorInvitationPage } from '../features/placements/MentorInvitationPage';
import { PlacementPage } from '../features/placements/PlacementPage';
import { PlacementsPage } from '../features/placements/PlacementsPage';
import { TrainingBasesPage } from '../features/placements/TrainingBasesPage';
import { Splash, type SplashKey } from '../features/shell/Splash';
import { CandidatesPage } from '../features/talent/CandidatesPage';
import { ConsentPage } from '../features/talent/ConsentPage';
import { SchoolInvitationsPage } from '../features/talent/SchoolInvitationsPage';
import { MyInvitationsPage } from '../features/talent/StudentInvitations';
import { SsoOrgsPage } from '../features/sso/SsoOrgsPage';
import { SsoSettingsPage } from '../features/sso/SsoSettingsPage';
import { withEditorLocale } from '../workspace/monacoLocale';

// The workspace brings Monaco (megabytes): only students who open an attempt download it.
// Every page with Monaco loads Monaco's messages in the reader's language first (monacoLocale.ts).
const WorkspacePage = lazy(withEditorLocale(() => import('../workspace/WorkspacePage')));
// The review page shows code in Monaco's diff editor: loaded only when a reviewer opens an item.
const ReviewPage = lazy(withEditorLocale(() => import('../features/reviews/ReviewPage')));
// The draft editor is Monaco for a whole scenario package: loaded only when an author opens a draft.
const DraftEditorPage = lazy(withEditorLocale(() => import('../features/authoring/DraftEditorPage')));
// An author's preview of a draft is the student workspace (Monaco): loaded only when opened.
const PreviewPage = lazy(withEditorLocale(() => import('../features/authoring/PreviewPage')));
// What changed between two scenario versions, in Monaco's diff editor: loaded only when opened.
const VersionDiffPage = lazy(withEditorLocale(() => import('../features/versions/VersionDiffPage')));

/** A lazily loaded page that fills the window, with a splash while its code arrives. */
function fullBleed(page: ReactNode, loading: SplashKey) {
  return {
    handle: { fullBleed: true } satisfies RouteHandle,
    element: <Suspense fallback={<Splash what={loading} />}>{page}</Suspense>,
  };
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  // Public: someone who forgot their password, or holds a reset link, is not signed in.
  { path: '/forgot-password', element: <ForgotPasswordPage /> },
  { path: '/reset-password', element: <ResetPasswordPage /> },
  // An invited enterprise mentor has no account yet: the link's page is public.
  { path: '/mentor-invitation/:token', element: <MentorInvitationPage /> },
  {
    element: (
      <RequireAuth>
        <Layout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <HomePage /> },
      { path: 'account', element: <AccountPage /> },
      {
        path: 'attempts/:attemptId',
        ...fullBleed(<WorkspacePage />, 'workspace'),
      },
      {
        path: 'courses',
        element: <RequireRole role="teacher" />,
        children: [
          { index: true, element: <CoursesPage /> },
          { path: ':courseId', element: <CoursePage /> },
          { path: ':courseId/assignments/new', element: <NewAssignmentPage /> },
          { path: ':courseId/assignments/:assignmentId', element: <MonitorPage /> },
          { path: ':courseId/report', element: <ReportPage /> },
          { path: ':courseId/targeted', element: <TargetedPage /> },
          { path: ':courseId/students/:studentId/record', element: <RecordPage /> },
        ],
      },
      // For enterprise authors (who edit) and reviewers (who read); the page explains itself to anyone else.
      {
        path: 'authoring',
        children: [
          { index: true, element: <AuthoringHomePage /> },
          {
            path: 'drafts/:draftId',
            ...fullBleed(<DraftEditorPage />, 'editor'),
          },
          {
            path: 'previews/:previewId',
            ...fullBleed(<PreviewPage />, 'workspace'),
          },
        ],
      },
      // For enterprise authors, reviewers and administrators; the page explains itself to anyone else.
      { path: 'insights', element: <InsightsPage /> },
      // An enterprise's requirement profiles: its admins edit them (the server decides who reads which).
      {
        path: 'role-profiles',
        element: <RequireRole role="admin" />,
        children: [{ index: true, element: <RoleProfilesPage /> }],
      },
      // For authors, reviewers and teachers; the server decides who reads which version.
      {
        path: 'scenarios/versions/:versionId/diff',
        ...fullBleed(<VersionDiffPage />, 'comparison'),
      },
      // Off-campus training: the school's list is the teachers'; one placement is for everyone related to it (the server decides).
      {
        path: 'placements',
        children: [
          { element: <RequireRole role="teacher" />, children: [{ index: true, element: <PlacementsPage /> }] },
          { path: ':placementId', element: <PlacementPage /> },
          // Both mentors of a placement, its school and the student; the server decides who reads and who assesses.
          { path: ':placementId/assessments', element: <AssessmentsPage /> },
          // The weekly logbook: the student writes, the enterprise mentor confirms, the school reads (404 for anyone else).
          { path: ':placementId/logbook', element: <LogbookPage /> },
        ],
      },
      {
        path: 'training-bases',
        element: <RequireRole role="admin" />,
        children: [{ index: true, element: <TrainingBasesPage /> }],
      },
      {
        path: 'record',
        element: <RequireRole role="student" />,
        children: [{ index: true, element: <MyRecordPage /> }],
      },
      // Talent selection: the student's consent and invitations, the enterprise's candidates, the school's view.
      {
        path: 'talent',
        children: [
          {
            element: <RequireRole role="student" />,
            children: [
              { path: 'consents', element: <ConsentPage /> },
              { path: 'invitations', element: <MyInvitationsPage /> },
            ],
          },
          { element: <RequireRole role="admin" />, children: [{ path: 'candidates', element: <CandidatesPage /> }] },
          { element: <RequireRole role={['teacher', 'admin']} />, children: [{ path: 'school-invitations', element: <SchoolInvitationsPage /> }] },
        ],
      },
      {
        path: 'reviews',
        element: <RequireRole role="reviewer" />,
        children: [
          { index: true, element: <ReviewQueuePage /> },
          {
            path: 'items/:itemId',
            ...fullBleed(<ReviewPage />, 'review'),
          },
          { path: 'regrades', element: <RegradesPage /> },
          { path: 'calibration', element: <CalibrationPage /> },
          { path: 'agreement', element: <AgreementPage /> },
        ],
      },
      {
        path: 'admin',
        element: <RequireRole role={['admin', 'operator']} />,
        children: [
          { index: true, element: <Navigate to="users" replace /> },
          { path: 'users', element: <UsersPage /> },
          { path: 'users/new', element: <NewUserPage /> },
          { path: 'users/:userId', element: <UserPage /> },
          { path: 'orgs', element: <OrgsPage /> },
          { path: 'account-imports', element: <ImportAccountsPage /> },
          // An organisation's identity provider: its admins and the operator (others get 404 from the API).
          { path: 'sso', element: <SsoOrgsPage /> },
          { path: 'orgs/:orgId/sso', element: <SsoSettingsPage /> },
          { path: 'audit', element: <AuditPage /> },
          // Creating organisations is the platform operators' job.
          { element: <RequireRole role="operator" />, children: [{ path: 'orgs/new', element: <NewOrgPage /> }] },
        ],
      },
      // Everyone's own e-mail settings (issue 17); the unsubscribe link in a mail needs no sign-in.
      { path: 'notifications', element: <NotificationsPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
