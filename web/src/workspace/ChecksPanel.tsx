import { useTranslation } from 'react-i18next';
import type { CheckResultView, CheckView } from '../../../server/contract/workspace';
import { formatList } from '../app/format';
import { checkMessages } from '../app/serverText';
import type { ChecksState } from './workspaceSlice';

type Props = { checks: CheckView[]; state: ChecksState; unsaved: string[] };

/** The visible checks and their latest results, streaming in one by one during a run. */
export function ChecksPanel({ checks, state, unsaved }: Props) {
  const { t } = useTranslation('workspace');
  if (checks.length === 0) return <p className="muted">{t('checks.none')}</p>;
  const passing = checks.filter((c) => state.results[c.id]?.passed).length;
  const hasResults = checks.some((c) => state.results[c.id]);
  return (
    <div className="checks">
      <p className="checks__summary">
        {state.running ? t('checks.runningSummary') : hasResults ? t('checks.passing', { passing, total: checks.length }) : t('checks.notRun')}
      </p>
      {state.error ? (
        <div className="banner banner--error" role="alert">
          <div className="banner__body">{state.error}</div>
        </div>
      ) : null}
      {unsaved.length > 0 && !state.running ? (
        <p className="field__hint">
          {t('checks.unsaved', { files: formatList(unsaved), count: unsaved.length })}
        </p>
      ) : null}
      <ul className="check-results">
        {checks.map((c) => (
          <CheckRow key={c.id} check={c} result={state.results[c.id]} waiting={state.waiting.includes(c.id)} />
        ))}
      </ul>
    </div>
  );
}

function CheckRow({ check, result, waiting }: { check: CheckView; result: CheckResultView | undefined; waiting: boolean }) {
  const { t } = useTranslation('workspace');
  const state = waiting ? 'running' : !result ? 'idle' : result.passed ? 'passed' : 'failed';
  const label = { running: t('checks.state.running'), idle: t('checks.state.idle'), passed: t('checks.state.passed'), failed: t('checks.state.failed') }[state];
  return (
    <li className={`check-result check-result--${state}`} data-check={check.id} data-state={state}>
      <div className="check-result__head">
        <span className="check-result__icon" aria-hidden="true" />
        <span className="check-result__title">{check.title}</span>
        <span className="check-result__state">{label}</span>
      </div>
      {!waiting && result && result.messages.length > 0 ? (
        <ul className="check-result__messages">
          {checkMessages(result).map((m, i) => (
            <li key={i}>
              <pre>{m}</pre>
            </li>
          ))}
        </ul>
      ) : null}
      {!waiting && result?.output ? (
        <details className="check-result__output">
          <summary>{t('checks.output')}</summary>
          <pre>{result.output}</pre>
        </details>
      ) : null}
    </li>
  );
}
