import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../server/contract/audit';
import { LOCALES } from '../../server/contract/constants';
import { hasMessage } from '../../server/messages';
import { actionTitle } from '../../server/audit/csv';

/** Every action the log can record reads in both languages (the page and the CSV name it by audit.action.<name>). */
describe('audit action names', () => {
  it.each(LOCALES)('each has a title in %s', (locale) => {
    expect(AUDIT_ACTIONS.filter((a) => !hasMessage(`audit.action.${a}`, locale))).toEqual([]);
  });

  it('reads in the reader’s language, and an unknown name as itself', () => {
    expect(actionTitle('user.disabled', 'zh-CN')).toBe('停用用户');
    expect(actionTitle('user.disabled', 'en')).toBe('User disabled');
    expect(actionTitle('no.such', 'en')).toBe('no.such');
  });
});
