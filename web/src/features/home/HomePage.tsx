import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, SessionViewT } from '../../../../server/contract/accounts';
import { sortRoles } from '../../app/format';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { useSession } from '../auth/useSession';
import { AdminHome } from './AdminHome';
import { AuthorHome } from './AuthorHome';
import { MentorHome } from './MentorHome';
import { ReviewerHome } from './ReviewerHome';
import { StudentHome } from './StudentHome';
import { TeacherHome } from './TeacherHome';
import './home.css';

const SECTIONS: Record<Role, (props: { session: SessionViewT }) => ReactNode> = {
  student: StudentHome,
  teacher: TeacherHome,
  author: AuthorHome,
  reviewer: ReviewerHome,
  mentor: MentorHome,
  admin: AdminHome,
};

/** One home for everybody: a section for each role the user holds. */
export function HomePage() {
  const { t } = useTranslation('home');
  const session = useSession();
  const roles = sortRoles(session.roles);
  return (
    <Page title={t('title')} heading={t('welcome', { name: session.user.name })}>
      {roles.length === 0 && !session.operator ? (
        <EmptyState title={t('noRoles')}>{t('noRolesText')}</EmptyState>
      ) : (
        <div className="role-sections">
          {session.operator ? <AdminHome session={session} operator /> : null}
          {/* An operator who also runs an organisation sees it in the installation's section. */}
          {roles.filter((r) => !(session.operator && r === 'admin')).map((role) => {
            const Section = SECTIONS[role];
            return <Section key={role} session={session} />;
          })}
        </div>
      )}
    </Page>
  );
}
