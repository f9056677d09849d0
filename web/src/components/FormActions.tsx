import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

type Props = {
  busy: boolean;
  label: string;
  busyLabel: string;
  /** Where Cancel goes; no Cancel link when omitted. */
  cancelTo?: string;
};

/** A form's submit button (busy state announced, not disabled, so focus stays) and Cancel. */
export function FormActions({ busy, label, busyLabel, cancelTo }: Props) {
  const { t } = useTranslation('components');
  return (
    <div className="form__actions">
      <button type="submit" className="btn btn--primary" aria-disabled={busy || undefined}>
        {busy ? busyLabel : label}
      </button>
      {cancelTo && (
        <Link to={cancelTo} className="btn btn--quiet">
          {t('form.cancel')}
        </Link>
      )}
    </div>
  );
}
