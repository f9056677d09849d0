import { useAppSelector } from '../app/hooks';
import type { FileSetBinding } from './fileSet';
import { overallStatus, SAVE_LABEL } from './saveStatus';

/** The header's save state for a whole file set (an attempt's workspace, a draft): the worst file wins. */
export function SaveSummary({ selectFiles }: { selectFiles: FileSetBinding['selectFiles'] }) {
  const files = Object.values(useAppSelector(selectFiles));
  const { status, count } = overallStatus(files);
  const text =
    status === 'saved'
      ? 'All changes saved'
      : status === 'saving' || status === 'pending'
        ? 'Saving…'
        : count > 1
          ? `${count} files: ${SAVE_LABEL[status].toLowerCase()}`
          : SAVE_LABEL[status];
  return (
    <span className={`save-summary save-summary--${status}`} data-save-state={status}>
      {text}
    </span>
  );
}
