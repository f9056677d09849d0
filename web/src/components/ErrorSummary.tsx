import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export type SummaryItem = { text: string; /** id of the control to jump to */ target?: string };

type Props = {
  title?: string;
  items: SummaryItem[];
  message?: string | undefined;
  /** Focus moves here whenever this changes: pass the failed request's error object. */
  focusKey: unknown;
};

/**
 * The list of what went wrong at the top of a form, each linked to its field. It takes focus
 * when it appears, so the problem is announced and one Tab away from the first bad field.
 */
export function ErrorSummary({ title, items, message, focusKey }: Props) {
  const { t } = useTranslation('components');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [focusKey]);

  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 className="error-summary__title" id="error-summary-title">
        {title ?? t('errorSummary.title')}
      </h2>
      {message ? <p>{message}</p> : null}
      {items.length > 0 ? (
        <ul className="error-summary__list">
          {items.map((item) =>
            item.target ? (
              <li key={item.target + item.text}>
                <a
                  href={`#${item.target}`}
                  onClick={(event) => {
                    event.preventDefault();
                    document.getElementById(item.target!)?.focus();
                  }}
                >
                  {item.text}
                </a>
              </li>
            ) : (
              <li key={item.text}>{item.text}</li>
            ),
          )}
        </ul>
      ) : null}
    </div>
  );
}
