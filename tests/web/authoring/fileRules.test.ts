import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import zhAuthoring from '../../../web/src/features/authoring/locales/zh-CN.json';
import zhMessages from '../../../server/messages/locales/zh-CN.json';
import { MAX_FILE_BYTES, pathProblem, readFixture } from '../../../web/src/features/authoring/FileDialogs';
import { slugify, slugProblem } from '../../../web/src/features/authoring/ScenarioDialogs';
import { loadEnglishAuthoring } from './englishCatalog';

beforeAll(loadEnglishAuthoring);

describe('a new file’s path', () => {
  const existing = new Set(['scenario.yaml', 'tasks/a.md']);
  it('is accepted inside the package', () => expect(pathProblem('fixtures/orders.sql', existing)).toBeNull());
  it.each(['', '../x', '/etc/passwd', 'tasks/../x', 'a\\b', 'naïve.md'])('refuses %j', (p) => expect(pathProblem(p, existing)).not.toBeNull());
  it.each([
    ['.git/config', 'a folder name may not start with a dot: .git'],
    ['src//double.ts', 'has an empty folder name (two / in a row)'],
    ['src/ space.ts', 'a file name may not start or end with a space: " space.ts"'],
    ['fixtures/.env', 'a file name may not start with a dot: .env'],
    ['fixtures/aux.csv', 'a file name may not be one Windows keeps for a device: aux.csv'],
  ])('refuses %j with the server’s reason: %s', (p, reason) => {
    const sentence = reason.startsWith('a ') ? `A${reason.slice(1)}.` : `The path ${reason}.`;
    expect(pathProblem(p, existing)).toBe(sentence);
  });
  it('says the reason in the reader’s language', async () => {
    i18next.addResourceBundle('zh-CN', 'authoring', zhAuthoring);
    i18next.addResourceBundle('zh-CN', 'messages', zhMessages);
    await i18next.changeLanguage('zh-CN');
    try {
      expect(pathProblem('fixtures/.env', existing)).toBe('文件名不能以点开头：.env。');
      expect(pathProblem('src//double.ts', existing)).toBe('路径包含空的文件夹名（连续两个 /）。');
    } finally {
      await i18next.changeLanguage('en');
    }
    expect(pathProblem('fixtures/.env', existing)).toBe('A file name may not start with a dot: .env.');
  });
  it('refuses a file that exists and a folder', () => {
    expect(pathProblem('tasks/a.md', existing)).toMatch(/exists already/);
    expect(pathProblem('tasks', existing)).toMatch(/is a folder/);
  });
});

describe('an uploaded fixture', () => {
  it('is read as UTF-8 text', async () => {
    expect(await readFixture(new File(['Ware,Qty\n托盘,4\n'], 'orders.csv'))).toEqual({ content: 'Ware,Qty\n托盘,4\n' });
  });
  it('is refused when binary or too large, saying why', async () => {
    expect(await readFixture(new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00])], 'book.xlsx'))).toEqual({ error: expect.stringMatching(/book\.xlsx is not a text file/) });
    expect(await readFixture(new File([new Uint8Array([0xff, 0xfe, 0x41])], 'latin.csv'))).toEqual({ error: expect.stringMatching(/not a text file/) });
    expect(await readFixture(new File(['x'.repeat(MAX_FILE_BYTES + 1)], 'big.sql'))).toEqual({ error: expect.stringMatching(/at most 512 KB/) });
  });
});

describe('a scenario id', () => {
  it('is made from a title', () => expect(slugify('Zählen: the depot’s stock!')).toBe('zahlen-the-depot-s-stock'));
  it('follows the server’s rule', () => {
    expect(slugProblem('stock-count')).toBeUndefined();
    expect(slugProblem('ab')).toMatch(/at least 3/);
    expect(slugProblem('Stock--count')).toMatch(/lowercase/);
  });
});
