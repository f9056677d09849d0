import { IntlMessageFormat } from 'intl-messageformat';
import { isValidElement } from 'react';
import { describe, expect, it } from 'vitest';
import { rich } from '../../../web/src/features/authoring/richText';

/** A `t` that formats one ICU message, as i18next-icu does. */
const tOf = (message: string, locale: string) => (_key: string, params?: Record<string, unknown>) =>
  String(new IntlMessageFormat(message, locale).format(params as Record<string, string>));

describe('rich', () => {
  it('puts elements where the translation places them, around the other arguments', () => {
    const english = rich(tOf('{home} · draft of {slug} · next version after {base}', 'en'), 'k', { home: 'HOME', slug: 'SLUG' }, { base: '1.0.1' });
    expect(english).toHaveLength(5);
    expect((english as unknown[]).map((p) => (isValidElement(p) ? (p.props as { children: unknown }).children : p))).toEqual(['', 'HOME', ' · draft of ', 'SLUG', ' · next version after 1.0.1']);

    const chinese = rich(tOf('与 {version} 对比{label}', 'zh-CN'), 'k', { label: 'LABEL' }, { version: '1.0.1' });
    expect((chinese as unknown[]).map((p) => (isValidElement(p) ? (p.props as { children: unknown }).children : p))).toEqual(['与 1.0.1 对比', 'LABEL', '']);
  });
});
