import type { AuthoredScenario } from '../../../../server/contract/authoring';
import { toProblem } from '../../app/problem';
import { useSetScenarioVisibilityMutation } from './authoringApi';
import './visibility.css';

const MEANING = {
  open: 'Teachers of every school can assign it; solutions and hidden checks stay with the partners you share them with.',
  partners: 'Only teachers of your partner schools can assign it.',
};

/**
 * Who may assign a scenario: every school, or the enterprise's partner schools only. Authors
 * switch it; reviewers read it.
 */
export function VisibilitySwitch({ scenario, canEdit }: { scenario: AuthoredScenario; canEdit: boolean }) {
  const [setVisibility, state] = useSetScenarioVisibilityMutation();
  const hintId = `visibility-hint-${scenario.id}`;
  const meaning = scenario.public ? MEANING.open : MEANING.partners;
  if (!canEdit) {
    return (
      <p className="visibility visibility--read" data-public={scenario.public}>
        <strong>{scenario.public ? 'Open to every school.' : 'Partner schools only.'}</strong> {meaning}
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
          Open to every school<span className="visually-hidden">: {scenario.title}</span>
        </span>
      </label>
      <p id={hintId} className="visibility__hint">
        {scenario.public ? meaning : `Off: ${meaning.charAt(0).toLowerCase()}${meaning.slice(1)}`}
      </p>
      {problem ? (
        <p className="visibility__error" role="alert">
          Not changed: {problem.message}
        </p>
      ) : null}
    </div>
  );
}
