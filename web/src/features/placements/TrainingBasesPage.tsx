import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrainingBaseView } from '../../../../server/contract/placements';
import { formatNumber, joinList } from '../../app/format';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { Page } from '../../components/Page';
import { useListPartnershipsQuery } from '../admin/adminApi';
import { useSession } from '../auth/useSession';
import { PlacementCard } from './PlacementCard';
import { useCreateTrainingBaseMutation, useListTrainingBasesQuery, useUpdateTrainingBaseMutation } from './placementActionsApi';
import { useListPlacementsQuery } from './placementsApi';
import './placements.css';

/** One name a line: roles and competencies are typed as lists. */
const lines = (text: string) => [...new Set(text.split('\n').map((s) => s.trim()).filter(Boolean))];

/** An enterprise admin's page: the training bases it runs on its partnerships, and the placements at them. */
export function TrainingBasesPage() {
  const { t } = useTranslation('placements');
  const session = useSession();
  const mine = new Set(session.user.memberships.filter((m) => m.role === 'admin' && m.orgKind === 'enterprise').map((m) => m.orgId));
  const bases = useListTrainingBasesQuery();
  const placements = useListPlacementsQuery();
  const problem = toProblem(bases.error ?? placements.error);
  const own = (bases.data ?? []).filter((b) => mine.has(b.enterprise.id));
  const atBases = (placements.data ?? []).filter((p) => mine.has(p.base.enterprise.id));

  return (
    <Page title={t('bases.title')} intro={t('bases.intro')}>
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {bases.isLoading ? <p className="muted">{t('loading')}</p> : null}
      {bases.data && own.length === 0 ? <EmptyState title={t('bases.emptyTitle')}>{t('bases.emptyBody')}</EmptyState> : null}
      {own.length > 0 ? (
        <section className="section" aria-labelledby="bases-heading">
          <h2 id="bases-heading" className="section__title">
            {t('bases.heading')}
          </h2>
          <ul className="placement-list">
            {own.map((b) => (
              <BaseCard key={b.id} base={b} />
            ))}
          </ul>
        </section>
      ) : null}
      <NewBase />
      <section className="section" aria-labelledby="base-placements">
        <h2 id="base-placements" className="section__title">
          {t('bases.placements')}
        </h2>
        {placements.data && atBases.length === 0 ? <p className="muted">{t('bases.noPlacements')}</p> : null}
        <ul className="placement-list">
          {atBases.map((p) => (
            <PlacementCard key={p.id} placement={p} manage={{ status: false, mentor: true }} />
          ))}
        </ul>
      </section>
    </Page>
  );
}

type BaseFields = { name: string; site: string; roles: string; competencies: string; capacity: string };

function BaseForm({
  id,
  initial,
  busy,
  submit,
  error,
  onSubmit,
  first,
}: {
  id: string;
  initial: BaseFields;
  busy: boolean;
  submit: string;
  error: ReturnType<typeof toProblem>;
  onSubmit: (f: BaseFields) => void;
  /** A field before the base's own (the partnership, when opening one). */
  first?: ReactNode;
}) {
  const { t } = useTranslation('placements');
  const [f, setF] = useState(initial);
  const LABEL: Record<string, string> = { name: t('bases.name'), site: t('bases.site'), roles: t('bases.roles'), competencies: t('bases.competencies'), capacity: t('bases.capacity') };
  const errorFor = (k: string) => {
    const hit = Object.entries(error?.fields ?? {}).find(([field]) => field === k || field.startsWith(`${k}.`));
    return hit ? fieldMessage(LABEL[k] ?? k, hit[1]) : undefined;
  };
  const set = (k: keyof BaseFields) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const handle = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!busy) onSubmit(f);
  };
  return (
    <form className="form form--card" onSubmit={handle} noValidate aria-label={submit}>
      {/* A problem with no field of this form (the partnership, the server's refusal): said above it. */}
      {error && Object.keys(error.fields).every((k) => !(k.split('.')[0]! in LABEL)) ? <Banner tone="error">{error.message}</Banner> : null}
      {first}
      <Field id={`${id}-name`} label={LABEL.name} error={errorFor('name')}>
        {(control) => <input {...control} className="input" value={f.name} onChange={set('name')} autoComplete="off" />}
      </Field>
      <Field id={`${id}-site`} label={LABEL.site} error={errorFor('site')}>
        {(control) => <input {...control} className="input" value={f.site} onChange={set('site')} autoComplete="off" />}
      </Field>
      <Field id={`${id}-roles`} label={LABEL.roles} hint={t('bases.oneALine')} error={errorFor('roles')}>
        {(control) => <textarea {...control} className="input" rows={3} value={f.roles} onChange={set('roles')} />}
      </Field>
      <Field id={`${id}-competencies`} label={LABEL.competencies} hint={t('bases.competenciesHint')} error={errorFor('competencies')}>
        {(control) => <textarea {...control} className="input input--mono" rows={3} value={f.competencies} onChange={set('competencies')} />}
      </Field>
      <Field id={`${id}-capacity`} label={LABEL.capacity} error={errorFor('capacity')}>
        {(control) => <input {...control} className="input" type="number" min={1} inputMode="numeric" value={f.capacity} onChange={set('capacity')} />}
      </Field>
      <FormActions busy={busy} label={submit} busyLabel={t('bases.saving')} />
    </form>
  );
}

const toBody = (f: BaseFields) => ({ name: f.name, site: f.site, roles: lines(f.roles), competencies: lines(f.competencies), capacity: Number(f.capacity) });

function BaseCard({ base }: { base: TrainingBaseView }) {
  const { t } = useTranslation('placements');
  const [update, state] = useUpdateTrainingBaseMutation();
  const [saved, setSaved] = useState(false);
  return (
    <li className="placement-card panel">
      <h3 className="placement-card__title">{base.name}</h3>
      <p>{t('bases.summary', { school: base.school.name, site: base.site || '—', capacity: formatNumber(base.capacity, 0) })}</p>
      <p>{t('bases.rolesList', { roles: joinList(base.roles) })}</p>
      <details className="placement-card__manage">
        <summary>{t('bases.edit')}</summary>
        {saved ? <Banner tone="success" onDismiss={() => setSaved(false)}>{t('bases.saved')}</Banner> : null}
        <BaseForm
          id={`base-${base.id}`}
          initial={{ name: base.name, site: base.site, roles: base.roles.join('\n'), competencies: base.competencies.join('\n'), capacity: String(base.capacity) }}
          busy={state.isLoading}
          submit={t('bases.save')}
          error={toProblem(state.error)}
          onSubmit={(f) => void update({ id: base.id, ...toBody(f) }).then((r) => setSaved('data' in r))}
        />
      </details>
    </li>
  );
}

function NewBase() {
  const { t } = useTranslation('placements');
  const partnerships = useListPartnershipsQuery();
  const active = (partnerships.data ?? []).filter((p) => p.status === 'active' && p.canShare);
  const [partnershipId, setPartnershipId] = useState('');
  const [create, state] = useCreateTrainingBaseMutation();
  const [done, setDone] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  return (
    <section className="section" aria-labelledby="new-base-title">
      <h2 id="new-base-title" className="section__title">
        {t('bases.createTitle')}
      </h2>
      {done ? <Banner tone="success" onDismiss={() => setDone(null)}>{done}</Banner> : null}
      {partnerships.data && active.length === 0 ? <p className="muted">{t('bases.noPartnerships')}</p> : null}
      <BaseForm
        key={formKey}
        id="new-base"
        initial={{ name: '', site: '', roles: '', competencies: '', capacity: '4' }}
        busy={state.isLoading}
        submit={t('bases.create')}
        error={toProblem(state.error)}
        first={
          <Field id="base-partnership" label={t('bases.partnership')}>
            {(control) => (
              <select {...control} className="input" value={partnershipId} onChange={(e) => setPartnershipId(e.target.value)}>
                <option value="">{t('create.choose')}</option>
                {active.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.school.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        }
        onSubmit={(f) =>
          void create({ partnershipId, ...toBody(f) }).then((r) => {
            if (!('data' in r) || !r.data) return;
            setDone(t('bases.created', { name: r.data.name }));
            setFormKey((k) => k + 1);
          })
        }
      />
    </section>
  );
}
