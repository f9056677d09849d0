import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntryViewT } from '../../../../server/contract/audit';
import { formatDateTime } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { useSession } from '../auth/useSession';
import { useListOrgsQuery } from '../admin/adminApi';
import { auditCsvUrl, useListAuditQuery, type AuditFilter } from './auditApi';
import './audit.css';

const PAGE_SIZE = 50;
const FIELDS = ['org', 'action', 'actor', 'target', 'from', 'to'] as const;
type Field = (typeof FIELDS)[number];

const isAction = (value: string | null): value is AuditAction => value !== null && (AUDIT_ACTIONS as readonly string[]).includes(value);

/** A day picked in the reader's zone, as the moment it starts there (`to`: the next day's start, exclusive). */
function startOfLocalDay(day: string, plusDays = 0): string | undefined {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/**
 * The audit log: an organisation's admins read their organisations' entries, the platform
 * operator every entry. Filters live in the address (a filtered view can be bookmarked or sent);
 * pages go back in time from the newest entry, and the CSV takes the same filters.
 */
export function AuditPage() {
  const { t, i18n } = useTranslation('audit');
  const { operator } = useSession();
  const orgs = useListOrgsQuery();
  const [params, setParams] = useSearchParams();
  const value = (f: Field) => params.get(f) ?? '';
  const action = value('action');
  const filter: AuditFilter = {
    orgId: value('org') || undefined,
    action: isAction(action) ? action : undefined,
    actorId: value('actor') || undefined,
    targetId: value('target') || undefined,
    from: value('from') ? startOfLocalDay(value('from')) : undefined,
    to: value('to') ? startOfLocalDay(value('to'), 1) : undefined,
  };
  const filterKey = JSON.stringify(filter);
  // The cursors of the pages before this one, so "Newer" goes back; a new filter starts over.
  const [trail, setTrail] = useState<{ key: string; cursors: (string | undefined)[] }>({ key: filterKey, cursors: [undefined] });
  const cursors = trail.key === filterKey ? trail.cursors : [undefined];
  const cursor = cursors[cursors.length - 1];
  const { data, error, isLoading, isFetching } = useListAuditQuery({ ...filter, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const f of FIELDS) {
      const raw = form.get(f);
      const v = typeof raw === 'string' ? raw.trim() : '';
      if (v) next.set(f, v);
    }
    setParams(next, { replace: true });
  };
  const clear = () => setParams(new URLSearchParams(), { replace: true });
  const filtered = FIELDS.some((f) => value(f));
  const problem = toProblem(error);
  const showOrgs = operator || (orgs.data?.orgs.length ?? 0) > 1;

  return (
    <Page
      title={t('title')}
      intro={operator ? t('introOperator') : t('intro')}
      actions={
        <a className="btn" href={auditCsvUrl(filter, i18n.language)} download>
          {t('downloadCsv')}
        </a>
      }
    >
      {/* Keyed by the address, so going back to another filter shows its own values. */}
      <form key={params.toString()} className="filters audit-filters" aria-label={t('filter')} onSubmit={onSubmit}>
        {showOrgs ? (
          <div className="field">
            <label className="field__label" htmlFor="audit-org">
              {t('organisation')}
            </label>
            <select id="audit-org" name="org" className="input" defaultValue={value('org')}>
              <option value="">{operator ? t('allOrgs') : t('allMyOrgs')}</option>
              {orgs.data?.orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label className="field__label" htmlFor="audit-action">
            {t('action')}
          </label>
          <select id="audit-action" name="action" className="input" defaultValue={filter.action ?? ''}>
            <option value="">{t('allActions')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`messages:audit.action.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="audit-actor">
            {t('actorId')}
          </label>
          <input id="audit-actor" name="actor" className="input" defaultValue={value('actor')} autoComplete="off" spellCheck={false} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="audit-target">
            {t('targetId')}
          </label>
          <input id="audit-target" name="target" className="input" defaultValue={value('target')} autoComplete="off" spellCheck={false} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="audit-from">
            {t('from')}
          </label>
          <input id="audit-from" name="from" type="date" className="input" defaultValue={value('from')} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="audit-to">
            {t('to')}
          </label>
          <input id="audit-to" name="to" type="date" className="input" defaultValue={value('to')} />
        </div>
        <div className="audit-filters__buttons">
          <button type="submit" className="btn btn--primary">
            {t('apply')}
          </button>
          {filtered ? (
            <button type="button" className="btn" onClick={clear}>
              {t('clear')}
            </button>
          ) : null}
        </div>
      </form>

      {problem ? <Banner tone="error">{problem.message}</Banner> : null}

      <p className="result-count" aria-live="polite">
        {isLoading ? t('loading') : data ? t('count', { count: data.entries.length, more: data.next ? 'yes' : 'no' }) : ''}
      </p>

      {data && data.entries.length === 0 ? <EmptyState title={filtered ? t('noneMatch') : t('noneYet')}>{filtered ? t('noneMatchText') : t('noneYetText')}</EmptyState> : null}

      {data && data.entries.length > 0 ? (
        <div className="table-wrap" role="region" aria-label={t('table')} tabIndex={0}>
          <table className="table audit-table" aria-busy={isFetching || undefined}>
            <thead>
              <tr>
                <th scope="col">{t('time')}</th>
                <th scope="col">{t('actor')}</th>
                <th scope="col">{t('action')}</th>
                <th scope="col" className="hide-narrow">
                  {t('target')}
                </th>
                <th scope="col" className="hide-narrow">
                  {t('ip')}
                </th>
                <th scope="col">{t('details')}</th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((entry) => (
                <EntryRow key={entry.id} entry={entry} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {cursors.length > 1 || data?.next ? (
        <nav className="pager" aria-label={t('pages')}>
          <button type="button" className="btn" disabled={cursors.length <= 1} onClick={() => setTrail({ key: filterKey, cursors: cursors.slice(0, -1) })}>
            {t('newer')}
          </button>
          <button type="button" className="btn" disabled={!data?.next} onClick={() => setTrail({ key: filterKey, cursors: [...cursors, data!.next!] })}>
            {t('older')}
          </button>
        </nav>
      ) : null}
    </Page>
  );
}

/** The target's kind and its name; the id when it has no name (deleted, or a kind without one). The id itself is in the details. */
function TargetText({ entry }: { entry: AuditEntryViewT }) {
  const { t } = useTranslation('audit');
  if (!entry.targetKind) return <>—</>;
  const kind = t(`kind.${entry.targetKind}`, { defaultValue: entry.targetKind });
  if (entry.targetLabel) return <>{t('targetNamed', { kind, name: entry.targetLabel })}</>;
  return (
    <>
      {kind} <span className="audit-table__id">{entry.targetId ?? ''}</span>
    </>
  );
}

function EntryRow({ entry }: { entry: AuditEntryViewT }) {
  const { t } = useTranslation('audit');
  const hasDetail = entry.detail && Object.keys(entry.detail).length > 0;
  return (
    <tr>
      <td className="table__date">
        <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
      </td>
      <td className="audit-table__actor">{entry.actorLabel ?? (entry.actorId ? entry.actorId : t('system'))}</td>
      <th scope="row" className="audit-table__action">
        {t(`messages:audit.action.${entry.action}`, { defaultValue: entry.action })}
      </th>
      <td className="hide-narrow">
        <TargetText entry={entry} />
      </td>
      <td className="audit-table__id hide-narrow">{entry.ip ?? '—'}</td>
      <td>
        <details className="audit-detail">
          <summary>{t('show')}</summary>
          <dl className="audit-detail__list">
            {/* On narrow screens the target and address fold in here. */}
            <dt className="only-narrow">{t('target')}</dt>
            <dd className="only-narrow">
              <TargetText entry={entry} />
            </dd>
            {entry.targetId ? (
              <>
                <dt>{t('targetId')}</dt>
                <dd className="audit-table__id">{entry.targetId}</dd>
              </>
            ) : null}
            <dt className="only-narrow">{t('ip')}</dt>
            <dd className="only-narrow audit-table__id">{entry.ip ?? '—'}</dd>
            {entry.actorId ? (
              <>
                <dt>{t('actorId')}</dt>
                <dd className="audit-table__id">{entry.actorId}</dd>
              </>
            ) : null}
            <dt>{t('changes')}</dt>
            <dd>{hasDetail ? <pre className="audit-detail__json">{JSON.stringify(entry.detail, null, 2)}</pre> : t('noDetail')}</dd>
          </dl>
        </details>
      </td>
    </tr>
  );
}
