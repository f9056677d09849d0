import { Link, Outlet } from 'react-router';
import type { Role } from '../../../../server/contract/accounts';
import { ROLE_LABEL } from '../../app/format';
import { Page } from '../../components/Page';
import { useSession } from './useSession';

/** Pages for one role; others get a plain explanation rather than a broken page of 403s. */
export function RequireRole({ role }: { role: Role }) {
  const session = useSession();
  if (session.roles.includes(role)) return <Outlet />;
  return (
    <Page title="Not available">
      <p>
        This page is for the {ROLE_LABEL[role].toLowerCase()} role, which your account ({session.user.email}) does not have.
      </p>
      <p>
        <Link to="/">Go to your home page</Link>
      </p>
    </Page>
  );
}
