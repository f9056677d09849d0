import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ServerEvents } from '../../../../server/contract/realtime';
import type { QueueChanged, RegradeQueueItem } from '../../../../server/contract/review';
import { formatDate, formatDateTime, formatNumber } from '../../app/format';
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

function pts(n: number | null): string {
  return n === null ? '—' : formatNumber(n, 2);
}

/** Students' requests for a second look at a released score; a reviewer accepts (with the new score) or declines, and says why. */
export function RegradesPage() {
  const { t } = useTranslation('reviews');
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
      title={t('regrades.title')}
      intro={t('regrades.intro')}
    >
      <p className="back-link">
        <Link to="/reviews">{t('backToQueue')}</Link>
      </p>

      <div className="queue-bar">
        <div className="segmented" role="group" aria-label={t('regrades.show')}>
          <button type="button" className="segmented__option" aria-pressed={status === 'open'} onClick={() => show('open')}>
            {t('regrades.open')}
            {openCount !== undefined ? <span className="segmented__count">{openCount}</span> : null}
          </button>
          <button type="button" className="segmented__option" aria-pressed={status === 'resolved'} onClick={() => show('resolved')}>
            {t('regrades.resolved')}
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
      {problem ? <Banner tone="error">{problem.status === 403 ? t('regrades.forbidden') : problem.message}</Banner> : null}

      <p className="result-count" aria-live="polite">
        {isLoading ? t('regrades.loading') : data ? t('regrades.count', { count: data.length, status }) : ''}
      </p>

      {data && data.length === 0 ? (
        status === 'open' ? (
          <EmptyState title={t('regrades.emptyOpenTitle')}>{t('regrades.emptyOpenText')}</EmptyState>
        ) : (
          <EmptyState title={t('regrades.emptyResolvedTitle')}>{t('regrades.emptyResolvedText')}</EmptyState>
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
  const { t } = useTranslation('reviews');
  const titleId = `regrade-${r.id}`;
  const statusLabel: Record<RegradeQueueItem['status'], string> = {
    open: t('regrades.status.open'),
    accepted: t('regrades.status.accepted'),
    declined: t('regrades.status.declined'),
  };
  const currentLevel = r.levels && r.current !== null ? r.levels.findIndex((l) => l.score === r.current) : -1;
  return (
    <li className="regrade-card" data-regrade={r.id} aria-labelledby={titleId}>
      <div className="regrade-card__head">
        <div>
          <p className="regrade-card__kind">{r.target.kind === 'criterion' ? t('regrades.kindCriterion') : t('regrades.kindCheck')}</p>
          <h2 id={titleId} className="regrade-card__title">
            {r.target.title}
          </h2>
        </div>
        <span className={`pill pill--regrade-${r.status}`}>{statusLabel[r.status]}</span>
      </div>
      <dl className="regrade-card__facts">
        <div>
          <dt>{t('student')}</dt>
          <dd>
            <StudentRef student={r.student} inline />
          </dd>
        </div>
        <div>
          <dt>{t('scenario')}</dt>
          <dd>{r.scenario.title}</dd>
        </div>
        <div>
          <dt>{t('assignment')}</dt>
          <dd>{r.assignment.title}</dd>
        </div>
        <div>
          <dt>{r.status === 'accepted' ? t('regrades.score') : t('regrades.currentScore')}</dt>
          <dd className="regrade-card__score">
            {r.status === 'accepted' && r.from !== null && r.to !== null ? (
              <Trans t={t} i18nKey="regrades.changed" values={{ from: pts(r.from), to: pts(r.to), max: pts(r.max) }} components={{ strong: <strong /> }} />
            ) : (
              <Trans t={t} i18nKey="regrades.current" values={{ current: pts(r.current), max: pts(r.max), count: r.max }} components={{ strong: <strong /> }} />
            )}
          </dd>
        </div>
        <div>
          <dt>{t('regrades.asked')}</dt>
          <dd>
            <time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time>
          </dd>
        </div>
      </dl>

      <figure className="review-quote">
        <figcaption className="review-quote__label">{t('regrades.reason')}</figcaption>
        <blockquote className="review-quote__text">{r.reason}</blockquote>
      </figure>

      {r.levels ? (
        <div className="regrade-card__levels">
          <p className="regrade-card__label" id={`${titleId}-levels`}>
            {t('regrades.levels')}
          </p>
          <ol className="rubric-levels" aria-labelledby={`${titleId}-levels`}>
            {r.levels.map((l, i) => (
              <li key={i} className={`rubric-level${i === currentLevel ? ' rubric-level--given' : ''}`} aria-current={i === currentLevel ? 'true' : undefined}>
                <span className="rubric-level__score">{t('pts', { count: l.score })}</span>
                <span className="rubric-level__text">{l.text}</span>
                {i === currentLevel ? <span className="rubric-level__mark">{r.status === 'accepted' ? t('regrades.now') : t('regrades.currentMark')}</span> : null}
              </li>
            ))}
          </ol>
        </div>
      ) : null}

      {r.itemId ? (
        <p>
          <Link to={`/reviews/items/${r.itemId}`}>
            {t('regrades.openWork')}
            <span className="visually-hidden">{t('regrades.openWorkOf', { student: studentLabel(r.student) })}</span>
          </Link>
        </p>
      ) : null}

      {r.status === 'open' ? (
        <>
          {r.youReviewed ? (
            <p className="regrade-card__note" role="note">
              {t('regrades.youReviewed')}
            </p>
          ) : null}
          <DecisionForm request={r} currentLevel={currentLevel} onDecided={onDecided} />
        </>
      ) : (
        <div className="regrade-card__outcome">
          <p>
            <Trans
              t={t}
              i18nKey="regrades.outcome"
              values={{ decision: r.status === 'accepted' ? 'accepted' : 'declined', when: r.resolvedAt ? 'yes' : 'no', date: r.resolvedAt ? formatDate(r.resolvedAt) : '' }}
              components={{ strong: <strong /> }}
            />
          </p>
          {r.reply ? (
            <p>
              <span className="regrade-card__label">{t('regrades.replyLabel')}</span>
              {r.reply}
            </p>
          ) : null}
        </div>
      )}
    </li>
  );
}

function DecisionForm({ request: r, currentLevel, onDecided }: { request: RegradeQueueItem; currentLevel: number; onDecided: (message: string) => void }) {
  const { t } = useTranslation('reviews');
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
    if (!decision) found.decision = t('regrades.err.decision');
    if (decision === 'accept') {
      if (isCriterion && level === null) found.level = t('regrades.err.level');
      if (!isCriterion) {
        const n = Number(points);
        if (points.trim() === '' || !Number.isFinite(n)) found.points = t('regrades.err.points');
        else if (n < 0 || n > r.max) found.points = t('regrades.err.pointsRange', { max: pts(r.max) });
      }
    }
    if (reply.trim() === '') found.reply = t('regrades.err.reply');
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
      onDecided(t('regrades.decided', { decision: decision === 'accept' ? 'accepted' : 'declined', target: r.target.title, student: studentLabel(r.student) }));
    }
  };

  const serverField = (name: string, label: string) => (problem?.fields[name] ? fieldMessage(label, problem.fields[name]) : undefined);
  const decisionError = errors.decision;
  const levelError = errors.level ?? serverField('level', t('regrades.field.level'));
  const pointsError = errors.points ?? serverField('points', t('regrades.field.points'));
  const replyError = errors.reply ?? serverField('reply', t('regrades.field.reply'));
  const otherProblem = problem && Object.keys(problem.fields).length === 0 ? problem.message : null;

  return (
    <form className="regrade-decision" noValidate onSubmit={(e) => void onSubmit(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="regrade-decision__title">
        {t('regrades.yourDecision')}
      </h3>
      {otherProblem ? (
        <div className="banner banner--error" role="alert">
          <div className="banner__body">{otherProblem}</div>
        </div>
      ) : null}
      <fieldset className={`fieldset${decisionError ? ' field--invalid' : ''}`} aria-describedby={decisionError ? `${id}-decision-error` : undefined}>
        <legend className="fieldset__legend">{t('regrades.decision')}</legend>
        {decisionError ? (
          <p className="field__error" id={`${id}-decision-error`}>
            <span className="visually-hidden">{t('regrades.error')}</span>
            {decisionError}
          </p>
        ) : null}
        <div className="choices">
          <label className="choice">
            <input id={`${id}-accept`} type="radio" name={`${id}-decision`} checked={decision === 'accept'} onChange={() => setDecision('accept')} />
            <span>
              <span className="choice__label">{t('regrades.accept')}</span>
              <span className="choice__hint">{t('regrades.acceptHint', { criterion: isCriterion ? 'yes' : 'no' })}</span>
            </span>
          </label>
          <label className="choice">
            <input type="radio" name={`${id}-decision`} checked={decision === 'decline'} onChange={() => setDecision('decline')} />
            <span>
              <span className="choice__label">{t('regrades.decline')}</span>
              <span className="choice__hint">{t('regrades.declineHint')}</span>
            </span>
          </label>
        </div>
      </fieldset>

      {decision === 'accept' && isCriterion ? (
        <fieldset className={`fieldset${levelError ? ' field--invalid' : ''}`} aria-describedby={levelError ? `${id}-level-error` : undefined}>
          <legend className="fieldset__legend">{t('regrades.newLevel')}</legend>
          {levelError ? (
            <p className="field__error" id={`${id}-level-error`}>
              <span className="visually-hidden">{t('regrades.error')}</span>
              {levelError}
            </p>
          ) : null}
          <div className="level-choices">
            {r.levels!.map((l, i) => (
              <label key={i} className="choice choice--level">
                <input id={`${id}-level-${i}`} type="radio" name={`${id}-level`} checked={level === i} onChange={() => setLevel(i)} />
                <span>
                  <span className="choice__label">
                    {t('points', { count: l.score })}
                    {i === currentLevel ? <span className="tag">{t('regrades.currentTag')}</span> : null}
                  </span>
                  <span className="choice__hint">{l.text}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}

      {decision === 'accept' && !isCriterion ? (
        <Field id={`${id}-points`} label={t('regrades.newPoints')} hint={t('regrades.newPointsHint', { max: pts(r.max), current: pts(r.current) })} error={pointsError}>
          {(control) => <input {...control} className="input input--narrow" type="number" inputMode="decimal" min={0} max={r.max} step="any" value={points} onChange={(e) => setPoints(e.target.value)} />}
        </Field>
      ) : null}

      <Field id={`${id}-reply`} label={t('regrades.reply')} hint={t('regrades.replyHint')} error={replyError}>
        {(control) => <textarea {...control} className="input" rows={3} maxLength={5000} value={reply} onChange={(e) => setReply(e.target.value)} />}
      </Field>

      <div className="form__actions">
        <button type="submit" className="btn btn--primary" aria-disabled={busy || undefined}>
          {busy ? t('regrades.sending') : decision === 'decline' ? t('regrades.declineRequest') : decision === 'accept' ? t('regrades.acceptRequest') : t('regrades.send')}
        </button>
      </div>
    </form>
  );
}
