import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/Dialog';
import { languageOf } from './language';
import { monaco } from './monaco';
import type { FileEntry } from './fileSet';

type Props = {
  file: FileEntry | null;
  /** Who else may have saved it, for the explanation, when not a student's other tab or device: another author. */
  elsewhere?: string;
  onClose: () => void;
  onResolve: (path: string, content: string) => void;
};

/**
 * Both versions of a file that changed elsewhere, side by side: the server's on the left
 * (read-only), the student's on the right, editable so they can merge by hand. Whatever they
 * choose is saved on top of the server's revision; nothing is overwritten without asking.
 */
export function ConflictDialog({ file, elsewhere, onClose, onResolve }: Props) {
  const { t } = useTranslation('workspace');
  return (
    <Dialog open={file !== null} title={file ? t('conflict.title', { path: file.path }) : ''} onClose={onClose} size="large" initialFocus="conflict-keep">
      {file?.conflict ? <ConflictBody file={file} elsewhere={elsewhere} onResolve={onResolve} /> : null}
    </Dialog>
  );
}

function ConflictBody({ file, elsewhere, onResolve }: { file: FileEntry; elsewhere: string | undefined; onResolve: Props['onResolve'] }) {
  const { t } = useTranslation('workspace');
  const conflict = file.conflict!;
  const containerRef = useRef<HTMLDivElement>(null);
  const mineRef = useRef<monaco.editor.ITextModel | null>(null);
  const [edited, setEdited] = useState(false);

  useEffect(() => {
    const language = languageOf(file.path);
    const original = monaco.editor.createModel(conflict.serverContent, language);
    const mine = monaco.editor.createModel(file.content, language);
    mineRef.current = mine;
    const initial = file.content;
    const sub = mine.onDidChangeContent(() => setEdited(mine.getValue() !== initial));
    const diff = monaco.editor.createDiffEditor(containerRef.current!, {
      automaticLayout: true,
      editContext: false,
      originalEditable: false,
      readOnly: false,
      renderSideBySide: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      ignoreTrimWhitespace: false,
      originalAriaLabel: t('conflict.ariaOriginal', { path: file.path, revision: conflict.serverRevision }),
      modifiedAriaLabel: t('conflict.ariaMine', { path: file.path }),
    });
    diff.setModel({ original, modified: mine });
    return () => {
      sub.dispose();
      diff.dispose();
      original.dispose();
      mine.dispose();
      mineRef.current = null;
    };
    // A new conflict on the same file (another save elsewhere) starts over with fresh models;
    // the contents seed them once, and the student's edits must not start it over.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- as above
  }, [file.path, conflict.serverRevision]);

  return (
    <>
      <p>{elsewhere ? t('conflict.body', { elsewhere }) : t('conflict.bodyDevice')}</p>
      <div className="conflict__labels" aria-hidden="true">
        <span>{t('conflict.savedElsewhere', { revision: conflict.serverRevision })}</span>
        <span>{t('conflict.yours')}</span>
      </div>
      <div className="conflict__diff" ref={containerRef} />
      <div className="dialog__actions dialog__actions--inline">
        <button id="conflict-keep" type="button" className="btn btn--primary" onClick={() => onResolve(file.path, mineRef.current?.getValue() ?? file.content)}>
          {edited ? t('conflict.saveMerged') : t('conflict.keepMine')}
        </button>
        <button type="button" className="btn" onClick={() => onResolve(file.path, conflict.serverContent)}>
          {t('conflict.useTheirs')}
        </button>
      </div>
    </>
  );
}
