import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** The review page's shortcuts, listed in a disclosure that Escape or a click outside closes. */
export function KeyboardHelp({ canComment }: { canComment: boolean }) {
  const { t } = useTranslation('reviews');
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const close = (event: Event) => {
      const details = ref.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !details.contains(event.target as Node)) {
        details.open = false;
        if (event instanceof KeyboardEvent) details.querySelector('summary')?.focus();
      }
    };
    document.addEventListener('keydown', close);
    document.addEventListener('pointerdown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('pointerdown', close);
    };
  }, []);
  return (
    <details className="kbd-help" ref={ref}>
      <summary className="btn btn--quiet">{t('keys.button')}</summary>
      <div className="kbd-help__panel">
        <h2 className="kbd-help__title">{t('keys.title')}</h2>
        <dl className="kbd-help__list">
          <dt>
            <kbd>j</kbd> / <kbd>k</kbd>
          </dt>
          <dd>{t('keys.criterion')}</dd>
          <dt>
            <kbd>1</kbd>–<kbd>9</kbd>
          </dt>
          <dd>{t('keys.level')}</dd>
          <dt>
            <kbd>f</kbd> / <kbd>Shift</kbd>+<kbd>f</kbd>
          </dt>
          <dd>{t('keys.file')}</dd>
          {canComment ? (
            <>
              <dt>
                <kbd>c</kbd>
              </dt>
              <dd>{t('keys.comment')}</dd>
            </>
          ) : null}
          <dt>
            <kbd>F7</kbd> / <kbd>Shift</kbd>+<kbd>F7</kbd>
          </dt>
          <dd>{t('keys.change')}</dd>
        </dl>
        <p className="field__hint">{t('keys.pause')}</p>
      </div>
    </details>
  );
}
