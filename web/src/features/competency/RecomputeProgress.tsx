import { useTranslation } from 'react-i18next';
import type { MasteryJobView } from '../../../../server/contract/competency';
import { Banner } from '../../components/Banner';
import { methodLabel } from './levels';

/**
 * A recompute under way (issue 18): which method it applies, how many students are done, and
 * that the values on the page are still the previous method's until it finishes; or that it
 * failed and they stay.
 */
export function RecomputeProgress({ job }: { job: MasteryJobView }) {
  const { t } = useTranslation('competency');
  const method = methodLabel(job.method.kind);
  if (job.status === 'failed') {
    return (
      <Banner tone="error">
        <p>{t('recompute.failed', { method })}</p>
      </Banner>
    );
  }
  return (
    <Banner tone="info">
      <p>{job.total > 0 ? t('recompute.progress', { method, done: job.done, total: job.total }) : t('recompute.queued', { method })}</p>
      {job.total > 0 ? (
        <progress className="recompute__bar" max={job.total} value={job.done} aria-label={t('recompute.barLabel')} />
      ) : (
        <progress className="recompute__bar" aria-label={t('recompute.barLabel')} />
      )}
      <p>{t('recompute.oldValues')}</p>
    </Banner>
  );
}
