import type { ReviewFile } from '../../../../server/contract/review';

type FileState = 'added' | 'changed' | 'unchanged';

/** A submitted file against the starter: one the student added, changed, or left as it was. */
export function fileState(f: ReviewFile): FileState {
  return f.starter === null ? 'added' : f.starter === f.content ? 'unchanged' : 'changed';
}

const FILE_STATE_LABEL: Record<FileState, string> = { added: 'new', changed: 'changed', unchanged: 'unchanged' };

type Props = {
  files: ReviewFile[];
  activePath: string | null;
  commentsByPath: ReadonlyMap<string, number>;
  onOpen: (path: string) => void;
};

/** The review's file list: each file with its comment count, and marked when the student touched it. */
export function ReviewFileTree({ files, activePath, commentsByPath, onOpen }: Props) {
  return (
    <nav className="ws-files" aria-label="Files">
      <h2 className="ws-pane-title">Files</h2>
      {files.length === 0 ? <p className="comment-list__empty muted">No files were submitted.</p> : null}
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
                      <span className="visually-hidden"> {count === 1 ? 'comment' : 'comments'}</span>
                    </span>
                  ) : null}
                  {/* Calm by default: only files the student touched carry a label. */}
                  <span className={`file-state file-state--${state}${state === 'unchanged' ? ' visually-hidden' : ''}`}>{FILE_STATE_LABEL[state]}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
