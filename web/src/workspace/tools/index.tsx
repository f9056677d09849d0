import type { TFunction } from 'i18next';
import type { AttemptView } from '../../../../server/contract/workspace';
import { useAppSelector } from '../../app/hooks';
import type { PanelTab } from '../PanelTabs';
import type { WorkspaceSource } from '../source';
import { selectFiles } from '../workspaceSlice';
import { DataPanel } from './DataPanel';
import { RunPanel } from './RunPanel';

/**
 * "Try it" for any workspace layout: the tabs to offer (Run for JS/TS scenarios, Data when an
 * unlocked task has data) and the panel for one of them. Only the student working on an open
 * attempt (or the author in their preview) gets them: a watching teacher does not.
 */
export type ToolTab = 'run' | 'data';

export function toolTabs(attempt: AttemptView, editable: boolean, t: TFunction<'workspace'>): (PanelTab & { id: ToolTab })[] {
  if (!editable || !attempt.tools) return [];
  return [
    ...(attempt.tools.run ? [{ id: 'run' as const, label: t('tabs.run') }] : []),
    ...(attempt.tools.data.length > 0 ? [{ id: 'data' as const, label: t('tabs.data') }] : []),
  ];
}

const CODE_FILE = /\.(js|ts|mjs|cjs|tsx|jsx)$/;

export function ToolPanel({ tab, attempt, source, flush }: { tab: ToolTab; attempt: AttemptView; source: WorkspaceSource; flush: () => Promise<void> }) {
  const files = useAppSelector(selectFiles);
  if (tab === 'run') {
    const codeFiles = Object.keys(files)
      .filter((p) => CODE_FILE.test(p))
      .sort();
    return <RunPanel source={source} language={attempt.tools?.run?.language ?? 'js'} codeFiles={codeFiles} flush={flush} />;
  }
  return <DataPanel source={source} datasets={attempt.tools?.data ?? []} />;
}
