import { describe, expect, it } from 'vitest';
import {
  contentEdited,
  draftEditorSlice,
  draftOpened,
  draftSynced,
  fileCreated,
  fileDeleted,
  remoteFileChanged,
  type DraftEditorState,
} from '../../../web/src/features/authoring/draftEditorSlice';

const { saveStarted, saveAcked } = draftEditorSlice.actions;

const DRAFT = '00000000-0000-4000-8000-000000000001';
const reduce = (state: DraftEditorState | undefined, ...actions: Parameters<typeof draftEditorSlice.reducer>[1][]) =>
  actions.reduce((s, a) => draftEditorSlice.reducer(s, a), state ?? draftEditorSlice.reducer(undefined, { type: 'init' }));

function opened(): DraftEditorState {
  return reduce(
    undefined,
    draftOpened({
      draftId: DRAFT,
      files: [
        { path: 'scenario.yaml', revision: 1, content: 'id: x' },
        { path: 'tasks/a.md', revision: 2, content: 'A' },
      ],
      kept: {},
    }),
  );
}

const changed = (path: string, revision: number, content: string | null) => remoteFileChanged({ draftId: DRAFT, path, revision, content, byUserId: 'u2' });

describe('the draft editor’s files', () => {
  it('opens on the manifest', () => {
    const s = opened();
    expect(s.activePath).toBe('scenario.yaml');
    expect(s.openTabs).toEqual(['scenario.yaml']);
  });

  it('takes another author’s save into a file without local edits', () => {
    const s = reduce(opened(), changed('tasks/a.md', 3, 'A, revised'));
    expect(s.files['tasks/a.md']).toMatchObject({ content: 'A, revised', savedContent: 'A, revised', revision: 3, status: 'saved' });
  });

  it('leaves a file with local edits alone: its next save meets the conflict', () => {
    const s = reduce(opened(), contentEdited({ path: 'tasks/a.md', content: 'A, mine' }), changed('tasks/a.md', 3, 'A, theirs'));
    expect(s.files['tasks/a.md']).toMatchObject({ content: 'A, mine', revision: 2, status: 'pending', conflict: null });
  });

  it('treats the push of its own save on the way as nothing to resolve, and the ack settles it', () => {
    const s = reduce(
      opened(),
      contentEdited({ path: 'tasks/a.md', content: 'A2' }),
      saveStarted({ path: 'tasks/a.md' }),
      changed('tasks/a.md', 3, 'A2'),
      saveAcked({ path: 'tasks/a.md', revision: 3, content: 'A2' }),
    );
    expect(s.files['tasks/a.md']).toMatchObject({ content: 'A2', revision: 3, status: 'saved' });
  });

  it('ignores a push older than what it has', () => {
    const s = reduce(opened(), changed('tasks/a.md', 1, 'old'));
    expect(s.files['tasks/a.md']!.content).toBe('A');
  });

  it('adds files others create and removes files others delete, unless edited here', () => {
    let s = reduce(opened(), changed('fixtures/o.csv', 1, 'a,b'), fileCreated({ path: 'tasks/b.md', revision: 1, content: '' }));
    expect(Object.keys(s.files).sort()).toEqual(['fixtures/o.csv', 'scenario.yaml', 'tasks/a.md', 'tasks/b.md']);
    expect(s.activePath).toBe('tasks/b.md');
    s = reduce(s, changed('fixtures/o.csv', 0, null), contentEdited({ path: 'tasks/a.md', content: 'kept' }), changed('tasks/a.md', 0, null));
    expect(s.files['fixtures/o.csv']).toBeUndefined();
    expect(s.files['tasks/a.md']!.content).toBe('kept');
    s = reduce(s, fileDeleted('tasks/b.md'));
    expect(s.files['tasks/b.md']).toBeUndefined();
    expect(s.openTabs).not.toContain('tasks/b.md');
  });

  it('after a reconnect, drops clean files the server no longer has and marks edited ones in conflict', () => {
    const s = reduce(
      opened(),
      contentEdited({ path: 'scenario.yaml', content: 'id: y' }),
      draftSynced({ files: [{ path: 'scenario.yaml', revision: 4, content: 'id: z' }] }),
    );
    expect(s.files['tasks/a.md']).toBeUndefined();
    expect(s.files['scenario.yaml']).toMatchObject({ content: 'id: y', status: 'conflict', conflict: { serverRevision: 4, serverContent: 'id: z' } });
  });
});
