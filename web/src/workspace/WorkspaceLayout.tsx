import { useSyncExternalStore, type ReactNode } from 'react';
import { PanelTabs, TabPanel } from './PanelTabs';
import './Workspace.css';

/**
 * One panel of the workspace. The layout decides where it goes: wide, the `main` panels (the
 * files, the editor) are columns and every other panel a tab of the side panel; narrow, every
 * panel is one tab of a single tab list, in list order, filling the screen.
 *
 * To add a panel (a Run console, a data explorer), add an entry to the list the page passes:
 * `{ id: 'run', label: 'Run', content: <RunPanel … /> }`. It becomes a side tab when wide and a
 * tab of its own when narrow; `id` must be unique (it names `tab-<id>` and `tabpanel-<id>`).
 */
export type WorkspacePanel = {
  id: string;
  label: string;
  /** The tab's name in the narrow layout, where that differs (the tasks are the "Brief" there). */
  narrowLabel?: string;
  badge?: ReactNode;
  /** Files and editor: always mounted (the editor keeps its models, undo and scroll), placed as columns when wide. */
  main?: boolean;
  /** A side panel's content is rendered only while it is the selected tab. */
  content: ReactNode;
};

/** Below this width the workspace is one tab list (the same breakpoint as the page styles). */
export const NARROW_QUERY = '(max-width: 56rem)';

/** Whether a media query matches now, following changes (a rotated phone, a resized window). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
  );
}

/** Which panel is on screen: the selected one if the layout has it, else the layout's first choice. */
export function shownPanel(panels: WorkspacePanel[], selected: string, narrow: boolean): { tab: string; side: WorkspacePanel | null } {
  const side = panels.filter((p) => !p.main);
  if (narrow) {
    const tab = panels.some((p) => p.id === selected) ? selected : (panels[0]?.id ?? selected);
    return { tab, side: side.find((p) => p.id === tab) ?? null };
  }
  const shown = side.find((p) => p.id === selected) ?? side[0] ?? null;
  return { tab: shown?.id ?? selected, side: shown };
}

type Props = {
  panels: WorkspacePanel[];
  selected: string;
  onSelect: (id: string) => void;
  narrow: boolean;
  /** Names the side panel (and, narrow, the one tab list). */
  label: string;
};

/**
 * The workspace body. The element tree is the same in both layouts, so switching between them
 * (turning a tablet) never remounts the editor.
 */
export function WorkspaceLayout({ panels, selected, onSelect, narrow, label }: Props) {
  const { tab, side } = shownPanel(panels, selected, narrow);
  const tabsOf = (list: WorkspacePanel[]) => list.map((p) => ({ id: p.id, label: narrow ? (p.narrowLabel ?? p.label) : p.label, badge: p.badge }));
  return (
    <div className={`ws-body${narrow ? ' ws-body--tabbed' : ''}`}>
      {narrow ? <PanelTabs label={label} tabs={tabsOf(panels)} selected={tab} onSelect={onSelect} /> : null}
      {panels
        .filter((p) => p.main)
        .map((p) => (
          <div
            key={p.id}
            className="ws-pane"
            {...(narrow ? { role: 'tabpanel', id: `tabpanel-${p.id}`, 'aria-labelledby': `tab-${p.id}`, hidden: tab !== p.id } : {})}
          >
            {p.content}
          </div>
        ))}
      <aside className="ws-side" aria-label={label} hidden={narrow && side === null}>
        {narrow ? null : <PanelTabs label={label} tabs={tabsOf(panels.filter((p) => !p.main))} selected={tab} onSelect={onSelect} />}
        {side ? <TabPanel id={side.id}>{side.content}</TabPanel> : null}
      </aside>
    </div>
  );
}
