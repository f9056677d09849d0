import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ServerEvents } from '../../../../server/contract/realtime';
import type { QueueChanged, QueueItemView } from '../../../../server/contract/review';
import { useAppSelector } from '../../app/hooks';
import { toProblem } from '../../app/problem';
import { onServerEvent } from '../../app/socket';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { useSession } from '../auth/useSession';
import { selectLinkStatus } from '../connection/connectionSlice';
import { useServerNow } from '../connection/useServerNow';
import { queueStatusLabel } from './labels';
import { useClaimReviewItemMutation, useGetQueueQuery, type QueueStatus } from './reviewsApi';
import { QueueRow } from './QueueRow';
import { studentLabel } from './StudentRef';
import './reviews.css';

const PAGE_SIZE = 25;
const NEWS_SHOWN_MS = 10_000;
const STATUSES: QueueStatus[] = ['open', 'mine', 'moderation', 'done'];


function isStatus(value: string | null): value is QueueStatus {
  return value !== null && (STATUSES as string[]).includes(value);
}

/** The enterprise's review work: open submissions to claim, your reviews, moderation, and what is done. */
export function ReviewQueuePage() {
  const { t } = useTranslation('reviews');
  const session = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status: QueueStatus = isStatus(statusParam) ? statusParam : 'open';
  const scenarioId = params.get('scenario') || undefined;
  const assignmentId = params.get('assignment') || undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);

  // A reviewer of several companies chooses whose queue; with one, the server knows.
  const enterprises = session.user.memberships.filter((m) => m.role === 'reviewer' && m.orgKind === 'enterprise');
  const enterpriseParam = params.get('enterprise');
  const enterpriseId = enterprises.length > 1 ? (enterprises.find((e) => e.orgId === enterpriseParam)?.orgId ?? enterprises[0]!.orgId) : undefined;

  const { data, error, isLoading, isFetching } = useGetQueueQuery({
    enterpriseId,
    status,
    scenarioId,
    assignmentId,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const [claim, claimState] = useClaimReviewItemMutation();
  const [claimProblem, setClaimProblem] = useState<string | null>(null);
  const link = useAppSelector(selectLinkStatus);
  const now = useServerNow(30_000);
  const news = useNewSubmissions(data?.enterpriseId, data?.items);

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true, state: null });
  };

  const onClaim = async (item: QueueItemView) => {
    setClaimProblem(null);
    const result = await claim(item.id);
    if ('error' in result) {
      const problem = toProblem(result.error);
      setClaimProblem(
        problem?.status === 409
          ? t('queue.claimTaken', { student: studentLabel(item.student) })
          : (problem?.message ?? t('queue.claimFailed')),
      );
      return;
    }
    void navigate(`/reviews/items/${item.id}`);
  };

  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const first = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, page * PAGE_SIZE);
  const filtered = Boolean(scenarioId || assignmentId);
  const problem = toProblem(error);
  const counts = data?.counts;
  const isLead = data?.isLead ?? false;
  const empty: Record<QueueStatus, { title: string; text: string }> = {
    open: { title: t('queue.empty.openTitle'), text: t('queue.empty.openText') },
    mine: { title: t('queue.empty.mineTitle'), text: t('queue.empty.mineText') },
    moderation: { title: t('queue.empty.moderationTitle'), text: t('queue.empty.moderationText') },
    done: { title: t('queue.empty.doneTitle'), text: t('queue.empty.doneText') },
  };
  const countText = !data
    ? ''
    : total > PAGE_SIZE
      ? filtered
        ? t('queue.rangeFiltered', { first, last, total })
        : t('queue.range', { first, last, total })
      : filtered
        ? t('queue.countFiltered', { total })
        : t('queue.count', { total });

  return (
    <Page
      title={t('queue.title')}
      intro={t('queue.intro')}
      actions={
        <nav className="review-links" aria-label={t('queue.moreWork')}>
          {/* Pages of the regrade, calibration and agreement views (web/src/features/reviews/Regrades*, Calibration*, Agreement*). */}
          <Link to="/reviews/regrades" className="btn">
            {t('queue.regrades')}
            {counts && counts.regrades > 0 ? (
              <span className="badge">
                {counts.regrades}
                <span className="visually-hidden"> {t('queue.badgeOpen')}</span>
              </span>
            ) : null}
          </Link>
          <Link to="/reviews/calibration" className="btn">
            {t('queue.calibration')}
            {counts && counts.calibration > 0 ? (
              <span className="badge">
                {counts.calibration}
                <span className="visually-hidden"> {t('queue.badgeToScore')}</span>
              </span>
            ) : null}
          </Link>
          {isLead ? (
            <Link to="/reviews/agreement" className="btn">
              {t('queue.agreement')}
            </Link>
          ) : null}
        </nav>
      }
    >
      <div className="queue-bar">
        <div className="segmented" role="group" aria-label={t('queue.showItems')}>
          {STATUSES.filter((s) => s !== 'moderation' || isLead || (counts?.moderation ?? 0) > 0).map((s) => (
            <button
              key={s}
              type="button"
              className="segmented__option"
              aria-pressed={s === status}
              onClick={() => update({ status: s === 'open' ? null : s, page: null })}
            >
              {queueStatusLabel(s)}
              {s !== 'done' && counts ? <span className="segmented__count">{counts[s]}</span> : null}
            </button>
          ))}
        </div>
        <div className="queue-bar__live">
          <p className="queue-news" role="status">
            {news.length > 0 ? t('queue.news', { count: news.length }) : ''}
          </p>
          <p className={`monitor-bar__live monitor-bar__live--${link === 'live' ? 'on' : 'off'}`}>
            {link === 'live' ? t('queue.live') : t('queue.paused')}
          </p>
        </div>
      </div>

      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {counts ? t('queue.liveCounts', { open: counts.open, mine: counts.mine, moderation: counts.moderation, lead: isLead ? 'yes' : 'no' }) : ''}
      </p>

      {enterprises.length > 1 || (data && (data.filters.scenarios.length > 1 || data.filters.assignments.length > 1 || filtered)) ? (
        <form className="filters filters--queue" aria-label={t('queue.filter')} onSubmit={(e) => e.preventDefault()}>
          {enterprises.length > 1 ? (
            <div className="field">
              <label className="field__label" htmlFor="queue-enterprise">
                {t('company')}
              </label>
              <select id="queue-enterprise" className="input" value={enterpriseId} onChange={(e) => update({ enterprise: e.target.value, scenario: null, assignment: null, page: null })}>
                {enterprises.map((e) => (
                  <option key={e.orgId} value={e.orgId}>
                    {e.orgName}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="field">
            <label className="field__label" htmlFor="queue-scenario">
              {t('scenario')}
            </label>
            <select id="queue-scenario" className="input" value={scenarioId ?? ''} onChange={(e) => update({ scenario: e.target.value || null, page: null })}>
              <option value="">{t('allScenarios')}</option>
              {data?.filters.scenarios.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor="queue-assignment">
              {t('assignment')}
            </label>
            <select id="queue-assignment" className="input" value={assignmentId ?? ''} onChange={(e) => update({ assignment: e.target.value || null, page: null })}>
              <option value="">{t('allAssignments')}</option>
              {data?.filters.assignments.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.title}
                </option>
              ))}
            </select>
          </div>
        </form>
      ) : null}

      {counts && counts.stuck > 0 ? (
        <Banner tone="error">
          {t('queue.stuck', { count: counts.stuck })}{' '}
          {status !== 'moderation' ? (
            <button type="button" className="btn btn--small" onClick={() => update({ status: 'moderation', page: null })}>
              {t('queue.showStuck')}
            </button>
          ) : null}
        </Banner>
      ) : null}
      {problem ? <Banner tone="error">{problem.status === 403 ? t('queue.forbidden') : problem.message}</Banner> : null}
      {claimProblem ? (
        <Banner tone="error" onDismiss={() => setClaimProblem(null)}>
          {claimProblem}
        </Banner>
      ) : null}

      <p className="result-count">
        {isLoading ? t('queue.loading') : countText}
      </p>

      {data && data.items.length === 0 ? (
        <EmptyState title={filtered ? t('queue.empty.filteredTitle') : empty[status].title}>{filtered ? t('queue.empty.filteredText') : empty[status].text}</EmptyState>
      ) : null}

      {data && data.items.length > 0 ? (
        <div className="table-wrap" role="region" aria-label={t('queue.tableLabel', { status: queueStatusLabel(status) })} tabIndex={0}>
          <table className="table table--queue" aria-busy={isFetching || undefined}>
            <thead>
              <tr>
                <th scope="col">{t('student')}</th>
                <th scope="col">{t('scenario')}</th>
                <th scope="col" className="hide-narrow">
                  {t('assignment')}
                </th>
                <th scope="col">{t('queue.col.submitted')}</th>
                <th scope="col" className="table__num hide-narrow">
                  {t('queue.col.autoScore')}
                </th>
                <th scope="col" className="table__num">
                  {t('queue.col.reviews')}
                </th>
                <th scope="col">{t('queue.col.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('queue.col.action')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => (
                <QueueRow
                  key={item.id}
                  item={item}
                  now={now}
                  userId={session.user.id}
                  isNew={news.includes(item.id)}
                  claiming={claimState.isLoading && claimState.originalArgs === item.id}
                  onClaim={() => void onClaim(item)}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {pages > 1 ? (
        <nav className="pager" aria-label={t('queue.pages')}>
          <button type="button" className="btn" disabled={page <= 1} onClick={() => update({ page: page - 1 > 1 ? String(page - 1) : null })}>
            {t('queue.previous')}
          </button>
          <span>{t('queue.page', { page, pages })}</span>
          <button type="button" className="btn" disabled={page >= pages} onClick={() => update({ page: String(page + 1) })}>
            {t('queue.next')}
          </button>
        </nav>
      ) : null}
    </Page>
  );
}

/** "2 new submissions": items submitted while the page is open and not on it yet, said once and politely. */
function useNewSubmissions(enterpriseId: string | undefined, shown: QueueItemView[] | undefined): string[] {
  const [news, setNews] = useState<string[]>([]);
  const context = useRef({ shown });
  context.current.shown = shown;
  useEffect(() => {
    if (!enterpriseId) return;
    setNews([]);
    return onServerEvent<QueueChanged>(ServerEvents.reviewQueueChanged, ({ enterpriseId: id, reason, item }) => {
      if (id !== enterpriseId || reason !== 'submitted' || !item || context.current.shown?.some((i) => i.id === item.id)) return;
      setNews((n) => (n.includes(item.id) ? n : [...n, item.id]));
    });
  }, [enterpriseId]);
  useEffect(() => {
    if (news.length === 0) return;
    const timer = setTimeout(() => setNews([]), NEWS_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [news]);
  return news;
}
