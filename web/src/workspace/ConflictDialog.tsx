import { useEffect, useRef, useState } from 'react';
import { Dialog } from '../components/Dialog';
import { languageOf } from './language';
import { monaco } from './monaco';
import type { FileEntry } from './fileSet';

type Props = {
  file: FileEntry | null;
  /** Who else may have saved it, for the explanation: a student's other tab, another author. */
  elsewhere?: string;
  onClose: () => void;
  onResolve: (path: string, content: string) => void;
};

/**
 * Both versions of a file that changed elsewhere, side by side: the server's on the left
 * (read-only), the student's on the right, editable so they can merge by hand. Whatever they
 * choose is saved on top of the server's revision; nothing is overwritten without asking.
 */
export function ConflictDialog({ file, elsewhere = 'from another tab or device', onClose, onResolve }: Props) {
  return (
    <Dialog open={file !== null} title={file ? `${file.path} changed elsewhere` : ''} onClose={onClose} size="large" initialFocus="conflict-keep">
      {file?.conflict ? <ConflictBody file={file} elsewhere={elsewhere} onResolve={onResolve} /> : null}
    </Dialog>
  );
}

function ConflictBody({ file, elsewhere, onResolve }: { file: FileEntry; elsewhere: string; onResolve: Props['onResolve'] }) {
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
      originalAriaLabel: `${file.path}, the version saved elsewhere (revision ${conflict.serverRevision}), read-only`,
      modifiedAriaLabel: `${file.path}, your version; edit it to merge`,
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
      <p>
        This file was saved {elsewhere} while you were editing it here. Nothing has been overwritten. Compare the two versions and choose what to keep;
        you can edit your version on the right to combine both.
      </p>
      <div className="conflict__labels" aria-hidden="true">
        <span>Saved elsewhere (revision {conflict.serverRevision})</span>
        <span>Your version (editable)</span>
      </div>
      <div className="conflict__diff" ref={containerRef} />
      <div className="dialog__actions dialog__actions--inline">
        <button id="conflict-keep" type="button" className="btn btn--primary" onClick={() => onResolve(file.path, mineRef.current?.getValue() ?? file.content)}>
          {edited ? 'Save the merged version' : 'Keep my version'}
        </button>
        <button type="button" className="btn" onClick={() => onResolve(file.path, conflict.serverContent)}>
          Use the version saved elsewhere
        </button>
      </div>
    </>
  );
}
