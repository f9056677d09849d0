import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { useSession } from '../auth/useSession';
import { CandidateCard } from './CandidateCard';
import { useSentTalentInvitationsQuery, useTalentBasesQuery, useTalentCandidatesQuery, useTalentShortlistQuery, type CandidatesArgs } from './talentApi';
import './talent.css';

/** The enterprise admin's candidates for a role (and base), its shortlist and the invitations it sent. */
export function CandidatesPage() {
  const { t } = useTranslation('talent');
  const session = useSession();
  const enterprises = session.user.memberships.filter((m) => m.role === 'admin' && m.orgKind === 'enterprise');
  const [enterpriseId, setEnterpriseId] = useState(enterprises[0]?.orgId ?? '');
  const bases = (useTalentBasesQuery().data ?? []).filter((b) => b.enterprise.id === enterpriseId);
  const roles = [...new Set(bases.flatMap((b) => b.roles))].sort();
  const [role, setRole] = useState('');
  const [baseId, setBaseId] = useState('');
  const [applied, setApplied] = useState<CandidatesArgs | null>(null);
  const several = enterprises.length > 1 ? enterpriseId : undefined;
  const result = useTalentCandidatesQuery(applied ?? { role: '' }, { skip: !applied });
  const problem = toProblem(result.error);

  if (enterprises.length === 0) {
    return (
      <Page title={t('candidates.title')}>
        <EmptyState title={t('candidates.noEnterpriseTitle')}>{t('candidates.noEnterprise')}</EmptyState>
      </Page>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (role.trim()) setApplied({ role: role.trim(), baseId: baseId || undefined, enterpriseId: several });
  };
  const view = result.currentData;

  return (
    <Page title={t('candidates.title')} intro={t('candidates.intro')}>
      <form className="filters talent-filters" aria-label={t('candidates.filters')} onSubmit={submit}>
        {enterprises.length > 1 ? (
          <Field id="talent-enterprise" label={t('candidates.enterprise')}>
            {(control) => (
              <select {...control} className="input" value={enterpriseId} onChange={(e) => setEnterpriseId(e.target.value)}>
                {enterprises.map((m) => (
                  <option key={m.orgId} value={m.orgId}>
                    {m.orgName}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <Field id="talent-role" label={t('candidates.role')} hint={t('candidates.roleHint')}>
          {(control) => (
            <>
              <input {...control} className="input" list="talent-roles" value={role} onChange={(e) => setRole(e.target.value)} required />
              <datalist id="talent-roles">
                {roles.map((r) => (
                  <option key={r} value={r} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field id="talent-base" label={t('candidates.base')}>
          {(control) => (
            <select {...control} className="input" value={baseId} onChange={(e) => setBaseId(e.target.value)}>
              <option value="">{t('candidates.allBases')}</option>
              {bases.map((b) => (
                <option key={b.id} value={b.id}>
                  {t('candidates.baseOption', { base: b.name, school: b.school.name })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="btn btn--primary talent-touch">
          {t('candidates.show')}
        </button>
      </form>
      <p className="muted">{t('candidates.fitRule')}</p>
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {!applied ? <p className="muted">{t('candidates.pick')}</p> : null}
      {result.isFetching && !view ? (
        <p className="muted" role="status">
          {t('loading')}
        </p>
      ) : null}
      {view ? (
        <section className="section" aria-labelledby="talent-results">
          <h2 className="section__title" id="talent-results">
            {t('candidates.results', { role: view.role, count: view.candidates.length })}
          </h2>
          {view.candidates.some((c) => c.fit === 'noProfile') ? <Banner tone="info">{t('candidates.noProfile')}</Banner> : null}
          {view.candidates.length === 0 ? <p className="muted">{t('candidates.none')}</p> : null}
          <ul className="talent-cards talent-cards--wide plain-list">
            {view.candidates.map((c) => (
              <li key={c.id}>
                <CandidateCard candidate={c} role={view.role} baseId={view.baseId} enterpriseId={several} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ShortlistSection enterpriseId={several} />
      <SentSection enterpriseId={several} />
    </Page>
  );
}

function ShortlistSection({ enterpriseId }: { enterpriseId: string | undefined }) {
  const { t } = useTranslation('talent');
  const { data } = useTalentShortlistQuery({ enterpriseId });
  return (
    <section className="section" aria-labelledby="talent-shortlist">
      <h2 className="section__title" id="talent-shortlist">
        {t('shortlist.title')}
      </h2>
      {data && data.length === 0 ? <p className="muted">{t('shortlist.none')}</p> : null}
      <ul className="plain-list talent-list">
        {(data ?? []).map((e) => (
          <li key={e.student.id}>
            <strong>{e.student.name ?? t('candidates.anonymous')}</strong>
            {e.student.school ? ` · ${e.student.school.name}` : ''} · {e.role}
            {e.note ? <span className="muted talent-list__note">{e.note}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function SentSection({ enterpriseId }: { enterpriseId: string | undefined }) {
  const { t } = useTranslation('talent');
  const { data } = useSentTalentInvitationsQuery({ enterpriseId });
  return (
    <section className="section" aria-labelledby="talent-sent">
      <h2 className="section__title" id="talent-sent">
        {t('sent.title')}
      </h2>
      {data && data.length === 0 ? <p className="muted">{t('sent.none')}</p> : null}
      <ul className="plain-list talent-list">
        {(data ?? []).map((i) => (
          <li key={i.id}>
            <strong>{i.status === 'withdrawn' ? t('sent.withdrawnStudent') : (i.student?.name ?? t('candidates.anonymous'))}</strong> · {i.role} ·{' '}
            <time dateTime={i.at}>{formatDateTime(i.at)}</time> <span className={`pill talent-status--${i.status}`}>{t('status', { status: i.status })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
