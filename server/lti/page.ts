import type { Locale } from '../contract/constants';
import { refusalPage } from '../http/refusalPage';
import { msg, render, type MessageKey } from '../messages';
import type { LtiRefusalReason } from './claims';

/**
 * The page a refused launch lands on, in the reader's language: the browser comes from the
 * platform's form post, not from the web app, so the server says why itself.
 */
export function ltiRefusalPage(reason: LtiRefusalReason, locale: Locale): string {
  const text = (key: MessageKey) => render(msg(key), locale);
  return refusalPage({ locale, title: text('lti.refused.title'), body: text(`lti.refused.${reason}`), back: text('lti.refused.back'), backHref: '/', reason });
}
