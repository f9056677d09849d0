import { afterEach, describe, expect, it } from 'vitest';
import { formatDate } from '../../../web/src/app/format';
import { intlLocale, pickLocale, setActiveLocale } from '../../../web/src/app/locale';

describe('pickLocale', () => {
  it('keeps a saved choice over the browser', () => {
    expect(pickLocale('en', ['zh-CN', 'zh'])).toBe('en');
    expect(pickLocale('zh-CN', ['en-US'])).toBe('zh-CN');
  });

  it('ignores a saved value it does not know', () => {
    expect(pickLocale('fr', ['zh-CN'])).toBe('zh-CN');
  });

  it('maps any Chinese to zh-CN and English to en, first match wins', () => {
    expect(pickLocale(null, ['zh'])).toBe('zh-CN');
    expect(pickLocale(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLocale(null, ['zh-Hans-CN'])).toBe('zh-CN');
    expect(pickLocale(null, ['en-GB', 'zh-CN'])).toBe('en');
    expect(pickLocale(null, ['fr-FR', 'zh-CN'])).toBe('zh-CN');
  });

  it('falls back to the organisation’s default, then English', () => {
    expect(pickLocale(null, ['de', 'ja'], 'zh-CN')).toBe('zh-CN');
    // The browser's own language still comes before the organisation's default.
    expect(pickLocale(null, ['en-US'], 'zh-CN')).toBe('en');
    expect(pickLocale(null, [])).toBe('en');
    expect(pickLocale(undefined, ['de', 'ja'], null)).toBe('en');
  });
});

describe('dates follow the active locale', () => {
  afterEach(() => setActiveLocale('en'));
  const iso = '2026-12-07T12:00:00Z';

  it('writes a Chinese date as 2026年12月7日', () => {
    setActiveLocale('zh-CN', ['zh-CN']);
    expect(formatDate(iso)).toBe('2026年12月7日');
  });

  it('keeps the reader’s English variant for English', () => {
    setActiveLocale('en', ['en-GB']);
    expect(intlLocale()).toBe('en-GB');
    expect(formatDate(iso)).toBe('7 Dec 2026');
    setActiveLocale('en', ['zh-CN']);
    expect(intlLocale()).toBe('en');
    expect(formatDate(iso)).toBe('Dec 7, 2026');
  });
});
