import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../app/hooks';
import { Banner } from '../components/Banner';
import { selectLinkStatus } from '../features/connection/connectionSlice';
import type { FileSetBinding } from './fileSet';

/**
 * Files another save overtook: each with a way to compare and resolve. `changedBy` says who
 * the other writer can be, after the file's name: by default another tab or device (a
 * student's); a draft's editor names another author.
 */
export function ConflictNotice({ selectFiles, changedBy, onResolve }: { selectFiles: FileSetBinding['selectFiles']; changedBy?: string; onResolve: (path: string) => void }) {
  const { t } = useTranslation('workspace');
  const files = useAppSelector(selectFiles);
  const conflicted = Object.values(files).filter((f) => f.conflict);
  if (conflicted.length === 0) return null;
  return (
    <Banner tone="error">
      {conflicted.map((f) => (
        <p key={f.path} className="conflict-notice">
          <span>
            <code>{f.path}</code> {changedBy ?? t('conflict.changedElsewhere')}
            {t('conflict.sentenceEnd')}
            {t('conflict.keptUntilChosen')}
          </span>
          <button type="button" className="btn btn--small" onClick={() => onResolve(f.path)}>
            {t('conflict.compare')}
            <span className="visually-hidden"> {f.path}</span>
          </button>
        </p>
      ))}
    </Banner>
  );
}

/** While the link is down: nothing typed is lost, and saving resumes by itself. */
export function LinkNotice() {
  const { t } = useTranslation('workspace');
  const link = useAppSelector(selectLinkStatus);
  if (link !== 'reconnecting') return null;
  return (
    <Banner tone="info">
      {t('conflict.linkDown')}
    </Banner>
  );
}
