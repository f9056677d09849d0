import { useTranslation } from 'react-i18next';
import type { AttemptView } from '../../../server/contract/workspace';
import { useAppDispatch, useAppSelector } from '../app/hooks';
import { AnswersForm, ANSWERS_FILE } from './AnswersForm';
import { ChecksPanel } from './ChecksPanel';
import { ConflictDialog } from './ConflictDialog';
import { FileTree } from './FileTree';
import { SubmitDialog } from './SubmitDialog';
import { submitWarnings } from './upcoming';
import { fileOpened, isDirty, selectActivePath, selectChecks, selectFiles } from './workspaceSlice';

/** The workspace page's small parts that read the store, so the page itself re-renders less. */

export function RunChecksButton({ onRun, disabled }: { onRun: () => void; disabled: boolean }) {
  const { t } = useTranslation('workspace');
  const { running } = useAppSelector(selectChecks);
  return (
    <button type="button" className="btn" onClick={() => !running && onRun()} aria-disabled={running || disabled || undefined} disabled={disabled}>
      {running ? t('checks.running') : t('checks.run')}
    </button>
  );
}

export function FileTreeContainer({ onOpened }: { onOpened: () => void }) {
  const dispatch = useAppDispatch();
  const files = useAppSelector(selectFiles);
  const active = useAppSelector(selectActivePath);
  return (
    <FileTree
      files={files}
      activePath={active}
      onOpen={(path) => {
        dispatch(fileOpened(path));
        onOpened();
      }}
    />
  );
}

/** The submit dialog, with what is still to come and what is unfinished as of now. */
export function SubmitContainer({ attempt, aheadMs, ...props }: { attempt: AttemptView; aheadMs: number } & Omit<Parameters<typeof SubmitDialog>[0], 'warnings'>) {
  const { results } = useAppSelector(selectChecks);
  const answers = useAppSelector(selectFiles)[ANSWERS_FILE]?.content;
  const warnings = props.open ? submitWarnings(attempt, results, answers, aheadMs) : null;
  return <SubmitDialog {...props} warnings={warnings} />;
}

export function AnswersContainer({ checks, readOnly, onEdit }: { checks: AttemptView['tasks'][number]['checks']; readOnly: boolean; onEdit: (path: string, content: string) => void }) {
  const file = useAppSelector(selectFiles)[ANSWERS_FILE];
  return <AnswersForm checks={checks} file={file} readOnly={readOnly} onChange={(content) => onEdit(ANSWERS_FILE, content)} />;
}

export function ChecksContainer({ checks }: { checks: AttemptView['tasks'][number]['checks'] }) {
  const state = useAppSelector(selectChecks);
  const files = useAppSelector(selectFiles);
  const unsaved = Object.values(files)
    .filter(isDirty)
    .map((f) => f.path);
  return <ChecksPanel checks={checks} state={state} unsaved={unsaved} />;
}

export function ConflictContainer({ path, onClose, onResolve }: { path: string | null; onClose: () => void; onResolve: (path: string, content: string) => void }) {
  const files = useAppSelector(selectFiles);
  const file = path ? files[path] : undefined;
  return <ConflictDialog file={file?.conflict ? file : null} onClose={onClose} onResolve={onResolve} />;
}
