import { useEffect, useEffectEvent, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Role, UserViewT } from '../../../../server/contract/accounts';
import { formatDate, membershipLabel, roleLabel, ROLES } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { useSession } from '../auth/useSession';
import { useListOrgsQuery, useListUsersQuery } from './adminApi';
import { useCreatedNotice } from './useCreatedNotice';

const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 250;

function isRole(value: string | null): value is Role {
  return value !== null && (ROLES as readonly string[]).includes(value);
}

export function UsersPage() {
  const { t } = useTranslation('admin');
  const { operator } = useSession();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const roleParam = params.get('role');
  const role = isRole(roleParam) ? roleParam : undefined;
  const orgId = params.get('org') || undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);

  const [draft, setDraft] = useState(q);
  const [created, dismissCreated] = useCreatedNotice();
  const orgs = useListOrgsQuery();
  const { data, error, isLoading, isFetching } = useListUsersQuery({
    q: q || undefined,
    role,
    orgId,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true, state: null });
  };

  // Search as the admin types, without a request per keystroke; with the filters as they are then.
  const search = useEffectEvent((term: string) => update({ q: term || null, page: null }));
  useEffect(() => {
    const term = draft.trim();
    if (term === q) return;
    const timer = setTimeout(() => search(term), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, q]);

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update({ q: draft.trim() || null, page: null });
  };

  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const first = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, page * PAGE_SIZE);
  const filtered = Boolean(q || role || orgId);
  const problem = toProblem(error);

  return (
    <Page
      title={t('users.title')}
      intro={operator ? t('users.introOperator') : t('users.intro')}
      actions={
        <Link to="/admin/users/new" className="btn btn--primary">
          {t('users.newUser')}
        </Link>
      }
    >
      {created ? (
        <Banner tone="success" onDismiss={dismissCreated}>
          <Trans t={t} i18nKey="users.created" values={{ name: created.name, detail: created.detail ?? '' }} components={{ strong: <strong /> }} />
        </Banner>
      ) : null}

      <form className="filters" role="search" aria-label={t('users.filter')} onSubmit={onSearch}>
        <div className="field filters__search">
          <label className="field__label" htmlFor="users-q">
            {t('users.search')}
          </label>
          <input
            id="users-q"
            className="input"
            type="search"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="users-role">
            {t('role')}
          </label>
          <select id="users-role" className="input" value={role ?? ''} onChange={(e) => update({ role: e.target.value || null, q: draft.trim() || null, page: null })}>
            <option value="">{t('users.allRoles')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="users-org">
            {t('organisation')}
          </label>
          <select id="users-org" className="input" value={orgId ?? ''} onChange={(e) => update({ org: e.target.value || null, q: draft.trim() || null, page: null })}>
            <option value="">{t('users.allOrgs')}</option>
            {orgs.data?.orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      </form>

      {problem ? <Banner tone="error">{problem.message}</Banner> : null}

      <p className="result-count" aria-live="polite">
        {isLoading
          ? t('users.loading')
          : data
            ? total > PAGE_SIZE
              ? t('users.countPage', { first, last, total, filtered: filtered ? 'yes' : 'no' })
              : t('users.count', { total, filtered: filtered ? 'yes' : 'no' })
            : ''}
      </p>

      {data && data.users.length === 0 ? (
        <EmptyState title={filtered ? t('users.noneMatch') : t('users.noneYet')}>
          {filtered ? t('users.noneMatchText') : t('users.noneYetText')}
        </EmptyState>
      ) : null}

      {data && data.users.length > 0 ? (
        <div className="table-wrap" role="region" aria-label={t('users.table')} tabIndex={0}>
          <table className="table" aria-busy={isFetching || undefined}>
            <thead>
              <tr>
                <th scope="col">{t('users.name')}</th>
                <th scope="col" className="hide-narrow">
                  {t('users.email')}
                </th>
                <th scope="col">{t('roles')}</th>
                <th scope="col" className="hide-narrow">
                  {t('users.status')}
                </th>
                <th scope="col" className="hide-narrow">
                  {t('users.added')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.users.map((user) => (
                <UserRow key={user.id} user={user} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {pages > 1 ? (
        <nav className="pager" aria-label={t('users.pages')}>
          <button type="button" className="btn" disabled={page <= 1} onClick={() => update({ page: page - 1 > 1 ? String(page - 1) : null })}>
            {t('users.previous')}
          </button>
          <span>{t('users.pageOf', { page, pages })}</span>
          <button type="button" className="btn" disabled={page >= pages} onClick={() => update({ page: String(page + 1) })}>
            {t('users.next')}
          </button>
        </nav>
      ) : null}
    </Page>
  );
}

function UserRow({ user }: { user: UserViewT }) {
  const { t } = useTranslation('admin');
  return (
    <tr>
      <th scope="row" className="table__name">
        <Link to={`/admin/users/${user.id}`}>{user.name}</Link>
        {/* On narrow screens the email column folds in under the name. */}
        <span className="table__sub only-narrow">
          {/* Break after the @ rather than mid-word. */}
          {user.email.split('@')[0]}@<wbr />
          {user.email.split('@').slice(1).join('@')}
        </span>
      </th>
      <td className="table__email hide-narrow">{user.email}</td>
      <td>
        <ul className="membership-list">
          {user.memberships.map((m) => (
            <li key={m.id}>
              <span className={`role-badge role-badge--${m.role}`}>{membershipLabel(m)}</span>
              <span className="membership-list__org">{m.orgName}</span>
            </li>
          ))}
        </ul>
      </td>
      <td className="hide-narrow">
        {user.disabled ? <span className="status status--off">{t('status.disabled')}</span> : <span className="status status--on">{t('status.active')}</span>}
      </td>
      <td className="table__date hide-narrow">{formatDate(user.createdAt)}</td>
    </tr>
  );
}
