import { useListSsoOrgsQuery } from './ssoApi';
import { SsoChoice } from './SsoChoice';

/** SsoChoice with the list from RTK Query: the sign-in page inside the app. */
export function SsoSignIn() {
  const { data: orgs } = useListSsoOrgsQuery();
  return <SsoChoice orgs={orgs} />;
}
