import { IntlMessageFormat } from 'intl-messageformat';
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };

/**
 * Messages the server says to people (errors, acks, e-mails, export headers): a stable key and
 * its parameters, rendered from the catalogs in server/messages/locales. The web client loads
 * the same catalogs as its `messages` namespace and renders the key in the reader's language;
 * the server renders English for the `message` field that logs and API clients read.
 */

export const MESSAGE_LOCALES = ['en', 'zh-CN'] as const;
export type MessageLocale = (typeof MESSAGE_LOCALES)[number];

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every message key, checked at compile time against the English catalog. */
export type MessageKey = Leaves<typeof en>;
export type MessageParams = Record<string, string | number>;
export type Msg = { key: MessageKey; params?: MessageParams };

export function msg(key: MessageKey, params?: MessageParams): Msg {
  return params ? { key, params } : { key };
}

const CATALOGS: Record<MessageLocale, unknown> = { en, 'zh-CN': zhCN };

function lookup(catalog: unknown, key: string): string | undefined {
  let node: unknown = catalog;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

export function hasMessage(key: string, locale: MessageLocale = 'en'): key is MessageKey {
  return lookup(CATALOGS[locale], key) !== undefined;
}

const compiled = new Map<string, IntlMessageFormat>();

/** The message in `locale` (English when that catalog lacks it); ICU plurals and selects apply. */
export function render(message: Msg, locale: MessageLocale = 'en'): string {
  const cacheKey = `${locale}\u0000${message.key}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    const source = lookup(CATALOGS[locale], message.key) ?? lookup(CATALOGS.en, message.key) ?? message.key;
    format = new IntlMessageFormat(source, locale);
    compiled.set(cacheKey, format);
  }
  return String(format.format(message.params ?? {}));
}

/** One language tag to a catalog: any Chinese (zh, zh-CN, zh-Hans, zh-TW…) → zh-CN, English → en. */
function catalogFor(tag: string): MessageLocale | null {
  const lower = tag.trim().toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return null;
}

/**
 * The language to answer a person in (an export's headers): the one the page asked for, else
 * the best of the request's Accept-Language that we speak (by q-value), else English.
 */
export function requestLocale(asked: MessageLocale | undefined, acceptLanguage: string | undefined): MessageLocale {
  if (asked) return asked;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) {
    const locale = catalogFor(entry.tag);
    if (locale) return locale;
  }
  return 'en';
}
