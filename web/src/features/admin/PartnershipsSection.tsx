import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { PartnershipView } from '../../../../server/contract/partnerships';
import { formatDate, formatList, inSentence, orgKindLabel } from '../../app/format';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner, OutcomeBanners } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { useSession } from '../auth/useSession';
import { useListOrgsQuery, useListPartnershipsQuery, useOrgDirectoryQuery, useProposePartnershipMutation, useSetSolutionSharingMutation, useUpdatePartnershipMutation } from './adminApi';

/**
 * The partnerships of the organisations the admin runs: accept what the other side proposed,
 * end what is running, propose a new one to an organisation of the other kind.
 */
export function PartnershipsSection() {
  const { t } = useTranslation('admin');
  const session = useSession();
  const own = session.user.memberships.filter((m) => m.role === 'admin');
  const list = useListPartnershipsQuery();
  const [update, updating] = useUpdatePartnershipMutation();
  const [share, sharing] = useSetSolutionSharingMutation();
  const [notice, setNotice] = useState<string | null>(null);
  const problem = toProblem(list.error) ?? toProblem(updating.error) ?? toProblem(sharing.error);

  const act = async (p: PartnershipView, status: 'active' | 'ended') => {
    if (updating.isLoading) return;
    const result = await update({ id: p.id, status });
    if ('data' in result && result.data) {
      const names = { school: p.school.name, enterprise: p.enterprise.name };
      setNotice(status === 'active' ? t('partnerships.accepted', names) : t('partnerships.ended', names));
    }
  };

  const toggleSharing = async (p: PartnershipView, sharesSolutions: boolean) => {
    if (sharing.isLoading) return;
    const result = await share({ id: p.id, sharesSolutions });
    if ('data' in result && result.data) {
      setNotice(sharesSolutions ? t('partnerships.shared', { school: p.school.name, enterprise: p.enterprise.name }) : t('partnerships.unshared', { school: p.school.name }));
    }
  };

  return (
    <section className="section" aria-labelledby="partnerships-title">
      <h2 id="partnerships-title" className="section__title">
        {t('partnerships.title')}
      </h2>
      <p className="section__intro">{t('partnerships.intro')}</p>
      <OutcomeBanners notice={notice} onDismiss={() => setNotice(null)} problem={problem} />
      {list.isLoading ? <p className="muted">{t('partnerships.loading')}</p> : null}
      {list.data && list.data.length === 0 ? (
        <EmptyState title={t('partnerships.noneYet')}>{own.length ? t('partnerships.proposeBelow') : t('partnerships.noOrg')}</EmptyState>
      ) : null}
      {list.data && list.data.length > 0 ? (
        // A list, not a table: the organisations table stays the page's one table.
        <ul className="plain-list partnership-list" aria-label={t('partnerships.list')} aria-busy={list.isFetching || undefined}>
          {list.data.map((p) => (
            <li key={p.id} className="partnership-list__item">
              <Trans
                t={t}
                i18nKey="partnerships.item"
                values={{
                  school: p.school.name,
                  enterprise: p.enterprise.name,
                  status: p.status,
                  proposer: p.status === 'proposed' && p.proposedBy ? 'yes' : 'no',
                  by: p.proposedBy?.name ?? '',
                  date: formatDate(p.endedAt ?? p.acceptedAt ?? p.createdAt),
                }}
                components={{ strong: <strong /> }}
              />{' '}
              {p.canAccept ? (
                <button type="button" className="btn btn--small btn--primary" aria-disabled={updating.isLoading || undefined} onClick={() => void act(p, 'active')}>
                  {t('partnerships.accept')}
                  <span className="visually-hidden">{t('partnerships.ofSr', { school: p.school.name, enterprise: p.enterprise.name })}</span>
                </button>
              ) : null}{' '}
              {p.canEnd ? (
                <button type="button" className="btn btn--small btn--quiet" aria-disabled={updating.isLoading || undefined} onClick={() => void act(p, 'ended')}>
                  {p.status === 'proposed' ? t('partnerships.withdraw') : t('partnerships.end')}
                  <span className="visually-hidden">{t('partnerships.ofSr', { school: p.school.name, enterprise: p.enterprise.name })}</span>
                </button>
              ) : null}
              {p.status === 'active' && p.canShare ? (
                <label className="partnership-list__share">
                  <input type="checkbox" checked={p.sharesSolutions} disabled={sharing.isLoading} onChange={(e) => void toggleSharing(p, e.target.checked)} />{' '}
                  {t('partnerships.share', { school: p.school.name })}
                </label>
              ) : p.status === 'active' && p.sharesSolutions ? (
                <span className="muted">{t('partnerships.sharedNote')}</span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {own.length > 0 ? <ProposeForm ownOrgIds={own.map((m) => m.orgId)} partnerships={list.data ?? []} /> : null}
    </section>
  );
}

function ProposeForm({ ownOrgIds, partnerships }: { ownOrgIds: string[]; partnerships: PartnershipView[] }) {
  const { t } = useTranslation('admin');
  const orgs = useListOrgsQuery();
  // Other organisations are known only by name and kind: their members are their own business.
  const directory = useOrgDirectoryQuery();
  const [propose, { isLoading, error }] = useProposePartnershipMutation();
  const [partnerId, setPartnerId] = useState('');
  const [orgId, setOrgId] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const problem = toProblem(error);
  const mine = orgs.data?.orgs.filter((o) => ownOrgIds.includes(o.id)) ?? [];
  const kinds = new Set(mine.map((o) => o.kind));
  // Partners are of the other kind than an organisation the admin runs.
  const others = directory.data?.filter((o) => !ownOrgIds.includes(o.id) && kinds.has(o.kind === 'school' ? 'enterprise' : 'school')) ?? [];
  // A pair that is active or proposed cannot be proposed again (the server answers 409): such an
  // organisation is offered only for another of the admin's organisations still free to partner it.
  const open = partnerships.filter((p) => p.status !== 'ended');
  const pairOf = (a: { id: string; kind: string }, b: { id: string }) => (a.kind === 'school' ? `${a.id}|${b.id}` : `${b.id}|${a.id}`);
  const busy = new Map(open.map((p) => [`${p.school.id}|${p.enterprise.id}`, p.status]));
  const freeSides = (o: { id: string; kind: string }) => mine.filter((m) => m.kind !== o.kind && !busy.has(pairOf(m, o)));
  const candidates = others.filter((o) => freeSides(o).length > 0);
  const taken = others
    .filter((o) => freeSides(o).length === 0)
    .map((o) => {
      const status = mine.map((m) => busy.get(pairOf(m, o))).find(Boolean);
      return t('partnerships.takenItem', { name: o.name, status: status === 'active' ? 'active' : 'proposed' });
    });
  const partner = candidates.find((o) => o.id === partnerId);
  const from = partner ? freeSides(partner) : [];

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (isLoading) return;
    setMissing(!partner);
    if (!partner) return;
    const result = await propose({ partnerId, ...(orgId && from.some((o) => o.id === orgId) ? { orgId } : from.length === 1 ? { orgId: from[0]!.id } : {}) });
    if ('data' in result && result.data) {
      setDone(t('partnerships.proposed', { name: partner.name }));
      setPartnerId('');
    }
  };

  return (
    <form className="form form--card" onSubmit={(e) => void onSubmit(e)} aria-label={t('partnerships.proposeTitle')} noValidate>
      <h3>{t('partnerships.proposeTitle')}</h3>
      {done ? (
        <Banner tone="success" onDismiss={() => setDone(null)}>
          {done}
        </Banner>
      ) : null}
      {problem && Object.keys(problem.fields).length === 0 ? <Banner tone="error">{problem.message}</Banner> : null}
      <Field
        id="partner-org"
        label={t('partnerships.partner')}
        hint={taken.length ? t('partnerships.taken', { names: formatList(taken) }) : undefined}
        error={missing ? t('partnerships.chooseTarget') : problem?.fields.partnerId ? fieldMessage(t('partnerships.partner'), problem.fields.partnerId) : undefined}
      >
        {(control) => (
          <select {...control} className="input" value={partnerId} onChange={(e) => setPartnerId(e.target.value)}>
            <option value="">
              {directory.isLoading || orgs.isLoading ? t('loadingOrgs') : candidates.length === 0 ? t('partnerships.noneLeft') : t('chooseOrg')}
            </option>
            {candidates.map((o) => (
              <option key={o.id} value={o.id}>
                {t('partnerships.candidate', { name: o.name, kind: inSentence(orgKindLabel(o.kind)) })}
              </option>
            ))}
          </select>
        )}
      </Field>
      {from.length > 1 ? (
        <Field id="partner-from" label={t('partnerships.onBehalf')} error={problem?.fields.orgId ? fieldMessage(t('partnerships.onBehalf'), problem.fields.orgId) : undefined}>
          {(control) => (
            <select {...control} className="input" value={orgId} onChange={(e) => setOrgId(e.target.value)}>
              <option value="">{t('partnerships.chooseOwn')}</option>
              {from.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <FormActions busy={isLoading} label={t('partnerships.submit')} busyLabel={t('partnerships.submitting')} />
    </form>
  );
}
