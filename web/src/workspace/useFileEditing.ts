import { useCallback, useState } from 'react';
import { useAppDispatch } from '../app/hooks';
import type { SaveQueue } from './autosave';
import type { RevealRequest } from './CodeEditor';
import type { FileSetBinding } from './fileSet';

/**
 * What an editor page does with its files, for any file set (an attempt's workspace, a draft):
 * open a file at a line, edit (the save queue follows), save now, and take a resolved conflict
 * (saved at once, focus back in the editor).
 */
export function useFileEditing(binding: FileSetBinding, saver: SaveQueue | null, onResolved: () => void) {
  const dispatch = useAppDispatch();
  const { fileOpened, contentEdited, conflictResolved } = binding.actions;
  const [reveal, setReveal] = useState<RevealRequest | null>(null);

  const openAt = useCallback(
    (path: string, line: number) => {
      dispatch(fileOpened(path));
      setReveal({ path, line, key: Date.now() });
    },
    [dispatch, fileOpened],
  );
  const onEdit = useCallback(
    (path: string, content: string) => {
      dispatch(contentEdited({ path, content }));
      saver?.edited(path);
    },
    [dispatch, contentEdited, saver],
  );
  const onSaveNow = useCallback((path: string) => void saver?.save(path), [saver]);
  const onResolve = (path: string, content: string) => {
    dispatch(conflictResolved({ path, content }));
    dispatch(fileOpened(path));
    onResolved();
    saver?.edited(path);
    void saver?.save(path);
    // The button that opened the dialog is gone with the conflict: back to the file instead.
    setTimeout(() => document.querySelector<HTMLElement>('.code-editor textarea')?.focus(), 50);
  };
  return { reveal, openAt, onEdit, onSaveNow, onResolve };
}
