import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftValidationProgress, DraftValidationView, EquivalentMutantView, MutantCountsView, MutantView } from '../../../../server/contract/authoring';
import { formatDateTime } from '../../app/format';
import { EquivalentMark, UnmarkButton, type MarkActions } from './EquivalentMark';
import { ProblemList } from './ProblemsPanel';
import { rich } from './richText';

/** The server refuses a check strength below this (server/scenarios/validate.ts MIN_CHECK_STRENGTH). */
export const MIN_STRENGTH = 0.8;

export type ValidationRun = {
  /** Ours, or another author's whose progress reaches this room. */
  running: boolean;
  progress: DraftValidationProgress | null;
  error: string | null;
};

export type ValidationState = 'none' | 'current' | 'stale';

type Props = {
  validation: DraftValidationView | null;
  state: ValidationState;
  run: ValidationRun;
  paths: Set<string>;
  onOpen: (path: string, line: number) => void;
  /** The marks mutants.yaml holds now (id → reason), saved or not. */
  marks: Map<string, string>;
  /** Absent for readers. */
  markActions?: MarkActions;
};

/**
 * What "Validate" found, as `scenarios check` says it: the solution scores 100 %, the starter
 * stays below the pass mark, and the checks catch planted mistakes. Progress streams while it
 * runs; every mistake the checks missed is shown as the line before and after.
 */
export function ValidationPanel({ validation, state, run, paths, onOpen, marks, markActions }: Props) {
  const { t } = useTranslation('authoring');
  return (
    <div className="validation">
      {run.running ? <Progress progress={run.progress} /> : null}
      {run.error ? (
        <p className="validation__error" role="alert">
          {run.error}
        </p>
      ) : null}
      {!validation ? (
        run.running ? null : (
          <p className="muted">
            {rich(t, 'validation.none', { validate: <strong>{t('header.validate')}</strong>, command: <code>scenarios check</code> })}
          </p>
        )
      ) : (
        <ValidationResult validation={validation} state={state} paths={paths} onOpen={onOpen} marks={marks} markActions={markActions} />
      )}
    </div>
  );
}

function Progress({ progress }: { progress: DraftValidationProgress | null }) {
  const { t } = useTranslation('authoring');
  const phaseLabel: Record<DraftValidationProgress['phase'], string> = {
    load: t('validation.phase.load'),
    solution: t('validation.phase.solution'),
    starter: t('validation.phase.starter'),
    mutants: t('validation.phase.mutants'),
    done: t('validation.phase.done'),
  };
  const phase = progress?.phase ?? 'load';
  const counted = phase === 'mutants' && progress && progress.total > 0;
  return (
    <div className="validation__progress" role="status" aria-live="polite">
      <p className="validation__phase">
        <span className="spinner" aria-hidden="true" />
        {counted ? t('validation.phaseCounted', { phase: phaseLabel[phase], done: progress.done, total: progress.total }) : t('validation.phaseRunning', { phase: phaseLabel[phase] })}
      </p>
      {counted ? (
        <progress className="validation__bar" max={progress.total} value={progress.done} aria-label={t('validation.triedLabel')}>
          {t('validation.doneOfTotal', { done: progress.done, total: progress.total })}
        </progress>
      ) : (
        <progress className="validation__bar" aria-label={t('validation.underWay')} />
      )}
    </div>
  );
}

type ResultProps = Pick<Props, 'state' | 'paths' | 'onOpen' | 'marks' | 'markActions'> & { validation: DraftValidationView };

function ValidationResult({ validation, state, paths, onOpen, marks, markActions }: ResultProps) {
  const { t } = useTranslation('authoring');
  const { passed, problems, lines, strength, survivors } = validation;
  const equivalent = validation.equivalent ?? [];
  return (
    <section className="validation__result" aria-labelledby="validation-verdict">
      <p id="validation-verdict" className={`validation__verdict validation__verdict--${passed ? 'passed' : 'failed'}`}>
        {passed ? t('validation.passed') : t('validation.failed', { count: problems.length })}
      </p>
      <p className="validation__when">
        {formatDateTime(validation.validatedAt)} ·{' '}
        {state === 'current' ? <span className="validation__fresh">{t('validation.fresh')}</span> : <span className="validation__stale">{t('validation.stale')}</span>}
      </p>
      {strength !== null ? <Strength strength={strength} /> : null}
      {validation.mutants ? <Tried counts={validation.mutants} /> : null}
      {lines.length > 0 ? (
        <ul className="validation__lines">
          {lines
            .filter((l) => !l.startsWith('survived:') && !l.startsWith('… and'))
            .map((line, i) => (
              <li key={i}>{line}</li>
            ))}
        </ul>
      ) : null}
      {problems.length > 0 ? (
        <>
          <h3 className="validation__subtitle">{t('editor.tabs.problems')}</h3>
          <ProblemList problems={problems} paths={paths} onOpen={onOpen} />
        </>
      ) : null}
      {survivors.length > 0 ? (
        <>
          <h3 className="validation__subtitle">
            {t('validation.missed')} <span className="problems__count">{survivors.length}</span>
          </h3>
          <p className="problems__hint">{t('validation.missedHint')}</p>
          <ul className="mutants">
            {survivors.map((m, i) => (
              <Mutant key={`${m.file}:${m.line}:${i}`} mutant={m} paths={paths} onOpen={onOpen}>
                <EquivalentMark mutant={m} reason={m.id ? marks.get(m.id) : undefined} actions={markActions} />
              </Mutant>
            ))}
          </ul>
        </>
      ) : null}
      {equivalent.length > 0 ? <Equivalents mutants={equivalent} paths={paths} onOpen={onOpen} marks={marks} markActions={markActions} /> : null}
    </section>
  );
}

function Strength({ strength }: { strength: number }) {
  const { t } = useTranslation('authoring');
  const percent = Math.round(strength * 100);
  const ok = strength >= MIN_STRENGTH;
  return (
    <div className={`strength strength--${ok ? 'ok' : 'weak'}`}>
      <p className="strength__label">
        {rich(t, 'validation.strength', { value: <strong>{t('validation.percent', { percent })}</strong>, needs: <span className="muted">{t('validation.strengthNeeds', { percent: MIN_STRENGTH * 100 })}</span> })}
      </p>
      <meter className="strength__meter" min={0} max={100} low={MIN_STRENGTH * 100} optimum={100} value={percent} aria-label={t('validation.strengthLabel')}>
        {t('validation.percent', { percent })}
      </meter>
    </div>
  );
}

/** How many planted mistakes ran, and why the others did not: skipped ones are counted as missed, never as caught. */
function Tried({ counts }: { counts: MutantCountsView }) {
  const { t } = useTranslation('authoring');
  return (
    <ul className="validation__lines">
      <li>{t('validation.tried.run', { run: counts.run, planned: counts.planned, killed: counts.killed })}</li>
      {counts.skipped > 0 ? <li>{t('validation.tried.skipped', { count: counts.skipped })}</li> : null}
      {counts.unrun > 0 ? <li>{t('validation.tried.unrun', { count: counts.unrun })}</li> : null}
    </ul>
  );
}

/** Mutants this validation left out of the strength, as mutants.yaml marked them then. */
function Equivalents({ mutants, paths, onOpen, marks, markActions }: Pick<Props, 'paths' | 'onOpen' | 'marks' | 'markActions'> & { mutants: EquivalentMutantView[] }) {
  const { t } = useTranslation('authoring');
  return (
    <>
      <h3 className="validation__subtitle">
        {t('validation.marked')} <span className="problems__count">{mutants.length}</span>
      </h3>
      <p className="problems__hint">{t('validation.markedHint')}</p>
      <ul className="mutants">
        {mutants.map((m) => (
          <Mutant key={m.id} mutant={m} paths={paths} onOpen={onOpen} className="mutant--equivalent">
            <div className="mutant__mark mutant__mark--done">
              <p>
                {marks.has(m.id) ? <strong>{t('validation.why')}</strong> : <strong>{t('validation.unmarkedSince')}</strong>}
                {marks.get(m.id) ?? m.reason}
              </p>
              {markActions && marks.has(m.id) ? <UnmarkButton id={m.id} unmark={markActions.unmark} /> : null}
            </div>
          </Mutant>
        ))}
      </ul>
    </>
  );
}

function Mutant({ mutant, paths, onOpen, className, children }: { mutant: MutantView; paths: Set<string>; onOpen: Props['onOpen']; className?: string; children?: ReactNode }) {
  // Mutants are planted in the solution and named inside it (src/quote.js): shown as the package holds them.
  const path = paths.has(`solution/${mutant.file}`) ? `solution/${mutant.file}` : paths.has(mutant.file) ? mutant.file : null;
  const where = `${path ?? mutant.file}:${mutant.line}`;
  const { t } = useTranslation('authoring');
  return (
    <li className={className ? `mutant ${className}` : 'mutant'}>
      <p className="mutant__head">
        {path ? (
          <button type="button" className="link-button mutant__where" onClick={() => onOpen(path, mutant.line)}>
            {where}
          </button>
        ) : (
          <span className="mutant__where">{where}</span>
        )}
        <span className="mutant__what">{mutant.description}</span>
      </p>
      {/* Focusable: a long line scrolls sideways, and the keyboard must reach it too. */}
      <pre className="mutant__diff" tabIndex={0} role="group" aria-label={t('validation.mistakeAt', { where })}>
        <span className="mutant__line mutant__line--before">
          <span aria-hidden="true">- </span>
          <span className="visually-hidden">{t('validation.before')}</span>
          {mutant.before.trim()}
        </span>
        <span className="mutant__line mutant__line--after">
          <span aria-hidden="true">+ </span>
          <span className="visually-hidden">{t('validation.after')}</span>
          {mutant.after.trim()}
        </span>
      </pre>
      {mutant.notRun ? <p className="mutant__not-run muted">{t(`validation.notRun.${mutant.notRun}`)}</p> : null}
      {children}
    </li>
  );
}
