import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RubricCriterionView } from '../../server/contract/review';
import { rubricInLanguage } from '../../server/review/rubricText';
import { loadFrameworkFile } from '../../server/competency/framework';
import { localize } from '../../server/scenarios/localized';
import { loadPackage } from '../../server/scenarios/package';

/** A review item's rubric snapshot, read in the reviewer's language for a bilingual package. */

const pkg = loadPackage(path.resolve(import.meta.dirname, '../../scenarios/freight-quote'), loadFrameworkFile()).pkg!;
const snapshot: RubricCriterionView[] = pkg.manifest.tasks.flatMap((t) =>
  t.rubric.map((c) => ({ id: c.id, task: t.id, title: c.title, description: c.description ?? null, points: c.points, levels: c.levels.map((l) => ({ score: l.score, text: l.text })) })),
);

describe('rubricInLanguage', () => {
  it('gives a Chinese reader the Chinese words and keeps every score', () => {
    const zh = rubricInLanguage(snapshot, localize(pkg, 'zh-CN').manifest);
    const reply = zh.find((c) => c.id === 'reply-dispatch')!;
    expect(reply.title).toBe('给调度的回复清楚、准确');
    expect(reply.levels[0]).toEqual({ score: 0, text: '没有回复' });
    expect(zh.map((c) => [c.id, c.points, c.levels.map((l) => l.score)])).toEqual(snapshot.map((c) => [c.id, c.points, c.levels.map((l) => l.score)]));
  });

  it('leaves the default language as stored, and a criterion whose levels changed since the snapshot', () => {
    expect(rubricInLanguage(snapshot, localize(pkg, 'en').manifest)).toEqual(snapshot);
    const changed = snapshot.map((c) => (c.id === 'reply-dispatch' ? { ...c, levels: c.levels.slice(1) } : c));
    const zh = rubricInLanguage(changed, localize(pkg, 'zh-CN').manifest);
    expect(zh.find((c) => c.id === 'reply-dispatch')).toEqual(changed.find((c) => c.id === 'reply-dispatch'));
  });
});
