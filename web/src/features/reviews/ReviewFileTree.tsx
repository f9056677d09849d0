import { useTranslation } from 'react-i18next';
import type { ReviewFile } from '../../../../server/contract/review';

type FileState = 'added' | 'changed' | 'unchanged';

/** A submitted file against the starter: one the student added, changed, or left as it was. */
export function fileState(f: ReviewFile): FileState {
  return f.starter === null ? 'added' : f.starter === f.content ? 'unchanged' : 'changed';
}


type Props = {
  files: ReviewFile[];
  activePath: string | null;
  commentsByPath: ReadonlyMap<string, number>;
  onOpen: (path: string) => void;
};

/** The review's file list: each file with its comment count, and marked when the student touched it. */
export function ReviewFileTree({ files, activePath, commentsByPath, onOpen }: Props) {
  const { t } = useTranslation('reviews');
  const stateLabel: Record<FileState, string> = { added: t('files.added'), changed: t('files.changed'), unchanged: t('files.unchanged') };
  return (
    <nav className="ws-files" aria-label={t('files.title')}>
      <h2 className="ws-pane-title">{t('files.title')}</h2>
      {files.length === 0 ? <p className="comment-list__empty muted">{t('files.none')}</p> : null}
      <ul className="tree" role="list">
        {files.map((f) => {
          const state = fileState(f);
          const count = commentsByPath.get(f.path) ?? 0;
          return (
            <li key={f.path}>
              <button type="button" className="tree__file" aria-current={f.path === activePath ? 'true' : undefined} title={f.path} onClick={() => onOpen(f.path)}>
                <span className="tree__name">{f.path}</span>
                <span className="tree__meta">
                  {count > 0 ? (
                    <span className="comment-count">
                      {count}
                      <span className="visually-hidden"> {t('files.comments', { count })}</span>
                    </span>
                  ) : null}
                  {/* Calm by default: only files the student touched carry a label. */}
                  <span className={`file-state file-state--${state}${state === 'unchanged' ? ' visually-hidden' : ''}`}>{stateLabel[state]}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
