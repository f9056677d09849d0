import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScenarioLanguage } from '../../../../server/scenarios/languages';
import { Banner } from '../../components/Banner';
import { CodeEditor, type EditorMarker } from '../../workspace/CodeEditor';
import type { FileEntry } from '../../workspace/fileSet';
import { saveLabel } from '../../workspace/saveStatus';
import { packageTexts, translationPair } from './translations';

type Props = {
  files: Record<string, FileEntry>;
  active: string | null;
  editable: boolean;
  readOnlyMessage: string;
  onEdit: (path: string, content: string) => void;
  onSaveNow: (path: string) => void;
  markers: readonly EditorMarker[];
  createFile: (path: string, content: string) => Promise<string | null>;
  /** The draft's editor (its tabs, the open file, the status bar); `split`: shown beside the translation. */
  children: (split: boolean) => ReactNode;
};

/**
 * A bilingual package's texts side by side: with brief.md open, brief.zh-CN.md beside it (and
 * the other way round). The second editor is editable, saved like any file of the draft: a
 * translator writes the translation while reading the original, and fixes the original when
 * translating shows a mistake in it. When the package lists both languages and the
 * translation is missing, it can be created from the open text, to be translated in place.
 */
export function TranslationPane({ files, active, editable, readOnlyMessage, onEdit, onSaveNow, markers, createFile, children }: Props) {
  const { t } = useTranslation('authoring');
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const yaml = files['scenario.yaml']?.content;
  const pkg = useMemo(() => packageTexts(yaml), [yaml]);
  const pair = translationPair(active, pkg, (p) => p in files);
  const otherFile = pair?.exists ? files[pair.other] : undefined;
  const shownFiles = useMemo(() => (otherFile ? { [otherFile.path]: otherFile } : {}), [otherFile]);
  const names: Record<ScenarioLanguage, string> = { en: t('translation.language.en'), 'zh-CN': t('translation.language.zhCN') };

  const create = async () => {
    if (!pair || busy) return;
    setBusy(true);
    setError(null);
    // Starts as the open text, to be translated in place, line by line beside it.
    const problem = await createFile(pair.other, (active && files[active]?.content) ?? '');
    setBusy(false);
    if (problem) setError(problem);
    else setOpen(true);
  };

  const shown = open && otherFile;
  let bar: ReactNode = null;
  if (pair && otherFile) {
    bar = (
      <button type="button" className="btn btn--small" aria-pressed={open} onClick={() => setOpen(!open)}>
        {t('translation.sideBySide', { path: pair.other, language: names[pair.otherLanguage] })}
      </button>
    );
  } else if (pair && pair.listed && editable) {
    bar = (
      <>
        <span className="draft-pair__missing">{t('translation.missing', { path: pair.other, language: names[pair.otherLanguage] })}</span>
        <button type="button" className="btn btn--small" disabled={busy} onClick={() => void create()}>
          {busy ? t('translation.creating') : t('translation.create', { path: pair.other })}
        </button>
      </>
    );
  }

  return (
    <div className="draft-pair">
      {bar ? (
        <div className="draft-pair__bar" role="group" aria-label={t('translation.bar')}>
          {bar}
        </div>
      ) : null}
      {error ? (
        <Banner tone="error" onDismiss={() => setError(null)}>
          {error}
        </Banner>
      ) : null}
      <div className={`draft-pair__panes${shown ? ' draft-pair__panes--split' : ''}`}>
        {children(Boolean(shown))}
        {shown && pair ? (
          <section className="ws-editor draft-pair__other" aria-label={t('translation.pane', { path: pair.other, language: names[pair.otherLanguage] })}>
            <div className="draft-pair__head">
              <span className="draft-pair__language">{names[pair.otherLanguage]}</span>
              <span className="draft-pair__path">{pair.other}</span>
              <span className={`save-state save-state--${otherFile.status}`} role="status">
                {saveLabel(otherFile.status)}
              </span>
            </div>
            <div className="ws-editor__surface">
              <CodeEditor
                files={shownFiles}
                activePath={otherFile.path}
                readOnly={!editable}
                readOnlyMessage={readOnlyMessage}
                onEdit={onEdit}
                onSaveNow={onSaveNow}
                markers={markers}
                uriScheme="translation"
                wordWrap
              />
            </div>
          </section>
        ) : null}
      </div>
    </div>
  );
}
