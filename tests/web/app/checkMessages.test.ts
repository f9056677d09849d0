import i18next from 'i18next';
import ICU from 'i18next-icu';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../../server/messages/locales/en.json';
import zhCN from '../../../server/messages/locales/zh-CN.json';
import { checkMessages, FIRST_MESSAGES_NS, serverText } from '../../../web/src/app/serverText';

/** A check result's messages as the workspace, the result page and the reviewer show them. */

beforeAll(async () => {
  await i18next.use(ICU).init({
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: ['en', 'zh-CN'],
    ns: ['messages'],
    defaultNS: 'messages',
    resources: { en: { messages: en }, 'zh-CN': { messages: zhCN } },
    interpolation: { escapeValue: false },
  });
});

const result = {
  messages: ['Stopped: the check ran longer than its time limit of 1000 ms (an endless loop or a promise that never settles?).', 'Say <that> you are done.', '1 of 1 tests passed.'],
  notes: [
    { key: 'grading.js.timeout', params: { run: 'no', ms: 1000 } },
    { key: 'grading.text', params: { text: 'Say <that> you are done.' } },
    { key: 'grading.js.testsPassed', params: { passed: 1, total: 1 } },
  ],
};

describe('checkMessages', () => {
  it('renders the grader’s sentences in the reader’s language, the author’s words as they are', async () => {
    await i18next.changeLanguage('en');
    expect(checkMessages(result)).toEqual(result.messages);
    await i18next.changeLanguage('zh-CN');
    expect(checkMessages(result)).toEqual([
      '已停止：检测运行超过了 1000 毫秒的时间限制（是否有死循环，或有一直不结束的 Promise？）。',
      'Say <that> you are done.',
      '1 个测试中通过 1 个。',
    ]);
  });

  it('shows the English of results stored without notes, with notes out of step, or with keys it does not know', async () => {
    await i18next.changeLanguage('zh-CN');
    expect(checkMessages({ messages: result.messages })).toEqual(result.messages);
    expect(checkMessages({ messages: result.messages, notes: result.notes.slice(1) })).toEqual(result.messages);
    expect(checkMessages({ messages: ['x'], notes: [{ key: 'grading.nothing' }] })).toEqual(['x']);
  });
});

describe('serverText before the whole catalog is loaded', () => {
  it('reads the sign-in page’s share of the messages (firstMessages) until `messages` has the key', async () => {
    await i18next.changeLanguage('zh-CN');
    const error = { message: 'English fallback', key: 'first.only', params: { n: 2 } };
    expect(serverText(error)).toBe('English fallback');
    i18next.addResourceBundle('zh-CN', FIRST_MESSAGES_NS, { first: { only: '{n} 次' } });
    expect(serverText(error)).toBe('2 次');
    i18next.addResourceBundle('zh-CN', 'messages', { first: { only: '共 {n} 次' } }, true);
    expect(serverText(error)).toBe('共 2 次');
  });
});
