import { useTranslation } from 'react-i18next';
import type { ReviewItemDetail } from '../../../../server/contract/review';
import { Markdown } from '../../workspace/Markdown';

/** Task files often open with their own title as a heading; the panel already shows it. */
function withoutTitle(markdown: string, title: string): string {
  const match = /^\s*#{1,3}\s+(.+?)\s*#*\s*(\n|$)/.exec(markdown);
  return match && match[1]!.trim().toLowerCase() === title.trim().toLowerCase() ? markdown.slice(match[0].length) : markdown;
}

/** The scenario's tasks as the student read them, in the review's side panel. */
export function ReviewTaskList({ tasks }: { tasks: ReviewItemDetail['tasks'] }) {
  const { t } = useTranslation('reviews');
  return (
    <ol className="task-list">
      {tasks.map((task, i) => (
        <li key={task.id} className="task">
          <h3 className="task__title">
            <span className="task__number">{t('taskN', { n: i + 1 })}</span>
            {task.title}
          </h3>
          <Markdown>{withoutTitle(task.instructions, task.title)}</Markdown>
        </li>
      ))}
    </ol>
  );
}
