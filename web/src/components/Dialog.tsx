import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './Dialog.css';

type Props = {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom; the first focusable control inside gets focus unless `initialFocus` names one. */
  actions?: ReactNode;
  initialFocus?: string;
  size?: 'small' | 'large';
  /** While busy, Escape and the close button do nothing (a submit is on its way). */
  busy?: boolean;
};

/**
 * A modal dialog on the native <dialog>: the browser keeps focus inside and makes the page
 * behind it inert. Focus returns to what opened it when it closes.
 */
export function Dialog({ open, title, onClose, children, actions, initialFocus, size = 'small', busy }: Props) {
  const { t } = useTranslation('components');
  const ref = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnTo.current = document.activeElement as HTMLElement | null;
      dialog.showModal();
      const target = initialFocus ? dialog.querySelector<HTMLElement>(`#${CSS.escape(initialFocus)}`) : null;
      target?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
      returnTo.current?.focus();
    }
  }, [open, initialFocus]);

  useEffect(
    () => () => {
      if (ref.current?.open) returnTo.current?.focus();
    },
    [],
  );

  return (
    <dialog
      ref={ref}
      className={`dialog dialog--${size}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      {open ? (
        <div className="dialog__frame">
          <div className="dialog__header">
            <h2 id={titleId} className="dialog__title">
              {title}
            </h2>
            <button type="button" className="dialog__close" aria-label={t('dialog.close')} onClick={() => !busy && onClose()}>
              ×
            </button>
          </div>
          <div className="dialog__body">{children}</div>
          {actions ? <div className="dialog__actions">{actions}</div> : null}
        </div>
      ) : null}
    </dialog>
  );
}

type ActionsProps = {
  busy: boolean;
  /** The confirming button's text, and what it says while its request runs. */
  label: string;
  busyLabel: string;
  onConfirm: () => void;
  tone?: 'primary' | 'danger';
  onCancel: () => void;
  cancelLabel?: string;
  /** For `initialFocus` on a destructive dialog: focus starts on the safe choice. */
  cancelId?: string;
};

/** A dialog's confirm and cancel buttons: confirm stays focusable while busy, cancel is disabled. */
export function DialogActions({ busy, label, busyLabel, onConfirm, tone = 'primary', onCancel, cancelLabel, cancelId }: ActionsProps) {
  const { t } = useTranslation('components');
  return (
    <>
      <button type="button" className={`btn btn--${tone}`} aria-disabled={busy || undefined} onClick={onConfirm}>
        {busy ? busyLabel : label}
      </button>
      <button id={cancelId} type="button" className="btn btn--quiet" onClick={onCancel} disabled={busy}>
        {cancelLabel ?? t('dialog.cancel')}
      </button>
    </>
  );
}
