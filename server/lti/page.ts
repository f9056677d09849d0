import type { Locale } from '../contract/constants';
import { msg, render } from '../messages';
import type { LtiRefusalReason } from './claims';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page a refused launch lands on, in the reader's language: the browser comes from the
 * platform's form post, not from the web app, so the server says why itself.
 */
export function ltiRefusalPage(reason: LtiRefusalReason, locale: Locale): string {
  const title = render(msg('lti.refused.title'), locale);
  const body = render(msg(`lti.refused.${reason}`), locale);
  const back = render(msg('lti.refused.back'), locale);
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1d2430}a{color:#1f5fbf}</style></head>
<body><main><h1>${escape(title)}</h1><p data-reason="${reason}">${escape(body)}</p><p><a href="/">${escape(back)}</a></p></main></body>
</html>
`;
}
