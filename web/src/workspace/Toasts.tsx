import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

export type Toast = {
  id: string;
  title: string;
  text: string;
  action?: { label: string; run: () => void };
  /** Stays until dismissed or acted on (a message from the company is not to be missed). */
  persistent?: boolean;
};

const SHOW_MS = 12_000;

/**
 * Short notices at the corner of the workspace. The region is always in the page (role
 * "status"), so screen readers announce what is added to it without taking focus away.
 */
export function Toasts({ toasts, onDismiss }: { toasts: Toast[]; onDismiss: (id: string) => void }) {
  const { t: translate } = useTranslation('workspace');
  useEffect(() => {
    const passing = toasts.filter((t) => !t.persistent);
    if (passing.length === 0) return;
    const timers = passing.map((t) => setTimeout(() => onDismiss(t.id), SHOW_MS));
    return () => timers.forEach(clearTimeout);
  }, [toasts, onDismiss]);

  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className="toast">
          <div className="toast__body">
            <p className="toast__title">{t.title}</p>
            <p className="toast__text">{t.text}</p>
            {t.action ? (
              <button
                type="button"
                className="btn btn--small"
                onClick={() => {
                  t.action!.run();
                  onDismiss(t.id);
                }}
              >
                {t.action.label}
              </button>
            ) : null}
          </div>
          <button type="button" className="toast__dismiss" aria-label={translate('toasts.dismiss', { title: t.title })} onClick={() => onDismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
