import i18next from 'i18next';
import { useCallback, useState } from 'react';

/**
 * What a tool panel shows survives switching tabs (the panel unmounts) for as long as the page
 * lives: kept in memory per workspace (`keptAs`), never sent anywhere. The snippet itself is
 * also kept in localStorage, so a reload does not lose what the student typed.
 */
const memory = new Map<string, unknown>();

export function useToolMemory<T>(key: string, initial: () => T): [T, (next: T) => void] {
  const read = () => (memory.has(key) ? (memory.get(key) as T) : initial());
  const [held, setHeld] = useState<{ key: string; value: T }>(() => ({ key, value: read() }));
  const set = useCallback(
    (next: T) => {
      memory.set(key, next);
      setHeld({ key, value: next });
    },
    [key],
  );
  // A new key (another task's data unlocked) starts from what is kept under it.
  return [held.key === key ? held.value : read(), set];
}

export function loadText(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function saveText(key: string, text: string): void {
  try {
    localStorage.setItem(key, text);
  } catch {
    // A full or disabled storage only costs the copy kept for a reload.
  }
}

/** Ctrl+Enter (Cmd+Enter on a Mac) anywhere inside a tool panel runs it. */
export const isRunShortcut = (event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }) =>
  event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;

/** Said under a tool's box: how to run it from the keyboard. */
export const runShortcutHint = () => i18next.t('workspace:run.shortcut');
