import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { isFirstPage } from './firstPage';

/**
 * Names the tab and, after a client-side navigation, moves focus to the page heading so
 * keyboard and screen-reader users start at the top of the new page.
 */
export function usePageHeading(title: string) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { pathname, key } = useLocation();

  useEffect(() => {
    document.title = `${title} · Practicum`;
  }, [title]);

  useEffect(() => {
    // The first page of a visit (or of a reload) keeps the browser's own focus handling.
    if (!isFirstPage(key)) headingRef.current?.focus();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new path only: a new key alone (a search written into the URL) must not move focus
  }, [pathname]);

  return headingRef;
}

type Props = {
  title: string;
  /** Shown instead of the title in the heading, when the heading should say more. */
  heading?: ReactNode;
  intro?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
};

export function Page({ title, heading, intro, actions, children }: Props) {
  const headingRef = usePageHeading(title);
  return (
    <div className="page">
      <div className="page__header">
        <div className="page__heading">
          <h1 ref={headingRef} tabIndex={-1} className="page__title">
            {heading ?? title}
          </h1>
          {intro ? <p className="page__intro">{intro}</p> : null}
        </div>
        {actions ? <div className="page__actions">{actions}</div> : null}
      </div>
      {children}
    </div>
  );
}
