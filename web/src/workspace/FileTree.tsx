import i18next from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileEntry } from './fileSet';
import { saveLabel } from './saveStatus';

type Node = { name: string; path: string; children: Node[]; file: boolean };

function buildTree(paths: string[]): Node[] {
  const root: Node = { name: '', path: '', children: [], file: false };
  for (const path of [...paths].sort()) {
    const parts = path.split('/');
    let node = root;
    parts.forEach((part, i) => {
      const sub = parts.slice(0, i + 1).join('/');
      let child = node.children.find((c) => c.name === part && c.file === (i === parts.length - 1));
      if (!child) {
        child = { name: part, path: sub, children: [], file: i === parts.length - 1 };
        node.children.push(child);
      }
      node = child;
    });
  }
  const sort = (nodes: Node[]): Node[] =>
    nodes
      .sort((a, b) => (a.file === b.file ? a.name.localeCompare(b.name) : a.file ? 1 : -1))
      .map((n) => ({ ...n, children: sort(n.children) }));
  return sort(root.children);
}

type Props = {
  files: Record<string, FileEntry>;
  activePath: string | null;
  onOpen: (path: string) => void;
  /** Buttons under the title (an author's "New file", "Upload fixture"). */
  actions?: ReactNode;
};

/** The workspace's files, folders first; each file says when it has unsaved edits. */
export function FileTree({ files, activePath, onOpen, actions }: Props) {
  const { t } = useTranslation('workspace');
  const tree = buildTree(Object.keys(files));
  const render = (nodes: Node[], depth: number) => (
    <ul className="tree" role="list">
      {nodes.map((node) =>
        node.file ? (
          <li key={node.path}>
            <button
              type="button"
              className="tree__file"
              style={{ paddingLeft: `${0.75 + depth * 0.9}rem` }}
              aria-current={node.path === activePath ? 'true' : undefined}
              onClick={() => onOpen(node.path)}
              title={node.path}
            >
              <span className="tree__name">{node.name}</span>
              <FileMark file={files[node.path]!} />
            </button>
          </li>
        ) : (
          <li key={`${node.path}/`}>
            <span className="tree__folder" style={{ paddingLeft: `${0.75 + depth * 0.9}rem` }}>
              {node.name}/
            </span>
            {render(node.children, depth + 1)}
          </li>
        ),
      )}
    </ul>
  );
  return (
    <nav className="ws-files" aria-label={t('tabs.files')}>
      <h2 className="ws-pane-title">{t('tabs.files')}</h2>
      {actions}
      {render(tree, 0)}
    </nav>
  );
}

/** A dot for unsaved, a warning for trouble; nothing for saved files (calm by default). */
export function FileMark({ file }: { file: FileEntry }) {
  if (file.status === 'saved') return null;
  const trouble = file.status === 'conflict' || file.status === 'error' || file.status === 'closed';
  return (
    <span className={`file-mark file-mark--${trouble ? 'trouble' : 'unsaved'}`} title={saveLabel(file.status)}>
      <span className="visually-hidden">{i18next.t('workspace:save.mark', { status: saveLabel(file.status) })}</span>
    </span>
  );
}
