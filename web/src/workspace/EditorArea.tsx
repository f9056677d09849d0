import { useTranslation } from 'react-i18next';
import type { ReviewCommentView } from '../../../server/contract/review';
import { useAppDispatch, useAppSelector } from '../app/hooks';
import { CodeEditor, type EditorMarker, type RevealRequest } from './CodeEditor';
import type { FileSetBinding } from './fileSet';
import { FileMark } from './FileTree';
import { languageLabel, languageOf } from './language';
import { saveLabel } from './saveStatus';

type Props = {
  /** Whose files: the attempt's or the draft's. */
  files: FileSetBinding;
  readOnly: boolean;
  /** Said when someone types into a read-only editor. */
  readOnlyMessage?: string;
  onEdit: (path: string, content: string) => void;
  onSaveNow: (path: string) => void;
  comments?: readonly ReviewCommentView[];
  reveal?: RevealRequest | null;
  markers?: readonly EditorMarker[];
  wordWrap?: boolean;
};

/** Open files as tabs over the editor, and a status bar that says whether the file is saved. */
export function EditorArea({ files: binding, readOnly, readOnlyMessage, onEdit, onSaveNow, comments, reveal, markers, wordWrap }: Props) {
  const { t } = useTranslation('workspace');
  const dispatch = useAppDispatch();
  const files = useAppSelector(binding.selectFiles);
  const tabs = useAppSelector(binding.selectOpenTabs);
  const active = useAppSelector(binding.selectActivePath);
  const { fileOpened, fileClosed } = binding.actions;
  const file = active ? files[active] : undefined;
  const fileComments = file && comments ? comments.filter((c) => c.path === file.path).length : 0;

  return (
    <section className="ws-editor" aria-label={t('editor.label')}>
      <div className="editor-tabs">
        <ul className="editor-tabs__list" aria-label={t('editor.openFiles')}>
          {tabs.map((path) => {
            const f = files[path];
            if (!f) return null;
            const name = path.split('/').pop();
            return (
              <li key={path} className={`editor-tab${path === active ? ' editor-tab--active' : ''}`}>
                <button type="button" className="editor-tab__open" aria-current={path === active ? 'true' : undefined} title={path} onClick={() => dispatch(fileOpened(path))}>
                  {name}
                  <FileMark file={f} />
                </button>
                <button type="button" className="editor-tab__close" aria-label={t('editor.close', { path })} onClick={() => dispatch(fileClosed(path))}>
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      </div>
      <div className="ws-editor__surface">
        <CodeEditor
          files={files}
          activePath={active}
          readOnly={readOnly}
          readOnlyMessage={readOnlyMessage}
          onEdit={onEdit}
          onSaveNow={onSaveNow}
          comments={comments}
          reveal={reveal}
          markers={markers}
          wordWrap={wordWrap}
        />
        {!file ? (
          <div className="ws-editor__empty">
            <p>{t('editor.empty')}</p>
          </div>
        ) : null}
      </div>
      <div className="status-bar">
        {file ? (
          <>
            <span className="status-bar__path">{file.path}</span>
            <span className="status-bar__lang">{languageLabel(languageOf(file.path))}</span>
            <span className={`save-state save-state--${file.status}`} data-save-state={file.status} role="status">
              {readOnly && file.status === 'saved' ? t('editor.readOnly') : saveLabel(file.status)}
            </span>
            {fileComments > 0 ? <span className="status-bar__comments">{t('editor.comments', { count: fileComments })}</span> : null}
            {file.message && file.status !== 'saved' && file.status !== 'offline' ? <span className="status-bar__message">{file.message}</span> : null}
            <span className="status-bar__hint">{readOnly ? t('editor.hintReadOnly') : t('editor.hint')}</span>
          </>
        ) : (
          <span className="status-bar__hint">{t('editor.noFile')}</span>
        )}
      </div>
    </section>
  );
}
