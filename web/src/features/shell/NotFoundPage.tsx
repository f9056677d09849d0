import { Link, useLocation } from 'react-router';
import { Page } from '../../components/Page';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <Page title="Page not found">
      <p>
        There is no page at <code>{pathname}</code>. The link may be old or mistyped.
      </p>
      <p>
        <Link to="/">Go to your home page</Link>
      </p>
    </Page>
  );
}
