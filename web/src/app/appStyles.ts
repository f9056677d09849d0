/**
 * The stylesheets of the signed-in pages, loaded up front in the order they always had, ahead of
 * styles.css. The pages themselves are lazy chunks (router.tsx); were their CSS split with them,
 * it would arrive after styles.css and win ties it used to lose, changing how pages look. CSS is
 * small next to the JavaScript that moved out, and a page's styles never arrive late (no flash).
 * The editor pages' own stylesheets (workspace, draft editor, review, Monaco) stay with them.
 */
import '../features/profiles/profiles.css';
import '../components/Dialog.css';
import '../features/assessments/assessments.css';
import '../features/auth/auth.css';
import '../features/admin/UserPage.css';
import '../features/admin/ApiTokensSection.css';
import '../features/admin/admin.css';
import '../features/accountImport/accountImport.css';
import '../features/audit/audit.css';
import '../features/notifications/notifications.css';
import '../features/authoring/visibility.css';
import '../features/authoring/authoring.css';
import '../features/shell/LanguageSwitcher.css';
import '../features/sso/sso.css';
import '../features/competency/record.css';
import '../features/feedback/commentThread.css';
import '../features/competency/practice.css';
import '../features/competency/competency.css';
import '../features/courses/findPartners.css';
import '../features/courses/newerVersion.css';
import '../features/courses/course.css';
import '../features/courses/courses.css';
import '../features/courses/monitor.css';
import '../features/feedback/feedback.css';
import '../features/reviews/ModerationAlerts.css';
import '../features/logbook/logbook.css';
import '../features/assignments/assignments.css';
import '../features/talent/talent.css';
import '../features/placements/placements.css';
import '../features/home/StudentFeedback.css';
import '../features/home/home.css';
import '../features/reviews/AgreementPage.css';
import '../features/reviews/reviews.css';
import '../features/targeted/targeted.css';
import '../features/connection/connection.css';
import '../features/shell/shell.css';
