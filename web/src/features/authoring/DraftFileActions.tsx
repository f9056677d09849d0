import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { pathProblem, readFixture } from './FileDialogs';

type Props = {
  /** Every path in the draft now. */
  paths: Set<string>;
  /** The open file when it may be deleted (never scenario.yaml); null hides Delete. */
  deletable: string | null;
  createFile: (path: string, content?: string) => Promise<string | null>;
  /** What went wrong with an upload; null when a new one starts. */
  onUploadError: (message: string | null) => void;
  onAdd: () => void;
  onDelete: (path: string) => void;
};

/** Under the draft's file tree: New file, Upload fixture (into fixtures/), and Delete for the open file. */
export function DraftFileActions({ paths, deletable, createFile, onUploadError, onAdd, onDelete }: Props) {
  const { t } = useTranslation('authoring');
  const uploadRef = useRef<HTMLInputElement>(null);

  const onUpload = async (list: FileList | null) => {
    onUploadError(null);
    const chosen = list?.[0];
    if (uploadRef.current) uploadRef.current.value = '';
    if (!chosen) return;
    const path = `fixtures/${chosen.name}`;
    const problem = pathProblem(path, paths);
    if (problem) {
      onUploadError(paths.has(path) ? t('files.uploadExists', { path }) : t('files.uploadBadName', { name: chosen.name, reason: problem }));
      return;
    }
    const read = await readFixture(chosen);
    if ('error' in read) {
      onUploadError(read.error);
      return;
    }
    const failed = await createFile(path, read.content);
    if (failed) onUploadError(failed);
  };

  return (
    <div className="draft-files__actions" role="group" aria-label={t('files.actions')}>
      <button type="button" className="btn btn--small" onClick={onAdd}>
        {t('files.new.title')}
      </button>
      <button type="button" className="btn btn--small" onClick={() => uploadRef.current?.click()}>
        {t('files.upload')}
      </button>
      <input
        ref={uploadRef}
        type="file"
        className="visually-hidden"
        tabIndex={-1}
        aria-label={t('files.uploadInput')}
        onChange={(e) => void onUpload(e.target.files)}
      />
      {deletable ? (
        <button type="button" className="btn btn--small btn--quiet draft-files__delete" onClick={() => onDelete(deletable)}>
          {t('files.deleteName', { name: deletable.split('/').pop() })}
          <span className="visually-hidden">{t('files.deletePath', { path: deletable })}</span>
        </button>
      ) : null}
    </div>
  );
}
