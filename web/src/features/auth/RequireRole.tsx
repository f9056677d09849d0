import { Link, Outlet } from 'react-router';
import type { Role } from '../../../../server/contract/accounts';
import { OPERATOR_LABEL, ROLE_LABEL } from '../../app/format';
import { Page } from '../../components/Page';
import { useSession } from './useSession';

type AccessRole = Role | 'operator';

const label = (r: AccessRole) => (r === 'operator' ? OPERATOR_LABEL : ROLE_LABEL[r]).toLowerCase();

/** Pages for some roles; others get a plain explanation rather than a broken page of 403s. */
export function RequireRole({ role }: { role: AccessRole | AccessRole[] }) {
  const session = useSession();
  const wanted = Array.isArray(role) ? role : [role];
  if (wanted.some((r) => (r === 'operator' ? session.operator : session.roles.includes(r)))) return <Outlet />;
  return (
    <Page title="Not available">
      <p>
        This page is for the {wanted.map(label).join(' or ')} role, which your account ({session.user.email}) does not have.
      </p>
      <p>
        <Link to="/">Go to your home page</Link>
      </p>
    </Page>
  );
}
