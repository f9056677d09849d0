import type { Locale } from '../contract/constants';
import { refusalPage as page } from '../http/refusalPage';
import { msg, render, type MessageKey } from '../messages';
import type { RefusalReason } from './link';

/**
 * The page a refused sign-in lands on, in the person's language: the browser arrives here from
 * the provider, not from the web app, so the server says why itself and links back to sign-in.
 */
export function refusalPage(reason: RefusalReason, locale: Locale): string {
  const text = (key: MessageKey) => render(msg(key), locale);
  return page({ locale, title: text('sso.refused.title'), body: text(`sso.refused.${reason}`), back: text('sso.refused.back'), backHref: '/login', reason });
}
