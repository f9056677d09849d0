import { useEffect, useRef, type RefObject } from 'react';
import type { ReviewFile, RubricCriterionView } from '../../../../server/contract/review';
import type { DiffViewHandle } from './DiffView';
import type { ReviewTab } from './reviewMode';
import { focusCriterion, focusLevel } from './RubricPanel';

/** Keys typed into a form field are text, not shortcuts. Monaco's own input area is not a form field (it is read-only here). */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  if (el.isContentEditable) return true;
  if (el instanceof HTMLTextAreaElement) return !(el.classList.contains('inputarea') && el.closest('.diff-view'));
  if (el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !['radio', 'checkbox', 'button', 'submit', 'reset'].includes(el.type);
  return false;
}

/** What the shortcuts read: the page's state at the moment of the key press. */
type ShortcutState = {
  focused: string | null;
  editing: boolean;
  editable: ReadonlySet<string>;
  rubric: RubricCriterionView[];
  files: ReviewFile[];
  activePath: string | null;
  tab: ReviewTab;
  openComposer: (line: number) => void;
};

type ShortcutActions = {
  setTab: (tab: ReviewTab) => void;
  setFocused: (criterionId: string) => void;
  setLevel: (criterionId: string, level: number) => void;
  setActivePath: (path: string) => void;
  diffRef: RefObject<DiffViewHandle | null>;
};

/**
 * The review page's keyboard: j/k criteria, 1–9 levels, f files, c comment. One listener on the
 * document for the page's life, reading the latest state from a ref.
 */
export function useReviewShortcuts(state: ShortcutState, { setTab, setFocused, setLevel, setActivePath, diffRef }: ShortcutActions): void {
  const keyState = useRef(state);
  keyState.current = state;
  useEffect(() => {
    const showRubric = (then: () => void) => {
      if (keyState.current.tab === 'rubric') then();
      else {
        setTab('rubric');
        requestAnimationFrame(then);
      }
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (isTyping(event.target) || document.querySelector('dialog[open]')) return;
      const s = keyState.current;
      const order = (s.editing ? s.rubric.filter((c) => s.editable.has(c.id)) : s.rubric).map((c) => c.id);
      const key = event.key;
      if ((key === 'j' || key === 'k') && order.length > 0) {
        event.preventDefault();
        const i = s.focused ? order.indexOf(s.focused) : -1;
        const next = key === 'j' ? (i < 0 ? 0 : Math.min(order.length - 1, i + 1)) : i < 0 ? order.length - 1 : Math.max(0, i - 1);
        const id = order[next]!;
        setFocused(id);
        showRubric(() => focusCriterion(id));
      } else if (/^[1-9]$/.test(key) && s.focused && s.editable.has(s.focused)) {
        const criterion = s.rubric.find((c) => c.id === s.focused);
        const level = Number(key) - 1;
        if (!criterion?.levels[level]) return;
        event.preventDefault();
        setLevel(criterion.id, level);
        // Focus follows the choice only when it is already in the rubric, never out of the code.
        // …and only if it is still on this criterion when the frame comes: a quick "3 j" must not
        // pull focus back from the next criterion.
        const inCriterion = () => document.activeElement?.closest('[data-criterion]')?.getAttribute('data-criterion') === criterion.id;
        if (document.activeElement?.closest('.rubric')) requestAnimationFrame(() => inCriterion() && focusLevel(criterion.id, level));
      } else if ((key === 'f' || key === 'F') && s.files.length > 0) {
        event.preventDefault();
        const i = s.files.findIndex((f) => f.path === s.activePath);
        const step = key === 'f' ? 1 : -1;
        setActivePath(s.files[(i + step + s.files.length) % s.files.length]!.path);
      } else if (key === 'c') {
        event.preventDefault();
        s.openComposer(diffRef.current?.cursorLine() ?? 1);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [setTab, setFocused, setLevel, setActivePath, diffRef]);
}
