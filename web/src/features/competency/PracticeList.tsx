import { useState } from 'react';
import { Link } from 'react-router';
import type { CourseReport, PracticeNeed, PracticeScenario } from '../../../../server/contract/competency';
import { toProblem } from '../../app/problem';
import { EmptyState } from '../../components/EmptyState';
import { useAssignPracticeMutation } from './competencyApi';
import { recordPath } from './Heatmap';
import { percent } from './levels';

type Props = { report: CourseReport };

/** One click: the scenario becomes a practice assignment only this student sees. */
function AssignButton({ courseId, need, scenario, assigned, onAssigned }: { courseId: string; need: PracticeNeed; scenario: PracticeScenario; assigned: boolean; onAssigned: (message: string) => void }) {
  const [assign, { isLoading, error }] = useAssignPracticeMutation();
  const problem = toProblem(error);
  const onClick = async () => {
    if (isLoading || assigned) return;
    const result = await assign({ courseId, scenarioVersionId: scenario.versionId, studentIds: [need.student.id] });
    if (!('error' in result)) onAssigned(`Assigned ${scenario.title} to ${need.student.name} as practice.`);
  };
  return (
    <div className="practice__assign">
      <button
        type="button"
        className={`btn btn--small${assigned ? ' btn--done' : ''}`}
        onClick={() => void onClick()}
        aria-disabled={isLoading || assigned || undefined}
      >
        {assigned ? 'Assigned' : isLoading ? 'Assigning…' : 'Assign as practice'}
        <span className="visually-hidden">
          {' '}
          {scenario.title} to {need.student.name}
        </span>
      </button>
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
  const [assigned, setAssigned] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState('');
  const titles = new Map(report.competencies.map((c) => [c.code, c.title]));

  if (report.practice.length === 0) {
    return <EmptyState title="Nobody needs targeted practice now">Students show up here when their mastery falls below proficient or stalls.</EmptyState>;
  }
  return (
    <>
      <p className="visually-hidden" role="status">
        {message}
      </p>
      <ul className="practice-list">
        {report.practice.map((need) => (
          <li key={need.student.id} className="practice">
            <h3 className="practice__student">
              <Link to={recordPath(report.course.id, need.student.id)}>{need.student.name}</Link>
            </h3>
            <div className="practice__columns">
              <div>
                <p className="practice__label">Why</p>
                <ul className="practice__reasons">
                  {need.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              </div>
              <div>
                <p className="practice__label">Weakest competencies</p>
                <ul className="practice__weakest">
                  {need.weakest.map((w) => (
                    <li key={w.code}>
                      {w.title} <span className="practice__value">{w.value === null ? 'no result yet' : percent(w.value)}</span>
                    </li>
                  ))}
                </ul>
              </div>
              <div>
                <p className="practice__label">Suggested scenarios</p>
                {need.scenarios.length === 0 ? (
                  <p className="muted">No published scenario trains these competencies yet.</p>
                ) : (
                  <ul className="practice__scenarios">
                    {need.scenarios.map((s) => {
                      const key = `${need.student.id}|${s.versionId}`;
                      return (
                        <li key={s.versionId} className="practice__scenario">
                          <div>
                            <span className="practice__scenario-title">{s.title}</span> <span className="muted">{s.version}</span>
                            <span className="table__sub">Trains {s.covers.map((c) => titles.get(c) ?? c).join(', ')}</span>
                          </div>
                          <AssignButton
                            courseId={report.course.id}
                            need={need}
                            scenario={s}
                            assigned={assigned.has(key)}
                            onAssigned={(text) => {
                              setAssigned((prev) => new Set(prev).add(key));
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
