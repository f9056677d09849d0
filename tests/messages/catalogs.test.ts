import { describe, expect, it } from 'vitest';
import en from '../../server/messages/locales/en.json' with { type: 'json' };
import zhCN from '../../server/messages/locales/zh-CN.json' with { type: 'json' };
import { hasMessage, msg, render } from '../../server/messages';
import { filePathProblem, filePathReason } from '../../server/contract/paths';
import { placeholders } from '../helpers/messages';
import { flatten } from '../helpers/catalogs';

/**
 * The server's message catalogs (server/messages/locales): the same keys in English and
 * Chinese, every message valid ICU, and a translation using exactly the English placeholders,
 * so a key and its parameters render in either language.
 */

const english = flatten(en);
const chinese = flatten(zhCN);

describe('server message catalogs', () => {
  it('have the same keys in English and Chinese', () => {
    expect(Object.keys(chinese).sort()).toEqual(Object.keys(english).sort());
  });

  it.each(Object.keys(english))('%s: valid ICU with the same placeholders in both', (key) => {
    expect(english[key], 'English').not.toMatch(/^<not a string/);
    expect(chinese[key], 'Chinese').not.toMatch(/^<not a string/);
    expect(placeholders(chinese[key]!, 'zh-CN')).toEqual(placeholders(english[key]!, 'en'));
  });

  it('read as Chinese in the Chinese catalog: no English sentence left untranslated', () => {
    const untranslated = Object.keys(english).filter((key) => /[a-z]{3,} [a-z]{3,} [a-z]{3,}/i.test(chinese[key]!.replace(/\{[^{}]*\}/g, '')) && !/[\u4e00-\u9fff]/.test(chinese[key]!));
    expect(untranslated).toEqual([]);
  });

  it('render a key with its parameters, in English by default and in Chinese on request', () => {
    expect(render(msg('notFound.attempt'))).toBe('Attempt not found.');
    expect(render(msg('attempts.noAttemptsLeft', { max: 1 }))).toBe('You have used the one attempt of this assignment.');
    expect(render(msg('attempts.noAttemptsLeft', { max: 3 }))).toBe('You have used all 3 attempts of this assignment.');
    expect(render(msg('attempts.noAttemptsLeft', { max: 3 }), 'zh-CN')).toBe('该实训任务的 3 次作答机会你已全部用完。');
    expect(hasMessage('notFound.attempt', 'zh-CN')).toBe(true);
  });
});

describe('file path reasons', () => {
  const paths = ['', 'a'.repeat(301), 'a\u0007b', 'a\\b', '/abs', 'dir/', 'a//b', '../x', '.env', 'src/.git/x', ' a.js', 'a b/x y .js', 'café.js', 'a.', `${'n'.repeat(101)}.js`, 'con.js', 'src/quote.js'];

  it.each(paths)('%j: the English of its key is the rule the browser shows', (path) => {
    const reason = filePathReason(path);
    expect(reason === null ? null : render(reason)).toBe(filePathProblem(path));
    if (reason) expect(render(reason, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
  });
});
