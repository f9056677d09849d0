import { useState, type FormEvent } from 'react';
import type { PartnershipView } from '../../../../server/contract/partnerships';
import { formatDate } from '../../app/format';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner, OutcomeBanners } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { useSession } from '../auth/useSession';
import { useListOrgsQuery, useListPartnershipsQuery, useOrgDirectoryQuery, useProposePartnershipMutation, useSetSolutionSharingMutation, useUpdatePartnershipMutation } from './adminApi';

const STATUS_LABEL: Record<PartnershipView['status'], string> = { proposed: 'Proposed', active: 'Active', ended: 'Ended' };

/**
 * The partnerships of the organisations the admin runs: accept what the other side proposed,
 * end what is running, propose a new one to an organisation of the other kind.
 */
export function PartnershipsSection() {
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
      setNotice(`${status === 'active' ? 'Accepted' : 'Ended'} the partnership of ${p.school.name} and ${p.enterprise.name}.`);
    }
  };

  const toggleSharing = async (p: PartnershipView, sharesSolutions: boolean) => {
    if (sharing.isLoading) return;
    const result = await share({ id: p.id, sharesSolutions });
    if ('data' in result && result.data) {
      setNotice(sharesSolutions ? `Teachers of ${p.school.name} now read solutions and hidden checks of ${p.enterprise.name}’s scenarios.` : `Solutions and hidden checks are no longer shared with ${p.school.name}.`);
    }
  };

  return (
    <section className="section" aria-labelledby="partnerships-title">
      <h2 id="partnerships-title" className="section__title">
        Partnerships
      </h2>
      <p className="section__intro">Teachers of a school can assign the scenarios of its partner enterprises. One side proposes, the other accepts; either side can end it.</p>
      <OutcomeBanners notice={notice} onDismiss={() => setNotice(null)} problem={problem} />
      {list.isLoading ? <p className="muted">Loading partnerships…</p> : null}
      {list.data && list.data.length === 0 ? (
        <EmptyState title="No partnerships yet">{own.length ? 'Propose one with the form below.' : 'You administer no school or enterprise.'}</EmptyState>
      ) : null}
      {list.data && list.data.length > 0 ? (
        // A list, not a table: the organisations table stays the page's one table.
        <ul className="plain-list partnership-list" aria-label="Partnerships" aria-busy={list.isFetching || undefined}>
          {list.data.map((p) => (
            <li key={p.id} className="partnership-list__item">
              <strong>{p.school.name}</strong> and <strong>{p.enterprise.name}</strong>: {STATUS_LABEL[p.status].toLowerCase()}
              {p.status === 'proposed' && p.proposedBy ? ` by ${p.proposedBy.name}` : ''}, since {formatDate(p.endedAt ?? p.acceptedAt ?? p.createdAt)}{' '}
              {p.canAccept ? (
                <button type="button" className="btn btn--small btn--primary" aria-disabled={updating.isLoading || undefined} onClick={() => void act(p, 'active')}>
                  Accept<span className="visually-hidden"> the partnership of {p.school.name} and {p.enterprise.name}</span>
                </button>
              ) : null}{' '}
              {p.canEnd ? (
                <button type="button" className="btn btn--small btn--quiet" aria-disabled={updating.isLoading || undefined} onClick={() => void act(p, 'ended')}>
                  {p.status === 'proposed' ? 'Withdraw' : 'End'}
                  <span className="visually-hidden"> the partnership of {p.school.name} and {p.enterprise.name}</span>
                </button>
              ) : null}
              {p.status === 'active' && p.canShare ? (
                <label className="partnership-list__share">
                  <input type="checkbox" checked={p.sharesSolutions} disabled={sharing.isLoading} onChange={(e) => void toggleSharing(p, e.target.checked)} /> Share
                  solutions and hidden checks with {p.school.name}’s teachers
                </label>
              ) : p.status === 'active' && p.sharesSolutions ? (
                <span className="muted"> · solutions shared with teachers</span>
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
      return `${o.name} (${status === 'active' ? 'partner' : 'proposed'})`;
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
      setDone(`Proposed a partnership to ${partner.name}; it becomes active when their admin accepts.`);
      setPartnerId('');
    }
  };

  return (
    <form className="form form--card" onSubmit={(e) => void onSubmit(e)} aria-label="Propose a partnership" noValidate>
      <h3>Propose a partnership</h3>
      {done ? (
        <Banner tone="success" onDismiss={() => setDone(null)}>
          {done}
        </Banner>
      ) : null}
      {problem && Object.keys(problem.fields).length === 0 ? <Banner tone="error">{problem.message}</Banner> : null}
      <Field
        id="partner-org"
        label="Partner"
        hint={taken.length ? `Not listed, already partners or proposed: ${taken.join(', ')}.` : undefined}
        error={missing ? 'Choose an organisation to propose to.' : problem?.fields.partnerId ? fieldMessage('Partner', problem.fields.partnerId) : undefined}
      >
        {(control) => (
          <select {...control} className="input" value={partnerId} onChange={(e) => setPartnerId(e.target.value)}>
            <option value="">
              {directory.isLoading || orgs.isLoading ? 'Loading organisations…' : candidates.length === 0 ? 'No organisation left to propose to' : 'Choose an organisation'}
            </option>
            {candidates.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} ({o.kind})
              </option>
            ))}
          </select>
        )}
      </Field>
      {from.length > 1 ? (
        <Field id="partner-from" label="On behalf of" error={problem?.fields.orgId ? fieldMessage('On behalf of', problem.fields.orgId) : undefined}>
          {(control) => (
            <select {...control} className="input" value={orgId} onChange={(e) => setOrgId(e.target.value)}>
              <option value="">Choose your organisation</option>
              {from.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <FormActions busy={isLoading} label="Propose" busyLabel="Proposing…" />
    </form>
  );
}
