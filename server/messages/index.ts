import { IntlMessageFormat } from 'intl-messageformat';
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import type { Locale } from '../contract/constants';

/**
 * Messages the server says to people (errors, acks, e-mails, export headers): a stable key and
 * its parameters, rendered from the catalogs in server/messages/locales. The web client loads
 * the same catalogs as its `messages` namespace and renders the key in the reader's language;
 * the server renders English for the `message` field that logs and API clients read.
 */

export type MessageLocale = Locale;

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
