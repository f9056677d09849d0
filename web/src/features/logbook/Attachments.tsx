import { useTranslation } from 'react-i18next';
import type { LogAttachmentView } from '../../../../server/contract/logbook';
import { formatNumber } from '../../app/format';
import { logbookUrl, useDeleteAttachmentMutation } from './logbookApi';

/** A week's files: each a download (the server sends them as attachments of their real type). */
export function Attachments({ placementId, week, attachments, canDelete = false }: { placementId: string; week: string; attachments: LogAttachmentView[]; canDelete?: boolean }) {
  const { t } = useTranslation('logbook');
  const [remove, removing] = useDeleteAttachmentMutation();
  if (attachments.length === 0) return <p className="muted">{t('attachments.none')}</p>;
  return (
    <ul className="logbook-files">
      {attachments.map((a) => (
        <li key={a.id} className="logbook-files__item">
          <a className="logbook-files__link" href={`/api${logbookUrl(placementId, week, `/attachments/${a.id}`)}`} download={a.name}>
            {a.name}
          </a>
          <span className="muted">{t('attachments.size', { kb: formatNumber(a.sizeBytes / 1024, 0) })}</span>
          {canDelete ? (
            <button type="button" className="btn btn--quiet logbook-files__remove" disabled={removing.isLoading} onClick={() => void remove({ placementId, week, attachmentId: a.id })}>
              {t('attachments.remove', { name: a.name })}
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
