import { describe, expect, it } from 'vitest';
import { packageTexts, translationPair } from '../../../web/src/features/authoring/translations';

const BILINGUAL = `id: freight-quote
title: { en: Fix the freight quote, zh-CN: 修复运费报价 }
brief: brief.md
languages: [en, zh-CN]
tasks:
  - id: fix-rounding
    instructions: tasks/fix-rounding.md
events:
  - id: surcharge
    body: events/surcharge.md
`;

const has = (paths: string[]) => (p: string) => paths.includes(p);

describe('a package’s texts and languages, from scenario.yaml', () => {
  it('lists the Markdown files students read, in the default language', () => {
    expect(packageTexts(BILINGUAL)).toEqual({ language: 'en', languages: ['en', 'zh-CN'], texts: ['brief.md', 'tasks/fix-rounding.md', 'events/surcharge.md'] });
  });
  it('reads a half-written file as a package in English with brief.md', () => {
    expect(packageTexts('title: [unclosed')).toEqual({ language: 'en', languages: ['en'], texts: ['brief.md'] });
  });
});

describe('the counterpart of the open file', () => {
  const pkg = packageTexts(BILINGUAL);
  it('is the translation of an original, when it exists', () => {
    expect(translationPair('tasks/fix-rounding.md', pkg, has(['tasks/fix-rounding.zh-CN.md']))).toEqual({
      other: 'tasks/fix-rounding.zh-CN.md',
      otherLanguage: 'zh-CN',
      original: 'tasks/fix-rounding.md',
      exists: true,
      listed: true,
    });
  });
  it('is the original of a translation', () => {
    expect(translationPair('brief.zh-CN.md', pkg, has(['brief.md']))).toMatchObject({ other: 'brief.md', otherLanguage: 'en', exists: true });
  });
  it('says a missing translation the package asks for', () => {
    expect(translationPair('events/surcharge.md', pkg, has([]))).toMatchObject({ other: 'events/surcharge.zh-CN.md', exists: false, listed: true });
  });
  it('is brief.en.md in a package written in Chinese', () => {
    const zh = packageTexts('language: zh-CN\nbrief: brief.md\n');
    expect(translationPair('brief.md', zh, has(['brief.en.md']))).toMatchObject({ other: 'brief.en.md', otherLanguage: 'en', listed: false, exists: true });
  });
  it('is none for files that are not translated', () => {
    expect(translationPair('workspace/src/quote.js', pkg, has([]))).toBeNull();
    expect(translationPair('scenario.yaml', pkg, has([]))).toBeNull();
    expect(translationPair(null, pkg, has([]))).toBeNull();
  });
});
