import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ServerEvents } from '../../../../server/contract/realtime';
import type { QueueChanged, RegradeQueueItem } from '../../../../server/contract/review';
import { formatDate, formatDateTime, plural } from '../../app/format';
import { fieldMessage, toProblem } from '../../app/problem';
import { onServerEvent } from '../../app/socket';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { EnterprisePicker, useEnterpriseChoice } from './EnterprisePicker';
import { useDecideRegradeMutation, useGetQueueQuery, useListRegradeRequestsQuery } from './reviewsApi';
import { StudentRef, studentLabel } from './StudentRef';

type Status = 'open' | 'resolved';

const STATUS_LABEL: Record<RegradeQueueItem['status'], string> = { open: 'Open', accepted: 'Accepted', declined: 'Declined' };

function pts(n: number | null): string {
  return n === null ? '—' : String(Math.round(n * 100) / 100);
}

/** Students' requests for a second look at a released score; a reviewer accepts (with the new score) or declines, and says why. */
export function RegradesPage() {
  const [params, setParams] = useSearchParams();
  const status: Status = params.get('status') === 'resolved' ? 'resolved' : 'open';
  const choice = useEnterpriseChoice();
  const { enterpriseId } = choice;
  // The queue entry joins the company's queue room: 'reviewQueue.changed' also tells of regrades.
  const queue = useGetQueueQuery({ enterpriseId, status: 'open', limit: 1, offset: 0 });
  const { data, error, isLoading, isFetching, refetch } = useListRegradeRequestsQuery({ enterpriseId, status }, { refetchOnMountOrArgChange: true });
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);

  const queueEnterpriseId = queue.data?.enterpriseId;
  useEffect(
    () =>
      onServerEvent<QueueChanged>(ServerEvents.reviewQueueChanged, (change) => {
        if (!queueEnterpriseId || change.enterpriseId === queueEnterpriseId) void refetch();
      }),
    [refetch, queueEnterpriseId],
  );

  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const show = (next: Status) => {
    const search = new URLSearchParams(params);
    if (next === 'open') search.delete('status');
    else search.set('status', next);
    setParams(search, { replace: true });
    setDone(null);
  };

  const problem = toProblem(error);
  const openCount = queue.data?.counts.regrades;

  return (
    <Page
      title="Regrade requests"
      intro="After a grade is released, a student may ask once per criterion or check for a second look. Accept with the new score, or decline; either way, tell the student why."
    >
      <p className="back-link">
        <Link to="/reviews">Back to the review queue</Link>
      </p>

      <div className="queue-bar">
        <div className="segmented" role="group" aria-label="Show requests">
          <button type="button" className="segmented__option" aria-pressed={status === 'open'} onClick={() => show('open')}>
            Open
            {openCount !== undefined ? <span className="segmented__count">{openCount}</span> : null}
          </button>
          <button type="button" className="segmented__option" aria-pressed={status === 'resolved'} onClick={() => show('resolved')}>
            Resolved
          </button>
        </div>
        <EnterprisePicker id="regrades-enterprise" choice={choice} />
      </div>

      {done ? (
        <div ref={doneRef} tabIndex={-1} className="focus-target">
          <Banner tone="success" onDismiss={() => setDone(null)}>
            {done}
          </Banner>
        </div>
      ) : null}
      {problem ? <Banner tone="error">{problem.status === 403 ? 'You are not a reviewer for any company, so there are no regrade requests to show.' : problem.message}</Banner> : null}

      <p className="result-count" aria-live="polite">
        {isLoading ? 'Loading requests…' : data ? plural(data.length, status === 'open' ? 'open request' : 'resolved request') : ''}
      </p>

      {data && data.length === 0 ? (
        status === 'open' ? (
          <EmptyState title="No open regrade requests">When a student asks for a regrade of work your company reviewed, the request waits here.</EmptyState>
        ) : (
          <EmptyState title="No resolved requests yet">Requests move here once a reviewer accepts or declines them.</EmptyState>
        )
      ) : null}

      {data && data.length > 0 ? (
        <ul className="regrade-cards" aria-busy={isFetching || undefined}>
          {data.map((r) => (
            <RegradeCard key={r.id} request={r} onDecided={setDone} />
          ))}
        </ul>
      ) : null}
    </Page>
  );
}

function RegradeCard({ request: r, onDecided }: { request: RegradeQueueItem; onDecided: (message: string) => void }) {
  const titleId = `regrade-${r.id}`;
  const currentLevel = r.levels && r.current !== null ? r.levels.findIndex((l) => l.score === r.current) : -1;
  return (
    <li className="regrade-card" data-regrade={r.id} aria-labelledby={titleId}>
      <div className="regrade-card__head">
        <div>
          <p className="regrade-card__kind">{r.target.kind === 'criterion' ? 'Rubric criterion' : 'Check'}</p>
          <h2 id={titleId} className="regrade-card__title">
            {r.target.title}
          </h2>
        </div>
        <span className={`pill pill--regrade-${r.status}`}>{STATUS_LABEL[r.status]}</span>
      </div>
      <dl className="regrade-card__facts">
        <div>
          <dt>Student</dt>
          <dd>
            <StudentRef student={r.student} inline />
          </dd>
        </div>
        <div>
          <dt>Scenario</dt>
          <dd>{r.scenario.title}</dd>
        </div>
        <div>
          <dt>Assignment</dt>
          <dd>{r.assignment.title}</dd>
        </div>
        <div>
          <dt>{r.status === 'accepted' ? 'Score' : 'Current score'}</dt>
          <dd className="regrade-card__score">
            {r.status === 'accepted' && r.from !== null && r.to !== null ? (
              <>
                {pts(r.from)} → <strong>{pts(r.to)}</strong> of {pts(r.max)}
              </>
            ) : (
              <>
                <strong>{pts(r.current)}</strong> of {pts(r.max)} {r.max === 1 ? 'point' : 'points'}
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>Asked</dt>
          <dd>
            <time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time>
          </dd>
        </div>
      </dl>

      <figure className="review-quote">
        <figcaption className="review-quote__label">The student’s reason</figcaption>
        <blockquote className="review-quote__text">{r.reason}</blockquote>
      </figure>

      {r.levels ? (
        <div className="regrade-card__levels">
          <p className="regrade-card__label" id={`${titleId}-levels`}>
            Levels
          </p>
          <ol className="rubric-levels" aria-labelledby={`${titleId}-levels`}>
            {r.levels.map((l, i) => (
              <li key={i} className={`rubric-level${i === currentLevel ? ' rubric-level--given' : ''}`} aria-current={i === currentLevel ? 'true' : undefined}>
                <span className="rubric-level__score">{plural(l.score, 'pt')}</span>
                <span className="rubric-level__text">{l.text}</span>
                {i === currentLevel ? <span className="rubric-level__mark">{r.status === 'accepted' ? 'Now' : 'Current'}</span> : null}
              </li>
            ))}
          </ol>
        </div>
      ) : null}

      {r.itemId ? (
        <p>
          <Link to={`/reviews/items/${r.itemId}`}>
            Open the reviewed work<span className="visually-hidden"> of {studentLabel(r.student)}</span>
          </Link>
        </p>
      ) : null}

      {r.status === 'open' ? (
        <>
          {r.youReviewed ? (
            <p className="regrade-card__note" role="note">
              You scored this work; another reviewer should decide when possible.
            </p>
          ) : null}
          <DecisionForm request={r} currentLevel={currentLevel} onDecided={onDecided} />
        </>
      ) : (
        <div className="regrade-card__outcome">
          <p>
            <strong>{r.status === 'accepted' ? 'Accepted' : 'Declined'}</strong>
            {r.resolvedAt ? ` on ${formatDate(r.resolvedAt)}` : ''}.
          </p>
          {r.reply ? (
            <p>
              <span className="regrade-card__label">Reply to the student: </span>
              {r.reply}
            </p>
          ) : null}
        </div>
      )}
    </li>
  );
}

function DecisionForm({ request: r, currentLevel, onDecided }: { request: RegradeQueueItem; currentLevel: number; onDecided: (message: string) => void }) {
  const id = `decide-${r.id}`;
  const [decision, setDecision] = useState<'accept' | 'decline' | null>(null);
  const [level, setLevel] = useState<number | null>(null);
  const [points, setPoints] = useState('');
  const [reply, setReply] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [decide, state] = useDecideRegradeMutation();
  const problem = toProblem(state.error);
  const busy = state.isLoading;
  const isCriterion = r.levels !== null;

  const validate = (): Record<string, string> => {
    const found: Record<string, string> = {};
    if (!decision) found.decision = 'Choose whether to accept or decline the request.';
    if (decision === 'accept') {
      if (isCriterion && level === null) found.level = 'Choose the new level.';
      if (!isCriterion) {
        const n = Number(points);
        if (points.trim() === '' || !Number.isFinite(n)) found.points = 'Enter the new points.';
        else if (n < 0 || n > r.max) found.points = `The new points must be between 0 and ${pts(r.max)}.`;
      }
    }
    if (reply.trim() === '') found.reply = 'Write a reply: tell the student why.';
    return found;
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const found = validate();
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(first === 'decision' ? `${id}-accept` : first === 'level' ? `${id}-level-0` : `${id}-${first}`)?.focus();
      return;
    }
    const result = await decide({
      requestId: r.id,
      decision: decision!,
      reply: reply.trim(),
      ...(decision === 'accept' ? (isCriterion ? { level: level! } : { points: Number(points) }) : {}),
    });
    if (!('error' in result)) {
      onDecided(`${decision === 'accept' ? 'Accepted' : 'Declined'} the regrade of “${r.target.title}” for ${studentLabel(r.student)}. The student sees your reply now.`);
    }
  };

  const serverField = (name: string, label: string) => (problem?.fields[name] ? fieldMessage(label, problem.fields[name]) : undefined);
  const decisionError = errors.decision;
  const levelError = errors.level ?? serverField('level', 'The level');
  const pointsError = errors.points ?? serverField('points', 'The points');
  const replyError = errors.reply ?? serverField('reply', 'The reply');
  const otherProblem = problem && Object.keys(problem.fields).length === 0 ? problem.message : null;

  return (
    <form className="regrade-decision" noValidate onSubmit={(e) => void onSubmit(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="regrade-decision__title">
        Your decision
      </h3>
      {otherProblem ? (
        <div className="banner banner--error" role="alert">
          <div className="banner__body">{otherProblem}</div>
        </div>
      ) : null}
      <fieldset className={`fieldset${decisionError ? ' field--invalid' : ''}`} aria-describedby={decisionError ? `${id}-decision-error` : undefined}>
        <legend className="fieldset__legend">Decision</legend>
        {decisionError ? (
          <p className="field__error" id={`${id}-decision-error`}>
            <span className="visually-hidden">Error: </span>
            {decisionError}
          </p>
        ) : null}
        <div className="choices">
          <label className="choice">
            <input id={`${id}-accept`} type="radio" name={`${id}-decision`} checked={decision === 'accept'} onChange={() => setDecision('accept')} />
            <span>
              <span className="choice__label">Accept</span>
              <span className="choice__hint">Change the score{isCriterion ? ' to another level' : ''}.</span>
            </span>
          </label>
          <label className="choice">
            <input type="radio" name={`${id}-decision`} checked={decision === 'decline'} onChange={() => setDecision('decline')} />
            <span>
              <span className="choice__label">Decline</span>
              <span className="choice__hint">Keep the score as it is.</span>
            </span>
          </label>
        </div>
      </fieldset>

      {decision === 'accept' && isCriterion ? (
        <fieldset className={`fieldset${levelError ? ' field--invalid' : ''}`} aria-describedby={levelError ? `${id}-level-error` : undefined}>
          <legend className="fieldset__legend">New level</legend>
          {levelError ? (
            <p className="field__error" id={`${id}-level-error`}>
              <span className="visually-hidden">Error: </span>
              {levelError}
            </p>
          ) : null}
          <div className="level-choices">
            {r.levels!.map((l, i) => (
              <label key={i} className="choice choice--level">
                <input id={`${id}-level-${i}`} type="radio" name={`${id}-level`} checked={level === i} onChange={() => setLevel(i)} />
                <span>
                  <span className="choice__label">
                    {plural(l.score, 'point')}
                    {i === currentLevel ? <span className="tag"> current</span> : null}
                  </span>
                  <span className="choice__hint">{l.text}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}

      {decision === 'accept' && !isCriterion ? (
        <Field id={`${id}-points`} label="New points" hint={`Between 0 and ${pts(r.max)}; now ${pts(r.current)}.`} error={pointsError}>
          {(control) => <input {...control} className="input input--narrow" type="number" inputMode="decimal" min={0} max={r.max} step="any" value={points} onChange={(e) => setPoints(e.target.value)} />}
        </Field>
      ) : null}

      <Field id={`${id}-reply`} label="Reply to the student" hint="The student reads this next to their score." error={replyError}>
        {(control) => <textarea {...control} className="input" rows={3} maxLength={5000} value={reply} onChange={(e) => setReply(e.target.value)} />}
      </Field>

      <div className="form__actions">
        <button type="submit" className="btn btn--primary" aria-disabled={busy || undefined}>
          {busy ? 'Sending…' : decision === 'decline' ? 'Decline the request' : decision === 'accept' ? 'Accept and change the score' : 'Send decision'}
        </button>
      </div>
    </form>
  );
}
