import type { Locale } from '../contract/constants';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A small page the server writes itself, for a browser that arrives from another system (an
 * identity provider, a learning platform) rather than from the web app: why it was refused, in
 * the reader's language, and a way back. Every text is escaped; `reason` is a code, for tests.
 */
export function refusalPage(page: { locale: Locale; title: string; body: string; back: string; backHref: string; reason: string }): string {
  return `<!doctype html>
<html lang="${page.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(page.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1d2430}a{color:#1f5fbf}</style></head>
<body><main><h1>${escape(page.title)}</h1><p data-reason="${escape(page.reason)}">${escape(page.body)}</p><p><a href="${escape(page.backHref)}">${escape(page.back)}</a></p></main></body>
</html>
`;
}
