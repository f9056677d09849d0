import { useTranslation } from 'react-i18next';
import { STATUS_TRANSITIONS } from '../../../../server/contract/mentors';
import type { PlacementStatus, PlacementView } from '../../../../server/contract/placements';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { useUpdatePlacementMutation } from './placementActionsApi';

/** The status moves a placement may make from where it is (none out of completed or cancelled). */
export function StatusActions({ placement }: { placement: PlacementView }) {
  const { t } = useTranslation('placements');
  const [update, state] = useUpdatePlacementMutation();
  const problem = toProblem(state.error);
  const next = STATUS_TRANSITIONS[placement.status];
  if (next.length === 0) return null;
  const move = (status: PlacementStatus) => {
    if (state.isLoading) return;
    void update({ id: placement.id, status });
  };
  return (
    <div className="status-actions">
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {next.map((status) => (
        <button key={status} type="button" className={`btn${status === 'cancelled' ? ' btn--quiet' : ''}`} aria-disabled={state.isLoading || undefined} onClick={() => move(status)}>
          {t('status.moveTo', { status })}
        </button>
      ))}
    </div>
  );
}

/** A placement's status in words. */
export function StatusBadge({ status }: { status: PlacementStatus }) {
  const { t } = useTranslation('placements');
  return <span className={`placement-status placement-status--${status}`}>{t('status.label', { status })}</span>;
}
