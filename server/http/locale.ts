import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import { LOCALES, type Locale } from '../contract/constants';

/**
 * The language a request is answered in, for the few texts the server chooses itself (a
 * competency's title, a scenario's brief, an export's headers). The web client sends its
 * interface language as Accept-Language on every call; another client gets what its header
 * asks for, else English. Kept in AsyncLocalStorage for the request, so a service reads it
 * where the text is chosen instead of every signature carrying it.
 */

const store = new AsyncLocalStorage<Locale>();

/** The first language of an Accept-Language header that we speak: any Chinese → zh-CN, English → en. */
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
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return null;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Runs the rest of the request in its language. */
export const requestLocale: RequestHandler = (req, _res, next) => {
  store.run(localeFromHeader(req.get('accept-language')) ?? 'en', next);
};

/** Runs `fn` in `locale` (socket events, jobs, tests). */
export function inLocale<T>(locale: Locale, fn: () => T): T {
  return store.run(locale, fn);
}

/** The language of the request being served; English outside one. */
export function currentLocale(): Locale {
  return store.getStore() ?? 'en';
}
