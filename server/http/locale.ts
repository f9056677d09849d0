import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import { isLocale, localeOfTag, type Locale } from '../contract/constants';

/**
 * The language a request is answered in, for the few texts the server chooses itself (a
 * competency's title, a scenario's brief, an export's headers). The web client sends its
 * interface language as Accept-Language on every call; another client gets what its header
 * asks for, else English. Kept in AsyncLocalStorage for the request, so a service reads it
 * where the text is chosen instead of every signature carrying it. This is the one parser of
 * Accept-Language; a route with an explicit `lang` (the page's language) passes it to askedLocale.
 */

/** null: the request named no language we speak (its texts are in English, or a scenario's own default). */
const store = new AsyncLocalStorage<Locale | null>();

/** The first language of an Accept-Language header that we speak (by q-value, then order): any Chinese → zh-CN, English → en. */
export function localeFromHeader(header: string | undefined): Locale | null {
  if (!header) return null;
  const tags = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((t) => t.tag && t.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of tags) {
    const locale = localeOfTag(tag);
    if (locale) return locale;
  }
  return null;
}

/** Runs the rest of the request in its language. */
export const requestLocale: RequestHandler = (req, _res, next) => {
  store.run(localeFromHeader(req.get('accept-language')), next);
};

/** Runs `fn` in `locale` (socket events, jobs, tests); null: in none asked for (English, or a scenario's default). */
export function inLocale<T>(locale: Locale | null, fn: () => T): T {
  return store.run(locale, fn);
}

/** The language of the request being served; English outside one. */
export function currentLocale(): Locale {
  return store.getStore() ?? 'en';
}

/**
 * The language the reader asked for: `explicit` when it is one of ours (a route's `lang`
 * parameter, the page's language), else the request's (Accept-Language, a socket's handshake);
 * undefined when neither names one, so a scenario falls back to its own default language.
 */
export function askedLocale(explicit?: string): Locale | undefined {
  if (isLocale(explicit)) return explicit;
  return store.getStore() ?? undefined;
}
