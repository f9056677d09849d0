import { Fragment, type ReactNode } from 'react';

/** A placeholder value no message or user content contains (a private-use character). */
export const SLOT = '\uE000';

/**
 * A translated sentence with one element inside it, e.g. a title in <strong>: translate with
 * the parameter set to SLOT, then put the element where the SLOT landed. The element's text is
 * never parsed as markup, so user content (a title with "<") stays text.
 */
export function withSlot(text: string, node: ReactNode): ReactNode {
  const parts = text.split(SLOT);
  return parts.map((part, i) => (
    <Fragment key={i}>
      {part}
      {i < parts.length - 1 ? node : null}
    </Fragment>
  ));
}
