import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { sortByName } from '../../app/names';
import type { CourseReport, PracticeNeed, PracticeReason, PracticeScenario } from '../../../../server/contract/competency';
import { toProblem } from '../../app/problem';
import { EmptyState } from '../../components/EmptyState';
import { useAssignPracticeMutation, useWithdrawPracticeMutation } from './competencyApi';
import { recordPath } from './Heatmap';
import { percent } from './levels';
import './practice.css';

type Props = { report: CourseReport };

/**
 * One click: the scenario becomes a practice assignment only this student sees. "Undo" withdraws
 * it again while the student has not started it; once they have, the server keeps it (their
 * work counts) and its message says so here.
 */
function AssignButton({
  courseId,
  need,
  scenario,
  assignedId,
  onChange,
}: {
  courseId: string;
  need: PracticeNeed;
  scenario: PracticeScenario;
  assignedId: string | null;
  onChange: (assignmentId: string | null, message: string) => void;
}) {
  const [assign, assigning] = useAssignPracticeMutation();
  const [withdraw, withdrawing] = useWithdrawPracticeMutation();
  const [lastAction, setLastAction] = useState<'assign' | 'withdraw'>('assign');
  const problem = toProblem(lastAction === 'assign' ? assigning.error : withdrawing.error);
  const { t } = useTranslation('competency');
  const busy = assigning.isLoading || withdrawing.isLoading;
  const what = { scenario: scenario.title, student: need.student.name };

  const onAssign = async () => {
    if (busy || assignedId) return;
    setLastAction('assign');
    const result = await assign({ courseId, scenarioVersionId: scenario.versionId, studentIds: [need.student.id] });
    if ('data' in result && result.data) onChange(result.data.id, t('practice.didAssign', what));
  };
  const onUndo = async () => {
    if (busy || !assignedId) return;
    setLastAction('withdraw');
    const result = await withdraw({ courseId, assignmentId: assignedId });
    if (!('error' in result)) onChange(null, t('practice.didWithdraw', what));
  };

  return (
    <div className="practice__assign">
      {assignedId ? (
        <span className="practice__assigned">
          <span className="btn btn--small btn--done" aria-hidden="true">
            {t('practice.assigned')}
          </span>
          <button type="button" className="btn btn--small btn--quiet" onClick={() => void onUndo()} aria-disabled={busy || undefined}>
            {withdrawing.isLoading ? t('practice.withdrawing') : t('practice.undo')}
            <span className="visually-hidden">{t('practice.undoWhat', what)}</span>
          </button>
        </span>
      ) : (
        <button type="button" className="btn btn--small" onClick={() => void onAssign()} aria-disabled={busy || undefined}>
          {assigning.isLoading ? t('practice.assigning') : t('practice.assign')}
          <span className="visually-hidden">{t('practice.assignWhat', what)}</span>
        </button>
      )}
      {problem ? (
        <span className="field__error" role="alert">
          {problem.message}
        </span>
      ) : null}
    </div>
  );
}

/** Students who need targeted practice, why, and the scenarios that train their weakest competencies. */
export function PracticeList({ report }: Props) {
  // Practice assigned from this page, by student and scenario: what "Undo" withdraws.
  const [assigned, setAssigned] = useState<Map<string, string>>(new Map());
  const [message, setMessage] = useState('');
  const { t } = useTranslation('competency');
  const titles = new Map(report.competencies.map((c) => [c.code, c.title]));
  const reasonText = (r: PracticeReason): string => {
    switch (r.kind) {
      case 'belowPassMark':
        return t('practice.reason.belowPassMark', { scenario: r.scenario, score: percent(r.score), passAt: percent(r.passAt) });
      case 'noResult':
        return t('practice.reason.noResult', { competency: r.competency, count: r.attempts });
      case 'belowThreshold':
        return t('practice.reason.belowThreshold', { competency: r.competency, value: percent(r.value), threshold: percent(r.threshold) });
    }
  };

  if (report.practice.length === 0) {
    return <EmptyState title={t('practice.emptyTitle')}>{t('practice.emptyBody')}</EmptyState>;
  }
  return (
    <>
      <p className="visually-hidden" role="status">
        {message}
      </p>
      <ul className="practice-list">
        {sortByName(report.practice, (need) => need.student.name).map((need) => (
          <li key={need.student.id} className="practice">
            <h3 className="practice__student">
              <Link to={recordPath(report.course.id, need.student.id)}>{need.student.name}</Link>
            </h3>
            <div className="practice__columns">
              <div>
                <p className="practice__label">{t('practice.why')}</p>
                <ul className="practice__reasons">
                  {need.why.map((r, i) => (
                    <li key={i}>{reasonText(r)}</li>
                  ))}
                </ul>
              </div>
              <div>
                <p className="practice__label">{t('practice.weakest')}</p>
                <ul className="practice__weakest">
                  {need.weakest.map((w) => (
                    <li key={w.code}>
                      {w.title} <span className="practice__value">{w.value === null ? t('practice.noResult') : percent(w.value)}</span>
                    </li>
                  ))}
                </ul>
              </div>
              <div>
                <p className="practice__label">{t('practice.suggested')}</p>
                {need.scenarios.length === 0 ? (
                  <p className="muted">{t('practice.noScenario')}</p>
                ) : (
                  <ul className="practice__scenarios">
                    {need.scenarios.map((s) => {
                      const key = `${need.student.id}|${s.versionId}`;
                      return (
                        <li key={s.versionId} className="practice__scenario">
                          <div>
                            <span className="practice__scenario-title">{s.title}</span> <span className="muted">{s.version}</span>
                            <span className="table__sub">{t('practice.trains', { competencies: s.covers.map((c) => titles.get(c) ?? c).join(t('practice.separator')) })}</span>
                          </div>
                          <AssignButton
                            courseId={report.course.id}
                            need={need}
                            scenario={s}
                            assignedId={assigned.get(key) ?? null}
                            onChange={(assignmentId, text) => {
                              setAssigned((prev) => {
                                const next = new Map(prev);
                                if (assignmentId) next.set(key, assignmentId);
                                else next.delete(key);
                                return next;
                              });
                              setMessage(text);
                            }}
                          />
                        </li>
                      );
                    })}
                  </ul>
                )}
              </div>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
