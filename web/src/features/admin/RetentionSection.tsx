import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import { toProblem } from '../../app/problem';
import { OutcomeBanners } from '../../components/Banner';
import { Field } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { useSession } from '../auth/useSession';
import { useGetRetentionQuery, useSetRetentionMutation } from './adminApi';

/** The periods offered; the API takes any whole number of months from 1 to 240. */
const PERIODS = [6, 12, 24, 36, 60, 120];

/**
 * How long each school the admin runs keeps the work of finished courses' attempts. The server's
 * daily pass applies it; the numbers say what the setting concerns before it is saved.
 */
export function RetentionSection() {
  const { t } = useTranslation('admin');
  const session = useSession();
  const schools = session.user.memberships.filter((m) => m.role === 'admin' && m.orgKind === 'school');
  if (schools.length === 0) return null;
  return (
    <section className="section" aria-labelledby="retention-title">
      <h2 id="retention-title" className="section__title">
        {t('retention.title')}
      </h2>
      <p className="section__intro">{t('retention.intro')}</p>
      {schools.map((m) => (
        <RetentionForm key={m.orgId} orgId={m.orgId} orgName={m.orgName} named={schools.length > 1} />
      ))}
    </section>
  );
}

function RetentionForm({ orgId, orgName, named }: { orgId: string; orgName: string; named: boolean }) {
  const { t } = useTranslation('admin');
  const current = useGetRetentionQuery(orgId);
  const [save, saving] = useSetRetentionMutation();
  const [choice, setChoice] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const saved = current.data ? (current.data.months === null ? 'keep' : String(current.data.months)) : '';
  const value = choice ?? saved;
  const periods = current.data?.months && !PERIODS.includes(current.data.months) ? [...PERIODS, current.data.months].sort((a, b) => a - b) : PERIODS;
  const id = `retention-${orgId}`;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving.isLoading || !value) return;
    const months = value === 'keep' ? null : Number(value);
    const result = await save({ orgId, months });
    if ('data' in result && result.data) {
      setChoice(null);
      setNotice(months === null ? t('retention.savedKeep', { name: orgName }) : t('retention.saved', { name: orgName, months }));
    }
  };

  const data = current.data;
  return (
    <form className="form form--card" onSubmit={(e) => void onSubmit(e)} aria-label={named ? t('retention.formFor', { name: orgName }) : t('retention.title')} noValidate>
      {named ? <h3>{orgName}</h3> : null}
      <OutcomeBanners notice={notice} onDismiss={() => setNotice(null)} problem={toProblem(current.error) ?? toProblem(saving.error)} />
      <Field id={id} label={t('retention.label')} hint={t('retention.hint')}>
        {(control) => (
          <select {...control} className="input" value={value} onChange={(e) => setChoice(e.target.value)}>
            {!data ? <option value="">{t('retention.loading')}</option> : null}
            <option value="keep">{t('retention.keep')}</option>
            {periods.map((n) => (
              <option key={n} value={String(n)}>
                {t('retention.months', { months: n })}
              </option>
            ))}
          </select>
        )}
      </Field>
      {data ? (
        <p className="muted" aria-live="polite">
          {t('retention.status', { courses: data.finishedCourses, attempts: data.keptAttempts })}{' '}
          {data.months !== null ? t('retention.due', { count: data.dueAttempts }) : null}{' '}
          {data.appliedAt ? t('retention.applied', { date: formatDateTime(data.appliedAt) }) : null}
        </p>
      ) : null}
      <FormActions busy={saving.isLoading} label={t('retention.submit')} busyLabel={t('retention.submitting')} />
    </form>
  );
}
