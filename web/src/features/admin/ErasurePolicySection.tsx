import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toProblem } from '../../app/problem';
import { OutcomeBanners } from '../../components/Banner';
import { FormActions } from '../../components/FormActions';
import { useSession } from '../auth/useSession';
import { useGetErasurePolicyQuery, useSetErasurePolicyMutation } from './adminApi';

type Choice = 'keep' | 'delete';

/**
 * What erasing one of the school's students does to their assessment records: kept under a
 * pseudonym (the default: course reports and enterprises' insights stay as they were) or deleted
 * with the rest. The erasure itself is on the student's page; this is the school's rule for it.
 */
export function ErasurePolicySection() {
  const { t } = useTranslation('admin');
  const session = useSession();
  const schools = session.user.memberships.filter((m) => m.role === 'admin' && m.orgKind === 'school');
  if (schools.length === 0) return null;
  return (
    <section className="section" aria-labelledby="erasure-policy-title">
      <h2 id="erasure-policy-title" className="section__title">
        {t('erasurePolicy.title')}
      </h2>
      <p className="section__intro">{t('erasurePolicy.intro')}</p>
      {schools.map((m) => (
        <ErasurePolicyForm key={m.orgId} orgId={m.orgId} orgName={m.orgName} named={schools.length > 1} />
      ))}
    </section>
  );
}

function ErasurePolicyForm({ orgId, orgName, named }: { orgId: string; orgName: string; named: boolean }) {
  const { t } = useTranslation('admin');
  const current = useGetErasurePolicyQuery(orgId);
  const [save, saving] = useSetErasurePolicyMutation();
  const [choice, setChoice] = useState<Choice | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const saved: Choice | null = current.data ? (current.data.keepsScores ? 'keep' : 'delete') : null;
  const value = choice ?? saved;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving.isLoading || !value) return;
    const result = await save({ orgId, keepsScores: value === 'keep' });
    if ('data' in result && result.data) {
      setChoice(null);
      setNotice(t(result.data.keepsScores ? 'erasurePolicy.savedKeep' : 'erasurePolicy.savedDelete', { name: orgName }));
    }
  };

  return (
    <form className="form form--card" onSubmit={(e) => void onSubmit(e)} aria-label={named ? t('erasurePolicy.formFor', { name: orgName }) : t('erasurePolicy.title')} noValidate>
      {named ? <h3>{orgName}</h3> : null}
      <OutcomeBanners notice={notice} onDismiss={() => setNotice(null)} problem={toProblem(current.error) ?? toProblem(saving.error)} />
      {/* No radios until the saved rule is known: a form showing neither choice checked would say nothing true. */}
      {value ? (
        <fieldset className="fieldset">
          <legend className="fieldset__legend">{t('erasurePolicy.legend')}</legend>
          <div className="choices">
            {(['keep', 'delete'] as const).map((c) => (
              <label key={c} className="choice">
                <input type="radio" name={`erasure-policy-${orgId}`} value={c} checked={value === c} onChange={() => setChoice(c)} />
                <span className="choice__label">{t(`erasurePolicy.${c}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : (
        <p className="muted">{t('erasurePolicy.loading')}</p>
      )}
      <FormActions busy={saving.isLoading} label={t('erasurePolicy.submit')} busyLabel={t('erasurePolicy.submitting')} />
    </form>
  );
}
