import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../app/hooks';
import type { FileSetBinding } from './fileSet';
import { overallStatus, saveLabel } from './saveStatus';

/** The header's save state for a whole file set (an attempt's workspace, a draft): the worst file wins. */
export function SaveSummary({ selectFiles }: { selectFiles: FileSetBinding['selectFiles'] }) {
  const { t, i18n } = useTranslation('workspace');
  const files = Object.values(useAppSelector(selectFiles));
  const { status, count } = overallStatus(files);
  const text =
    status === 'saved'
      ? t('save.allSaved')
      : status === 'saving' || status === 'pending'
        ? t('save.saving')
        : count > 1
          ? t('save.files', { count, status: saveLabel(status).toLocaleLowerCase(i18n.language) })
          : saveLabel(status);
  return (
    <span className={`save-summary save-summary--${status}`} data-save-state={status}>
      {text}
    </span>
  );
}
