import i18next from 'i18next';
import { useMemo } from 'react';
import type { MutantView } from '../../../../server/contract/authoring';
import { EQUIVALENTS_FILE, readEquivalents, withEquivalent, withoutEquivalent } from '../../../../server/scenarios/equivalents';
import type { FileEntry } from '../../workspace/fileSet';
import type { MarkActions } from './EquivalentMark';

/**
 * Equivalent mutants of a draft: the marks live in its mutants.yaml, a package file saved like
 * any other (an edit goes to the save queue; a first mark creates the file with the same
 * protocol), so a mark survives export and git and shows in the file tree and its history.
 */
export function useEquivalentMarks(
  files: Record<string, FileEntry>,
  /** The files as they are at the moment of the click (the render's copy may be older). */
  current: () => Record<string, FileEntry>,
  onEdit: (path: string, content: string) => void,
  createFile: (path: string, content: string) => Promise<string | null>,
): { marks: Map<string, string>; actions: MarkActions } {
  const text = files[EQUIVALENTS_FILE]?.content;
  const marks = useMemo(() => new Map(readEquivalents(text).map((m) => [m.id, m.reason])), [text]);
  const unreadable = (err: unknown) => i18next.t('authoring:equivalent.unreadable', { file: EQUIVALENTS_FILE, reason: (err as Error).message });
  const actions: MarkActions = {
    mark: async (m: MutantView, reason: string) => {
      if (!m.id) return i18next.t('authoring:equivalent.tooOld');
      const file = current()[EQUIVALENTS_FILE];
      let next: string;
      try {
        next = withEquivalent(file?.content, { id: m.id, file: m.file, mutation: m.description, before: m.before, after: m.after, reason });
      } catch (err) {
        return unreadable(err);
      }
      if (!file) return createFile(EQUIVALENTS_FILE, next);
      onEdit(EQUIVALENTS_FILE, next);
      return null;
    },
    unmark: async (id: string) => {
      const file = current()[EQUIVALENTS_FILE];
      if (!file) return null;
      try {
        onEdit(EQUIVALENTS_FILE, withoutEquivalent(file.content, id));
        return null;
      } catch (err) {
        return unreadable(err);
      }
    },
  };
  return { marks, actions };
}
