import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'react-redux';
import { Link, useParams } from 'react-router';
import type { AttemptReviewView } from '../../../server/contract/review';
import type { AttemptView, CheckResultView, DeliveredEvent } from '../../../server/contract/workspace';
import { useAppDispatch, useAppSelector } from '../app/hooks';
import { toProblem } from '../app/problem';
import { request } from '../app/socket';
import type { AppStore } from '../app/store';
import { Banner } from '../components/Banner';
import { usePageHeading } from '../components/Page';
import { useGetAttemptQuery, useSubmitAttemptMutation } from '../features/assignments/assignmentsApi';
import { useSession } from '../features/auth/useSession';
import { SaveQueue } from './autosave';
import { Countdown } from './Countdown';
import { dropAllDrafts, loadDrafts } from './drafts';
import { EditorArea } from './EditorArea';
import { Inbox } from './Inbox';
import { RegradeDialog } from './RegradeDialog';
import { ResultPanel } from './ResultPanel';
import type { RegradeTarget } from './ReviewFeedback';
import { SaveSummary } from './SaveSummary';
import { ConflictNotice, LinkNotice } from './Notices';
import { useFileEditing } from './useFileEditing';
import { attemptSource, type WorkspaceSource } from './source';
import { TasksPanel } from './TasksPanel';
import { ToolPanel, toolTabs, type ToolTab } from './tools';
import { Toasts, type Toast } from './Toasts';
import { useAttemptRoom } from './useAttemptRoom';
import { useInboxRead } from './useInboxRead';
import { describeUpcoming } from './upcoming';
import { AnswersContainer, ChecksContainer, ConflictContainer, FileTreeContainer, RunChecksButton, SubmitContainer } from './containers';
import { NARROW_QUERY, useMediaQuery, WorkspaceLayout, type WorkspacePanel } from './WorkspaceLayout';
import {
  attemptOpened,
  checksFailed,
  checksFinished,
  checksStarted,
  isDirty,
  selectChecks,
  selectFiles,
  selectWorkspaceAttemptId,
  workspaceFiles,
} from './workspaceSlice';

const CHECKS_TIMEOUT_MS = 120_000;
const NO_COMMENTS: AttemptReviewView['comments'] = [];

/** The route element: loads the attempt, then the workspace for it. Lazily loaded with Monaco. */
export default function WorkspacePage() {
  const { attemptId = '' } = useParams();
  const source = useMemo(() => attemptSource(attemptId), [attemptId]);
  const { data, error, isLoading } = useGetAttemptQuery(attemptId, { refetchOnMountOrArgChange: true });
  const { t } = useTranslation('workspace');
  const problem = toProblem(error);
  if (isLoading) {
    return (
      <div className="splash" role="status">
        {t('page.opening')}
      </div>
    );
  }
  if (!data) {
    return (
      <div className="ws-error">
        <Banner tone="error">{problem?.status === 404 ? t('page.notFound') : (problem?.message ?? t('page.loadFailed'))}</Banner>
        <p>
          <Link to="/">{t('page.backToYourAssignments')}</Link>
        </p>
      </div>
    );
  }
  return <Workspace key={data.id} attempt={data} source={source} />;
}

/** The panels' ids: the side's tabs, and the file list and editor (tabs of their own when narrow). */
type Tab = 'tasks' | 'files' | 'editor' | 'answers' | 'inbox' | 'checks' | 'result' | ToolTab;

type WorkspaceProps = {
  attempt: AttemptView;
  source: WorkspaceSource;
  /** A preview's own controls (skip ahead, back to the draft) and the banner saying what it is. */
  preview?: { actions: ReactNode; banner: ReactNode };
};

/** The workspace on one attempt, or on an author's preview of a draft (the page of that name passes it in). */
export function Workspace({ attempt, source, preview }: WorkspaceProps) {
  const store = useStore() as AppStore;
  const { t, i18n } = useTranslation('workspace');
  const dispatch = useAppDispatch();
  const [saver, setSaver] = useState<SaveQueue | null>(null);
  // A teacher may open a student's attempt: they see it as it is, and change nothing. A preview
  // is only ever shown to the author who started it.
  const isStudent = useSession().roles.includes('student');
  const isOwner = source.kind === 'preview' || isStudent;
  const inProgress = attempt.status === 'in_progress';
  const editable = inProgress && isOwner;
  const [tab, setTab] = useState<Tab>(inProgress ? 'tasks' : 'result');
  // A phone or a narrow window gets one tab list with the selected panel filling the screen.
  const narrow = useMediaQuery(NARROW_QUERY);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [notice, setNotice] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const [resolving, setResolving] = useState<string | null>(null);
  const [submitOpen, setSubmitOpen] = useState(false);
  const [submitAttempt] = useSubmitAttemptMutation();
  const ready = useAppSelector(selectWorkspaceAttemptId) === attempt.id;
  const headingRef = usePageHeading(attempt.scenario.title);
  const [regradeTarget, setRegradeTarget] = useState<RegradeTarget | null>(null);
  const review = attempt.review;
  const lineComments = review?.status === 'released' ? review.comments : NO_COMMENTS;

  // The working copy: the server's files, with any edits this browser kept that never reached it.
  useEffect(() => {
    const drafts = loadDrafts(source.keptAs);
    const open = attempt.status === 'in_progress';
    if (!open) {
      const lost = Object.entries(drafts).filter(([path, d]) => attempt.files.find((f) => f.path === path)?.content !== d.content).length;
      dropAllDrafts(source.keptAs);
      if (lost > 0) setNotice({ tone: 'error', text: t('page.lostEdits', { count: lost }) });
    }
    dispatch(
      attemptOpened({
        attemptId: attempt.id,
        files: attempt.files,
        drafts: open ? drafts : {},
        lastRun: attempt.lastRun,
        readEvents: source.readBefore(),
        taskFiles: attempt.tasks.map((t) => t.file),
      }),
    );
    const queue = new SaveQueue(source.saveTarget(workspaceFiles), store);
    if (open) queue.pruneDrafts();
    setSaver(queue);
    return () => queue.dispose();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- opened once (the component is keyed by the attempt): later copies of it update the store
  }, [attempt.id]);

  useEffect(() => {
    if (!inProgress) setTab('result');
  }, [inProgress]);

  const dismissToast = useCallback((id: string) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const onEvent = useCallback((event: DeliveredEvent) => {
    setToasts((ts) => [
      ...ts.filter((t) => t.id !== event.id),
      {
        id: event.id,
        title: t('toasts.newMessage', { from: event.from }),
        text: event.subject,
        action: { label: t('toasts.openInbox'), run: () => setTab('inbox') },
        persistent: true,
      },
    ]);
  }, [t]);
  const onSubmitted = useCallback((reason: 'student' | 'deadline') => {
    if (reason === 'deadline') setNotice({ tone: 'info', text: t('page.timeUpSubmitted') });
  }, [t]);
  useAttemptRoom(source, saver, { onEvent, onSubmitted });

  // 'attempt.graded' refetches the attempt (useAttemptRoom); the toast comes from what changed,
  // since the same event also announces the automatic score before any review.
  const reviewBefore = useRef(review);
  useEffect(() => {
    const before = reviewBefore.current;
    reviewBefore.current = review;
    if (!isOwner || before === review || review?.status !== 'released' || !before) return;
    const showResult = { label: t('toasts.showResult'), run: () => setTab('result') };
    if (before.status === 'pending') {
      setToasts((ts) => [
        ...ts.filter((t) => t.id !== 'review-released'),
        { id: 'review-released', title: t('toasts.reviewedTitle'), text: t('toasts.reviewedText'), action: showResult, persistent: true },
      ]);
      return;
    }
    const answered = (r: AttemptReviewView) => r.regrade.requests.filter((q) => q.status !== 'open').length;
    if (answered(review) > answered(before)) {
      setToasts((ts) => [
        ...ts.filter((t) => t.id !== 'regrade-answered'),
        { id: 'regrade-answered', title: t('toasts.regradeAnsweredTitle'), text: t('toasts.regradeAnsweredText'), action: showResult, persistent: true },
      ]);
    }
  }, [review, isOwner, t]);

  const { reveal, openAt, onEdit, onSaveNow, onResolve } = useFileEditing(workspaceFiles, saver, () => setResolving(null));
  // Narrow, the editor is a tab of its own: showing a line or opening a file brings it up.
  const onJumpToComment = (path: string, line: number) => {
    if (narrow) setTab('editor');
    openAt(path, line);
  };

  const tasks = attempt.tasks;
  const answerChecks = useMemo(() => tasks.flatMap((t) => t.checks.filter((c) => c.kind === 'answer')), [tasks]);
  const visibleChecks = useMemo(() => tasks.flatMap((t) => t.checks.filter((c) => c.visible)), [tasks]);

  const unsavedPaths = () =>
    Object.values(selectFiles(store.getState()))
      .filter(isDirty)
      .map((f) => f.path);

  const runChecks = async () => {
    if (!saver || selectChecks(store.getState()).running) return;
    setTab('checks');
    await saver.flushAll();
    dispatch(checksStarted({ ids: visibleChecks.map((c) => c.id) }));
    const ack = await request<{ autoScore: number; results: CheckResultView[] }>(source.checksEvent, { ...source.ref, lang: i18n.language }, CHECKS_TIMEOUT_MS);
    if (ack.ok) dispatch(checksFinished({ results: ack.data.results }));
    else dispatch(checksFailed(ack.error.code === 'offline' ? t('page.checksOffline') : ack.error.message));
  };

  const aheadMs = attempt.preview?.skippedMs ?? 0;
  const announced = attempt.upcoming.announced;
  const coming = announced ? attempt.upcoming.events.map((e) => describeUpcoming(e, tasks, aheadMs)) : [];
  const opensWith = announced ? Object.fromEntries(attempt.upcoming.events.flatMap((e) => (e.unlocks ? [[e.unlocks, describeUpcoming(e, tasks, aheadMs, undefined, true)]] : []))) : {};

  // The inbox is a panel in both layouts: it is on screen whenever it is the selected tab.
  const { unread, fresh } = useInboxRead(attempt, source, { shown: tab === 'inbox', canMark: isOwner, ready });
  // Opening the inbox answers the notices of the messages already in it.
  useEffect(() => {
    if (tab === 'inbox') setToasts((ts) => ts.filter((t) => !attempt.events.some((e) => e.id === t.id)));
  // eslint-disable-next-line react-hooks/exhaustive-deps -- on opening the inbox only: a message that arrives while it is open still gets its notice
  }, [tab]);

  const panels: WorkspacePanel[] = [
    { id: 'tasks', label: t('tabs.tasks'), narrowLabel: t('tabs.brief'), content: <TasksPanel attempt={attempt} opensWith={opensWith} /> },
    { id: 'files', label: t('tabs.files'), main: true, content: ready ? <FileTreeContainer onOpened={() => narrow && setTab('editor')} /> : <div /> },
    {
      id: 'editor',
      label: t('tabs.editor'),
      main: true,
      content: ready ? <EditorArea files={workspaceFiles} readOnly={!editable} onEdit={onEdit} onSaveNow={onSaveNow} comments={lineComments} reveal={reveal} /> : <div className="ws-editor" />,
    },
    ...(answerChecks.length > 0 ? [{ id: 'answers', label: t('tabs.answers'), content: <AnswersContainer checks={answerChecks} readOnly={!editable} onEdit={onEdit} /> }] : []),
    {
      id: 'inbox',
      label: t('tabs.inbox'),
      badge:
        unread.size > 0 ? (
          <span className="badge">
            {unread.size}
            <span className="visually-hidden">{t('tabs.unread')}</span>
          </span>
        ) : undefined,
      content: <Inbox events={attempt.events} unread={fresh} coming={coming} />,
    },
    inProgress
      ? { id: 'checks', label: t('tabs.checks'), content: <ChecksContainer checks={visibleChecks} /> }
      : { id: 'result', label: t('tabs.result'), content: <ResultPanel attempt={attempt} onRequestRegrade={isOwner ? setRegradeTarget : undefined} onJumpToComment={onJumpToComment} /> },
    ...toolTabs(attempt, editable, t).map((tool) => ({ ...tool, content: <ToolPanel tab={tool.id} attempt={attempt} source={source} flush={async () => saver?.flushAll()} /> })),
  ];
  return (
    <div className="ws">
      <header className="ws-header">
        <div className="ws-header__title">
          <p className="ws-header__eyebrow">
            {attempt.scenario.enterprise} · {attempt.scenario.role}
          </p>
          <h1 ref={headingRef} tabIndex={-1} className="ws-header__heading">
            {attempt.scenario.title}
          </h1>
        </div>
        <div className="ws-header__status">
          {ready && editable ? <SaveSummary selectFiles={selectFiles} /> : null}
          <Countdown
            deadlineAt={attempt.deadlineAt}
            serverTime={attempt.serverTime}
            aheadMs={attempt.preview?.skippedMs ?? 0}
            overText={source.kind === 'preview' ? t('page.previewOver') : undefined}
            active={inProgress}
          />
          {!inProgress ? (
            <span className={`pill pill--${attempt.result && attempt.status === 'submitted' ? 'awaiting_review' : attempt.status}`}>
              {attempt.status === 'graded' ? t('page.status.graded') : review?.status === 'pending' && attempt.result ? t('page.status.awaitingReview') : t('page.status.submitted')}
            </span>
          ) : null}
        </div>
        <div className="ws-header__actions">
          {editable ? (
            <>
              <RunChecksButton onRun={() => void runChecks()} disabled={visibleChecks.length === 0} />
              {/* A preview records nothing, so there is nothing to submit; its banner says so. */}
              {source.kind === 'preview' ? (
                preview?.actions
              ) : (
                <button type="button" className="btn btn--primary" onClick={() => setSubmitOpen(true)}>
                  {t('page.submit')}
                </button>
              )}
            </>
          ) : (
            <Link to="/" className="btn">
              {isOwner ? t('page.backToAssignments') : t('page.backToHome')}
            </Link>
          )}
        </div>
      </header>

      <div className="ws-notices">
        {preview?.banner}
        {notice ? (
          <Banner tone={notice.tone} onDismiss={() => setNotice(null)}>
            {notice.text}
          </Banner>
        ) : null}
        <ConflictNotice selectFiles={selectFiles} onResolve={setResolving} />
        <LinkNotice />
      </div>

      <WorkspaceLayout panels={panels} selected={tab} onSelect={(id) => setTab(id as Tab)} narrow={narrow} label={t('page.sideLabel')} />

      <Toasts toasts={toasts} onDismiss={dismissToast} />
      <RegradeDialog
        attemptId={attempt.id}
        target={regradeTarget}
        onClose={() => setRegradeTarget(null)}
        onSent={(target) => {
          // The mutation refetches the attempt, which brings the request into the result.
          setToasts((ts) => [
            ...ts.filter((t) => t.id !== 'regrade-sent'),
            { id: 'regrade-sent', title: t('toasts.regradeSentTitle'), text: t('toasts.regradeSentText', { title: target.title }) },
          ]);
        }}
      />
      <ConflictContainer path={resolving} onClose={() => setResolving(null)} onResolve={onResolve} />
      <SubmitContainer
        attempt={attempt}
        aheadMs={aheadMs}
        open={submitOpen}
        onClose={() => setSubmitOpen(false)}
        flush={async () => {
          await saver?.flushAll();
          return unsavedPaths();
        }}
        submit={async () => {
          const result = await submitAttempt(attempt.id);
          if (!('error' in result)) {
            setTab('result');
            // The Submit button is gone: focus goes to the result instead of the page's start.
            setTimeout(() => document.getElementById('tabpanel-result')?.focus(), 50);
          }
          return 'error' in result ? { error: result.error } : {};
        }}
      />
    </div>
  );
}
