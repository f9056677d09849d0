import { usePageHeading } from '../../components/Page';
import { AuthCardFrame, type AuthCardProps } from './AuthCardFrame';

/**
 * The card of the pages a person sees before they are signed in (sign-in, forgot password, a
 * reset link, a mentor's invitation): the language switch, the brand and the page's heading,
 * which names the tab and takes focus after a navigation like every page's.
 */
export function AuthCard(props: AuthCardProps) {
  const headingRef = usePageHeading(props.title);
  return <AuthCardFrame {...props} headingRef={headingRef} />;
}
