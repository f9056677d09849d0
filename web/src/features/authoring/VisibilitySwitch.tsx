import { useTranslation } from 'react-i18next';
import type { AuthoredScenario } from '../../../../server/contract/authoring';
import { toProblem } from '../../app/problem';
import { useSetScenarioVisibilityMutation } from './authoringApi';
import './visibility.css';

/**
 * Who may assign a scenario: every school, or the enterprise's partner schools only. Authors
 * switch it; reviewers read it.
 */
export function VisibilitySwitch({ scenario, canEdit }: { scenario: AuthoredScenario; canEdit: boolean }) {
  const { t } = useTranslation('authoring');
  const [setVisibility, state] = useSetScenarioVisibilityMutation();
  const hintId = `visibility-hint-${scenario.id}`;
  const meaning = scenario.public ? t('visibility.open') : t('visibility.partners');
  if (!canEdit) {
    return (
      <p className="visibility visibility--read" data-public={scenario.public}>
        <strong>{scenario.public ? t('visibility.readOpen') : t('visibility.readPartners')}</strong> {meaning}
      </p>
    );
  }
  const problem = toProblem(state.error);
  return (
    <div className="visibility">
      <label className="switch">
        <input
          type="checkbox"
          role="switch"
          className="switch__input"
          checked={scenario.public}
          aria-describedby={hintId}
          aria-disabled={state.isLoading || undefined}
          onChange={(e) => !state.isLoading && void setVisibility({ scenarioId: scenario.id, public: e.target.checked })}
        />
        <span className="switch__track" aria-hidden="true" />
        <span>
          {t('visibility.switch')}
          <span className="visually-hidden">{t('visibility.switchOf', { title: scenario.title })}</span>
        </span>
      </label>
      <p id={hintId} className="visibility__hint">
        {scenario.public ? meaning : t('visibility.off')}
      </p>
      {problem ? (
        <p className="visibility__error" role="alert">
          {t('visibility.notChanged', { reason: problem.message })}
        </p>
      ) : null}
    </div>
  );
}
