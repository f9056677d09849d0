import { afterEach, describe, expect, it } from 'vitest';
import { formatDay, formatNumber, formatPercent, formatProportion, formatScore } from '../../../web/src/app/format';
import { setActiveLocale } from '../../../web/src/app/locale';
import { compareNames, sortByName } from '../../../web/src/app/names';
import { localeFromHeader } from '../../../server/http/locale';

/**
 * The teacher's numbers, days and name order follow the interface's language; the CSV export's
 * language follows the page's, then Accept-Language.
 */

afterEach(() => setActiveLocale('en'));

describe('formats for the teacher’s pages', () => {
  it('writes percentages, numbers and calendar days in the reader’s language', () => {
    setActiveLocale('en', ['en-US']);
    expect(formatProportion(0.724)).toBe('72 %');
    expect(formatProportion(0.625, 1)).toBe('62.5 %');
    expect(formatProportion(0.35, 1)).toBe('35 %');
    expect(formatProportion(null)).toBe('—');
    expect(formatNumber(1234.5)).toBe('1,234.5');
    expect(formatDay('2026-11-27')).toBe('Nov 27, 2026');
    setActiveLocale('zh-CN');
    expect(formatProportion(0.724)).toBe('72%');
    expect(formatProportion(0.625, 1)).toBe('62.5%');
    expect(formatDay('2026-11-27')).toBe('2026年11月27日');
  });

  it('writes a score with the product’s spaced percent in English, a plain percentage with Intl’s', () => {
    setActiveLocale('en', ['en-GB']);
    expect(formatScore(0.8333)).toBe('83 %');
    expect(formatScore(1)).toBe('100 %');
    expect(formatPercent(0.8333)).toBe('83%');
    setActiveLocale('zh-CN');
    expect(formatScore(0.8333)).toBe('83%');
    expect(formatPercent(0.125)).toBe('13%');
  });

  it('sorts Chinese names in pinyin order in zh-CN, Latin names alphabetically', () => {
    setActiveLocale('zh-CN');
    expect(sortByName(['张敏', '陈杰', '李娜', '王芳'], (n) => n)).toEqual(['陈杰', '李娜', '王芳', '张敏']);
    expect(['Zhou Ting', 'Huang Xin', 'chen jie'].sort(compareNames)).toEqual(['chen jie', 'Huang Xin', 'Zhou Ting']);
  });
});

// The page's `lang` over the header is the route's (tests/competency/record.test.ts, report.csv).
describe('localeFromHeader', () => {
  it('takes the best Accept-Language it speaks, by q-value; any Chinese is zh-CN', () => {
    expect(localeFromHeader('zh-TW,zh;q=0.9')).toBe('zh-CN');
    expect(localeFromHeader('fr;q=1, en;q=0.5, zh-Hans;q=0.8')).toBe('zh-CN');
    expect(localeFromHeader('de, en-GB;q=0.7')).toBe('en');
    expect(localeFromHeader('zh;q=0, en')).toBe('en');
  });

  it('else none (the request is answered in English)', () => {
    expect(localeFromHeader(undefined)).toBeNull();
    expect(localeFromHeader('fr, de')).toBeNull();
  });
});
