import type { Locale } from '../contract/constants';
import { msg, render } from '../messages';
import type { RefusalReason } from './link';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page a refused sign-in lands on, in the person's language: the browser arrives here from
 * the provider, not from the web app, so the server says why itself and links back to sign-in.
 */
export function refusalPage(reason: RefusalReason, locale: Locale): string {
  const title = render(msg('sso.refused.title'), locale);
  const body = render(msg(`sso.refused.${reason}`), locale);
  const back = render(msg('sso.refused.back'), locale);
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1d2430}a{color:#1f5fbf}</style></head>
<body><main><h1>${escape(title)}</h1><p data-reason="${reason}">${escape(body)}</p><p><a href="/login">${escape(back)}</a></p></main></body>
</html>
`;
}
