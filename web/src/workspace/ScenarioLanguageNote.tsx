import { useTranslation } from 'react-i18next';
import type { AttemptView } from '../../../server/contract/workspace';

/**
 * Says so when the scenario is shown in its own language because it is not written in the
 * reader's (server/scenarios/languages.ts): "这个实训项目只有英文版".
 */
export function ScenarioLanguageNote({ scenario }: { scenario: AttemptView['scenario'] }) {
  const { t } = useTranslation('workspace');
  if (!scenario.fallback) return null;
  const note = scenario.language === 'zh-CN' ? t('scenarioLanguage.onlyChinese') : t('scenarioLanguage.onlyEnglish');
  return (
    <p className="brief__language-note" role="note">
      {note}
    </p>
  );
}
