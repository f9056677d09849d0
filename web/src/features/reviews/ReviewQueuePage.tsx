import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ServerEvents } from '../../../../server/contract/realtime';
import type { QueueChanged, QueueItemView } from '../../../../server/contract/review';
import { plural } from '../../app/format';
import { useAppSelector } from '../../app/hooks';
import { toProblem } from '../../app/problem';
import { onServerEvent } from '../../app/socket';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { useSession } from '../auth/useSession';
import { selectLinkStatus } from '../connection/connectionSlice';
import { useServerNow } from '../connection/useServerNow';
import { QUEUE_STATUS_LABEL } from './labels';
import { useClaimReviewItemMutation, useGetQueueQuery, type QueueStatus } from './reviewsApi';
import { QueueRow } from './QueueRow';
import { studentLabel } from './StudentRef';
import './reviews.css';

const PAGE_SIZE = 25;
const NEWS_SHOWN_MS = 10_000;
const STATUSES: QueueStatus[] = ['open', 'mine', 'moderation', 'done'];

const EMPTY: Record<QueueStatus, { title: string; text: string }> = {
  open: { title: 'Nothing waiting for review', text: 'New submissions appear here the moment a student submits work that needs a review.' },
  mine: { title: 'You have no reviews in progress', text: 'Items you claim stay here until you submit your review; reviews you submitted are listed too.' },
  moderation: { title: 'Nothing to moderate', text: 'When two reviewers disagree on a criterion, the item waits here for a lead reviewer.' },
  done: { title: 'No finished reviews yet', text: 'Items move here once their grade is released.' },
};

function isStatus(value: string | null): value is QueueStatus {
  return value !== null && (STATUSES as string[]).includes(value);
}

/** The enterprise's review work: open submissions to claim, your reviews, moderation, and what is done. */
export function ReviewQueuePage() {
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
          ? `Someone else claimed the submission of ${studentLabel(item.student)} a moment ago. The list is up to date now; choose another one.`
          : (problem?.message ?? 'The submission could not be claimed.'),
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

  return (
    <Page
      title="Review queue"
      intro="Student work waiting for a reviewer from your company. Claim a submission to review it; a claim holds it for you for 30 minutes."
      actions={
        <nav className="review-links" aria-label="More review work">
          {/* Pages of the regrade, calibration and agreement views (web/src/features/reviews/Regrades*, Calibration*, Agreement*). */}
          <Link to="/reviews/regrades" className="btn">
            Regrade requests
            {counts && counts.regrades > 0 ? (
              <span className="badge">
                {counts.regrades}
                <span className="visually-hidden"> open</span>
              </span>
            ) : null}
          </Link>
          <Link to="/reviews/calibration" className="btn">
            Calibration
            {counts && counts.calibration > 0 ? (
              <span className="badge">
                {counts.calibration}
                <span className="visually-hidden"> to score</span>
              </span>
            ) : null}
          </Link>
          {isLead ? (
            <Link to="/reviews/agreement" className="btn">
              Agreement
            </Link>
          ) : null}
        </nav>
      }
    >
      <div className="queue-bar">
        <div className="segmented" role="group" aria-label="Show items">
          {STATUSES.filter((s) => s !== 'moderation' || isLead || (counts?.moderation ?? 0) > 0).map((s) => (
            <button
              key={s}
              type="button"
              className="segmented__option"
              aria-pressed={s === status}
              onClick={() => update({ status: s === 'open' ? null : s, page: null })}
            >
              {QUEUE_STATUS_LABEL[s]}
              {s !== 'done' && counts ? <span className="segmented__count">{counts[s]}</span> : null}
            </button>
          ))}
        </div>
        <div className="queue-bar__live">
          <p className="queue-news" role="status">
            {news.length > 0 ? plural(news.length, 'new submission') : ''}
          </p>
          <p className={`monitor-bar__live monitor-bar__live--${link === 'live' ? 'on' : 'off'}`}>
            {link === 'live' ? 'Updating live' : 'Paused: reconnecting to the server…'}
          </p>
        </div>
      </div>

      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {counts ? `${counts.open} open, ${counts.mine} mine${isLead ? `, ${counts.moderation} in moderation` : ''}.` : ''}
      </p>

      {enterprises.length > 1 || (data && (data.filters.scenarios.length > 1 || data.filters.assignments.length > 1 || filtered)) ? (
        <form className="filters filters--queue" aria-label="Filter the queue" onSubmit={(e) => e.preventDefault()}>
          {enterprises.length > 1 ? (
            <div className="field">
              <label className="field__label" htmlFor="queue-enterprise">
                Company
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
              Scenario
            </label>
            <select id="queue-scenario" className="input" value={scenarioId ?? ''} onChange={(e) => update({ scenario: e.target.value || null, page: null })}>
              <option value="">All scenarios</option>
              {data?.filters.scenarios.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor="queue-assignment">
              Assignment
            </label>
            <select id="queue-assignment" className="input" value={assignmentId ?? ''} onChange={(e) => update({ assignment: e.target.value || null, page: null })}>
              <option value="">All assignments</option>
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
          {counts.stuck === 1 ? '1 disagreement has' : `${counts.stuck} disagreements have`} nobody who did not score {counts.stuck === 1 ? 'it' : 'them'} to settle{' '}
          {counts.stuck === 1 ? 'it' : 'them'}, so the {counts.stuck === 1 ? 'student waits' : 'students wait'}. A lead reviewer who scored the work may settle it with a note on
          the record; an administrator can add a reviewer, or make a reviewer a lead. Your company’s administrators see this too.{' '}
          {status !== 'moderation' ? (
            <button type="button" className="btn btn--small" onClick={() => update({ status: 'moderation', page: null })}>
              Show them
            </button>
          ) : null}
        </Banner>
      ) : null}
      {problem ? <Banner tone="error">{problem.status === 403 ? 'You are not a reviewer for any company, so there is no queue to show.' : problem.message}</Banner> : null}
      {claimProblem ? (
        <Banner tone="error" onDismiss={() => setClaimProblem(null)}>
          {claimProblem}
        </Banner>
      ) : null}

      <p className="result-count">
        {isLoading ? 'Loading the queue…' : data ? (total > PAGE_SIZE ? `Showing ${first}–${last} of ${plural(total, 'item')}` : plural(total, 'item')) : ''}
        {filtered && data ? ' match the filters' : ''}
      </p>

      {data && data.items.length === 0 ? (
        <EmptyState title={filtered ? 'No items match' : EMPTY[status].title}>{filtered ? 'Try another scenario or assignment.' : EMPTY[status].text}</EmptyState>
      ) : null}

      {data && data.items.length > 0 ? (
        <div className="table-wrap" role="region" aria-label={`${QUEUE_STATUS_LABEL[status]} review items`} tabIndex={0}>
          <table className="table table--queue" aria-busy={isFetching || undefined}>
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Scenario</th>
                <th scope="col" className="hide-narrow">
                  Assignment
                </th>
                <th scope="col">Submitted</th>
                <th scope="col" className="table__num hide-narrow">
                  Auto score
                </th>
                <th scope="col" className="table__num">
                  Reviews
                </th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
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
        <nav className="pager" aria-label="Pages of the queue">
          <button type="button" className="btn" disabled={page <= 1} onClick={() => update({ page: page - 1 > 1 ? String(page - 1) : null })}>
            Previous
          </button>
          <span>
            Page {page} of {pages}
          </span>
          <button type="button" className="btn" disabled={page >= pages} onClick={() => update({ page: String(page + 1) })}>
            Next
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
