import { Fragment, type ReactNode } from 'react';

/**
 * A translated sentence with elements inside it (a link, <code>, <strong>): the message names
 * each element as an argument ({slug}), so translators move it where their language puts it.
 * `t` is called with each argument set to its own "{name}"; the result is split on those marks
 * and the elements are put back in their place.
 *
 *   rich(t, 'header.eyebrow', { slug: <code>{slug}</code> }, { version })
 */
export function rich(
  t: (key: string, params?: Record<string, unknown>) => string,
  key: string,
  parts: Record<string, ReactNode>,
  params: Record<string, unknown> = {},
): ReactNode {
  const marks = Object.fromEntries(Object.keys(parts).map((name) => [name, `\u2063{${name}}\u2063`]));
  const text = t(key, { ...params, ...marks });
  return text.split(/\u2063\{(\w+)\}\u2063/).map((piece, i) => (i % 2 === 1 ? <Fragment key={i}>{parts[piece]}</Fragment> : piece));
}
