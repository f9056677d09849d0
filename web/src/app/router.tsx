import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { RequireAuth } from '../features/auth/RequireAuth';
import { RequireRole } from '../features/auth/RequireRole';
import { Splash, type SplashKey } from '../features/shell/Splash';
import { withEditorLocale } from '../workspace/monacoLocale';
import { loadHomePage, loadLayout } from './homePreload';
import { loadWorkspacePage, withCatalogs } from './preload';
import type { RouteHandle } from '../features/shell/Layout';

/**
 * Every page but sign-in is its own chunk, fetched on first visit (issue 18: the sign-in page
 * carried every feature). Pages are named exports; React.lazy wants a default one.
 */
function page<K extends string>(load: () => Promise<{ [P in K]: ComponentType }>, name: K) {
  return lazy(() => withCatalogs(load)().then((module) => ({ default: module[name] })));
}

const Layout = page(loadLayout, 'Layout');
const NewOrgPage = page(() => import('../features/admin/NewOrgPage'), 'NewOrgPage');
const NewUserPage = page(() => import('../features/admin/NewUserPage'), 'NewUserPage');
const AssessmentsPage = page(() => import('../features/assessments/AssessmentsPage'), 'AssessmentsPage');
const UserPage = page(() => import('../features/admin/UserPage'), 'UserPage');
const OrgsPage = page(() => import('../features/admin/OrgsPage'), 'OrgsPage');
const UsersPage = page(() => import('../features/admin/UsersPage'), 'UsersPage');
const ImportAccountsPage = page(() => import('../features/accountImport/ImportAccountsPage'), 'ImportAccountsPage');
const AuditPage = page(() => import('../features/audit/AuditPage'), 'AuditPage');
const NotificationsPage = page(() => import('../features/notifications/NotificationsPage'), 'NotificationsPage');
const AuthoringHomePage = page(() => import('../features/authoring/AuthoringHomePage'), 'AuthoringHomePage');
const AccountPage = page(() => import('../features/auth/AccountPage'), 'AccountPage');
const ForgotPasswordPage = page(() => import('../features/auth/ForgotPasswordPage'), 'ForgotPasswordPage');
const ResetPasswordPage = page(() => import('../features/auth/ResetPasswordPage'), 'ResetPasswordPage');
const MyRecordPage = page(() => import('../features/competency/MyRecordPage'), 'MyRecordPage');
const RecordPage = page(() => import('../features/competency/RecordPage'), 'RecordPage');
const ReportPage = page(() => import('../features/competency/ReportPage'), 'ReportPage');
const RoleProfilesPage = page(() => import('../features/profiles/RoleProfilesPage'), 'RoleProfilesPage');
const CoursePage = page(() => import('../features/courses/CoursePage'), 'CoursePage');
const CoursesPage = page(() => import('../features/courses/CoursesPage'), 'CoursesPage');
const MonitorPage = page(() => import('../features/courses/MonitorPage'), 'MonitorPage');
const NewAssignmentPage = page(() => import('../features/courses/NewAssignmentPage'), 'NewAssignmentPage');
const InsightsPage = page(() => import('../features/feedback/InsightsPage'), 'InsightsPage');
const HomePage = page(loadHomePage, 'HomePage');
const LogbookPage = page(() => import('../features/logbook/LogbookPage'), 'LogbookPage');
const AgreementPage = page(() => import('../features/reviews/AgreementPage'), 'AgreementPage');
const CalibrationPage = page(() => import('../features/reviews/CalibrationPage'), 'CalibrationPage');
const RegradesPage = page(() => import('../features/reviews/RegradesPage'), 'RegradesPage');
const ReviewQueuePage = page(() => import('../features/reviews/ReviewQueuePage'), 'ReviewQueuePage');
const TargetedPage = page(() => import('../features/targeted/TargetedPage'), 'TargetedPage');
const NotFoundPage = page(() => import('../features/shell/NotFoundPage'), 'NotFoundPage');
const MentorInvitationPage = page(() => import('../features/placements/MentorInvitationPage'), 'MentorInvitationPage');
const PlacementPage = page(() => import('../features/placements/PlacementPage'), 'PlacementPage');
const PlacementsPage = page(() => import('../features/placements/PlacementsPage'), 'PlacementsPage');
const TrainingBasesPage = page(() => import('../features/placements/TrainingBasesPage'), 'TrainingBasesPage');
const CandidatesPage = page(() => import('../features/talent/CandidatesPage'), 'CandidatesPage');
const ConsentPage = page(() => import('../features/talent/ConsentPage'), 'ConsentPage');
const SchoolInvitationsPage = page(() => import('../features/talent/SchoolInvitationsPage'), 'SchoolInvitationsPage');
const MyInvitationsPage = page(() => import('../features/talent/StudentInvitations'), 'MyInvitationsPage');
const SsoOrgsPage = page(() => import('../features/sso/SsoOrgsPage'), 'SsoOrgsPage');
const SsoSettingsPage = page(() => import('../features/sso/SsoSettingsPage'), 'SsoSettingsPage');
const XapiOrgsPage = page(() => import('../features/xapi/XapiOrgsPage'), 'XapiOrgsPage');
const XapiSettingsPage = page(() => import('../features/xapi/XapiSettingsPage'), 'XapiSettingsPage');

// The workspace brings Monaco (megabytes): only students who open an attempt download it.
// Every page with Monaco loads Monaco's messages in the reader's language first (monacoLocale.ts).
// Shared with the preloads (preload.ts): a student's home page fetches it while idle.
const WorkspacePage = lazy(loadWorkspacePage);
// The review page shows code in Monaco's diff editor: loaded only when a reviewer opens an item.
const ReviewPage = lazy(withCatalogs(withEditorLocale(() => import('../features/reviews/ReviewPage'))));
// The draft editor is Monaco for a whole scenario package: loaded only when an author opens a draft.
const DraftEditorPage = lazy(withCatalogs(withEditorLocale(() => import('../features/authoring/DraftEditorPage'))));
// An author's preview of a draft is the student workspace (Monaco): loaded only when opened.
const PreviewPage = lazy(withCatalogs(withEditorLocale(() => import('../features/authoring/PreviewPage'))));
// What changed between two scenario versions, in Monaco's diff editor: loaded only when opened.
const VersionDiffPage = lazy(withCatalogs(withEditorLocale(() => import('../features/versions/VersionDiffPage'))));

/** A lazily loaded page that fills the window, with a splash while its code arrives. */
function fullBleed(page: ReactNode, loading: SplashKey) {
  return {
    handle: { fullBleed: true } satisfies RouteHandle,
    element: <Suspense fallback={<Splash what={loading} />}>{page}</Suspense>,
  };
}

/** A lazily loaded page outside the signed-in frame, with a splash while its code arrives. */
function standalone(page: ReactNode) {
  return <Suspense fallback={<Splash what="page" />}>{page}</Suspense>;
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  // Public: someone who forgot their password, or holds a reset link, is not signed in.
  { path: '/forgot-password', element: standalone(<ForgotPasswordPage />) },
  { path: '/reset-password', element: standalone(<ResetPasswordPage />) },
  // An invited enterprise mentor has no account yet: the link's page is public.
  { path: '/mentor-invitation/:token', element: standalone(<MentorInvitationPage />) },
  {
    element: (
      <RequireAuth>
        <Suspense fallback={<Splash what="page" />}>
          <Layout />
        </Suspense>
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
          // A school's learning record store (xAPI forwarding): its admins and the operator (others 404).
          { path: 'xapi', element: <XapiOrgsPage /> },
          { path: 'orgs/:orgId/xapi', element: <XapiSettingsPage /> },
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
