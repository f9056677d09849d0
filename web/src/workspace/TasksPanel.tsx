import { useTranslation } from 'react-i18next';
import type { AttemptView, CheckView } from '../../../server/contract/workspace';
import { Markdown } from './Markdown';
import { ScenarioLanguageNote } from './ScenarioLanguageNote';

/** Task files often open with their own title as a heading; the panel already shows it. */
function withoutTitle(markdown: string, title: string): string {
  const match = /^\s*#{1,3}\s+(.+?)\s*#*\s*(\n|$)/.exec(markdown);
  return match && match[1]!.trim().toLowerCase() === title.trim().toLowerCase() ? markdown.slice(match[0].length) : markdown;
}

/**
 * The brief, then each task: instructions, what is checked, what a reviewer looks at. A locked
 * task says which message opens it, and when, if the author announces it (`opensWith`).
 */
export function TasksPanel({ attempt, opensWith = {} }: { attempt: AttemptView; opensWith?: Record<string, string> }) {
  const { t } = useTranslation('workspace');
  return (
    <div className="tasks">
      <details className="brief" open>
        <summary className="brief__summary">{t('tasks.situation')}</summary>
        <ScenarioLanguageNote scenario={attempt.scenario} />
        <Markdown>{attempt.scenario.brief}</Markdown>
      </details>
      <ol className="task-list">
        {attempt.tasks.map((task, i) => (
          <li key={task.id} className={`task${task.locked ? ' task--locked' : ''}`}>
            <h3 className="task__title">
              <span className="task__number">{t('tasks.number', { n: i + 1 })}</span>
              {task.title}
            </h3>
            {task.locked ? (
              <p className="task__locked">
                <span className="lock" aria-hidden="true" />
                {opensWith[task.id] ? t('tasks.lockedWith', { what: opensWith[task.id] }) : t('tasks.locked')}
              </p>
            ) : (
              <>
                <Markdown>{withoutTitle(task.instructions, task.title)}</Markdown>
                {task.checks.length > 0 ? <CheckList checks={task.checks} /> : null}
                {task.rubric.length > 0 ? (
                  <div className="task__rubric">
                    <h4 className="task__subtitle">{t('tasks.reviewedByPerson')}</h4>
                    <ul>
                      {task.rubric.map((r) => (
                        <li key={r.id}>
                          {r.title} <span className="muted">{t('tasks.points', { count: r.points })}</span>
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null}
              </>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

function CheckList({ checks }: { checks: CheckView[] }) {
  const { t } = useTranslation('workspace');
  return (
    <div className="task__checks">
      <h4 className="task__subtitle">{t('tasks.checkedAutomatically')}</h4>
      <ul>
        {checks.map((c) => (
          <li key={c.id}>
            {c.title} <span className="muted">{t('tasks.points', { count: c.points })}</span>{' '}
            <span className={`tag ${c.visible ? 'tag--visible' : ''}`}>{c.visible ? t('tasks.canRun') : t('tasks.onSubmit')}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
