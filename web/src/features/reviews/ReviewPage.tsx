import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { ReviewItemDetail } from '../../../../server/contract/review';
import { MODERATION_NOTE_MIN } from '../../../../server/contract/constants';
import { formatTime } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { usePageHeading } from '../../components/Page';
import { languageLabel, languageOf } from '../../workspace/language';
import { PanelTabs, TabPanel, type PanelTab } from '../../workspace/PanelTabs';
import { useSession } from '../auth/useSession';
import { useServerNow } from '../connection/useServerNow';
import { DiffView, type DiffViewHandle } from './DiffView';
import { CommentComposer, CommentList } from './LineComments';
import { dropReviewDraft, EMPTY_DRAFT, loadReviewDraft, saveReviewDraft, type ReviewDraft } from './reviewDraft';
import { ReleaseClaimDialog, SubmitReviewDialog } from './ReviewDialogs';
import { ReviewFooter } from './ReviewFooter';
import { fileState, ReviewFileTree } from './ReviewFileTree';
import { ReviewHeader, ReviewNotices, type ReviewNoticeText } from './ReviewHeader';
import { modeOf, type ReviewTab } from './reviewMode';
import { ReviewChecks } from './ReviewResults';
import { ReviewRubricTab } from './ReviewRubricTab';
import { useClaimReviewItemMutation, useGetReviewItemQuery, useReleaseReviewItemMutation, useSubmitReviewMutation } from './reviewsApi';
import { ReviewTaskList } from './ReviewTaskList';
import { rubricTotal } from './RubricPanel';
import { studentLabel } from './StudentRef';
import { useLineComments } from './useLineComments';
import { useReviewShortcuts } from './useReviewShortcuts';
import './ReviewPage.css';

/** The route element: loads the item, then the review of it. Lazily loaded with Monaco. */
export default function ReviewPage() {
  const { t } = useTranslation('reviews');
  const { itemId = '' } = useParams();
  const { data, error, isLoading } = useGetReviewItemQuery(itemId, { refetchOnMountOrArgChange: true });
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
          <Link to="/reviews">{t('backToQueue')}</Link>
        </p>
      </div>
    );
  }
  return <Review key={data.item.id} detail={data} />;
}

const SIDE_BY_SIDE_KEY = 'practicum:review-side-by-side';

function readSideBySide(): boolean {
  try {
    // Inline by default: beside a file list and a rubric, two columns of code are cramped.
    return localStorage.getItem(SIDE_BY_SIDE_KEY) === 'side';
  } catch {
    return false;
  }
}

function Review({ detail }: { detail: ReviewItemDetail }) {
  const { t } = useTranslation('reviews');
  const session = useSession();
  const navigate = useNavigate();
  const { item, rubric } = detail;
  const userId = session.user.id;
  const mode = modeOf(detail);
  const editing = mode === 'primary' || mode === 'moderation' || mode === 'calibration';
  const canComment = mode === 'primary' || mode === 'moderation';
  const headingRef = usePageHeading(t('page.title', { student: studentLabel(item.student) }));

  const [claim, claimState] = useClaimReviewItemMutation();
  const [release, releaseState] = useReleaseReviewItemMutation();
  const [submitReview, submitState] = useSubmitReviewMutation();

  // ——— The draft: levels, line comments and the overall comment, kept on this device ———
  const [draft, setDraft] = useState<ReviewDraft>(() => (editing ? loadReviewDraft(userId, item.id) : EMPTY_DRAFT));
  const [storageFailed, setStorageFailed] = useState(false);
  const editable = useMemo(() => new Set(mode === 'moderation' ? detail.flagged : editing ? rubric.map((c) => c.id) : []), [mode, detail.flagged, rubric, editing]);

  // A review that is in (or work someone else finished) leaves no draft behind; a claim
  // taken (again) picks up the draft this device kept.
  useEffect(() => {
    if (!editing && mode !== 'claim') dropReviewDraft(userId, item.id);
    if (editing) setDraft((d) => (d === EMPTY_DRAFT ? loadReviewDraft(userId, item.id) : d));
  }, [editing, mode, userId, item.id]);
  useEffect(() => {
    // EMPTY_DRAFT itself is "not loaded yet", never written over what storage holds.
    if (editing && draft !== EMPTY_DRAFT) setStorageFailed(!saveReviewDraft(userId, item.id, draft));
  }, [draft, editing, userId, item.id]);

  // ——— Files ———
  const files = useMemo(() => [...detail.files].sort((a, b) => a.path.localeCompare(b.path)), [detail.files]);
  const [activePath, setActivePath] = useState<string | null>(() => (files.find((f) => fileState(f) !== 'unchanged') ?? files[0])?.path ?? null);
  const [sideBySide, setSideBySide] = useState(readSideBySide);
  const [cursorLine, setCursorLine] = useState(1);
  const diffRef = useRef<DiffViewHandle>(null);
  const activeFile = files.find((f) => f.path === activePath) ?? null;

  const toggleSideBySide = (value: boolean) => {
    setSideBySide(value);
    try {
      localStorage.setItem(SIDE_BY_SIDE_KEY, value ? 'side' : 'inline');
    } catch {
      // a preference only
    }
  };

  // ——— Comments ———
  const { composer, setComposer, openComposer, saveComposer, cancelComposer, allComments, diffComments, commentsByPath } = useLineComments({
    detail,
    draft,
    setDraft,
    editing,
    canComment,
    activePath,
    userName: session.user.name,
    diffRef,
  });

  // ——— Rubric ———
  const [tab, setTab] = useState<ReviewTab>('rubric');
  const [focused, setFocused] = useState<string | null>(null);
  const selected: Record<string, number> = useMemo(() => {
    if (editing) {
      const levels: Record<string, number> = {};
      for (const c of rubric) {
        const level = draft.levels[c.id];
        if (editable.has(c.id) && level !== undefined && c.levels[level]) levels[c.id] = level;
      }
      return levels;
    }
    const source = detail.calibration?.mine ?? (detail.mine?.status === 'submitted' ? detail.mine.scores : []);
    return Object.fromEntries(source.map((s) => [s.criterionId, s.level]));
  }, [editing, draft.levels, editable, rubric, detail]);

  const required = rubric.filter((c) => editable.has(c.id));
  const missing = required.filter((c) => selected[c.id] === undefined);
  // A lead settling work they scored themselves says why, on the record.
  const noteRequired = mode === 'moderation' && detail.moderation?.noteRequired === true;
  const noteMissing = noteRequired && draft.note.trim().length < MODERATION_NOTE_MIN;
  const total = rubricTotal(rubric, selected);

  const setLevel = useCallback((criterionId: string, level: number) => setDraft((d) => ({ ...d, levels: { ...d.levels, [criterionId]: level } })), []);

  // ——— Keyboard: j/k criteria, 1–9 levels, f files, c comment ———
  useReviewShortcuts({ focused, editing, editable, rubric, files, activePath, tab, openComposer }, { setTab, setFocused, setLevel, setActivePath, diffRef });

  // ——— Claim ———
  const now = useServerNow(15_000);
  const claimExpiresAt = item.mine?.claimExpiresAt ?? null;
  const claimLeft = claimExpiresAt ? Date.parse(claimExpiresAt) - now : null;
  const [notice, setNotice] = useState<ReviewNoticeText | null>(null);
  const [releaseOpen, setReleaseOpen] = useState(false);

  const onClaim = async (extend: boolean) => {
    setNotice(null);
    const result = await claim(item.id);
    if ('error' in result) {
      const p = toProblem(result.error);
      setNotice({ tone: 'error', text: p?.status === 409 ? t('page.claimTaken') : (p?.message ?? t('page.claimFailed')) });
      return;
    }
    const until = result.data.item.mine?.claimExpiresAt;
    setNotice({
      tone: 'success',
      text: t('page.claimed', {
        action: extend ? 'extend' : item.status === 'moderation' ? 'moderate' : 'review',
        until: until ? 'yes' : 'no',
        time: until ? formatTime(until) : '',
      }),
    });
  };

  const onRelease = async () => {
    const result = await release(item.id);
    if ('error' in result) {
      setReleaseOpen(false);
      setNotice({ tone: 'error', text: toProblem(result.error)?.message ?? t('page.releaseFailed') });
      return;
    }
    dropReviewDraft(userId, item.id);
    void navigate('/reviews');
  };

  // ——— Submit ———
  const [confirmOpen, setConfirmOpen] = useState(false);
  const [submitProblem, setSubmitProblem] = useState<string | null>(null);
  const onSubmit = async () => {
    setSubmitProblem(null);
    const result = await submitReview({
      itemId: item.id,
      scores: required.map((c) => ({ criterionId: c.id, level: selected[c.id]! })),
      comments: canComment ? draft.comments.filter((c) => c.body.trim()).map(({ path, line, body }) => ({ path, line, body: body.trim() })) : [],
      overallComment: canComment ? draft.overall.trim() : '',
      ...(noteRequired ? { moderationNote: draft.note.trim() } : {}),
    });
    if ('error' in result) {
      const p = toProblem(result.error);
      const message = p?.message ?? t('page.submitFailed');
      setSubmitProblem(/draft|草稿/i.test(message) ? message : t('page.submitFailedKept', { message }));
      return;
    }
    dropReviewDraft(userId, item.id);
    setDraft(EMPTY_DRAFT);
    setComposer(null);
    setConfirmOpen(false);
    const after = result.data;
    setNotice({
      tone: 'success',
      text:
        mode === 'calibration'
          ? t('page.submitted.calibration')
          : mode === 'moderation'
            ? t('page.submitted.moderation')
            : after.item.status === 'done'
              ? t('page.submitted.released')
              : t('page.submitted.review'),
    });
    setTab('rubric');
    setTimeout(() => {
      // The outcome (comparison, calibration differences) sits at the top of the rubric.
      document.getElementById('tabpanel-rubric')?.scrollTo(0, 0);
      headingRef.current?.focus();
    }, 50);
  };

  const checksPassed = detail.checks.filter((c) => c.passed).length;
  const panelTabs: PanelTab[] = [
    {
      id: 'rubric',
      label: t('page.tabs.rubric'),
      badge:
        editing && missing.length > 0 ? (
          <span className="badge">
            {missing.length}
            <span className="visually-hidden"> {t('page.tabs.toScore')}</span>
          </span>
        ) : undefined,
    },
    {
      id: 'checks',
      label: t('page.tabs.checks'),
      badge: (
        <span className="panel-tabs__meta">
          {checksPassed}/{detail.checks.length}
          <span className="visually-hidden"> {t('page.tabs.passed')}</span>
        </span>
      ),
    },
    { id: 'task', label: t('page.tabs.task') },
  ];

  const fileComments = allComments.filter((c) => c.path === activePath);

  return (
    <div className="ws review">
      <ReviewHeader
        item={item}
        mode={mode}
        headingRef={headingRef}
        claimLeft={claimLeft}
        canComment={canComment}
        claiming={claimState.isLoading}
        onClaim={onClaim}
        onAskRelease={() => setReleaseOpen(true)}
      />

      <ReviewNotices detail={detail} mode={mode} userId={userId} claimLeft={claimLeft} notice={notice} onDismiss={() => setNotice(null)} storageFailed={storageFailed} />

      <div className="ws-body review-body">
        <ReviewFileTree files={files} activePath={activePath} commentsByPath={commentsByPath} onOpen={setActivePath} />

        <section className="ws-editor review-editor" aria-label={t('page.code')}>
          <div className="review-toolbar">
            <span className="status-bar__path">{activeFile?.path ?? t('page.noFile')}</span>
            {activeFile ? (
              <span className="review-toolbar__meta">
                {t('page.fileMeta', { language: languageLabel(languageOf(activeFile.path)), state: fileState(activeFile) })}
              </span>
            ) : null}
            <label className="check review-toolbar__toggle">
              <input type="checkbox" checked={sideBySide} onChange={(e) => toggleSideBySide(e.target.checked)} />
              {t('page.sideBySide')}
            </label>
            {canComment && activeFile ? (
              <button type="button" className="btn btn--small" onClick={() => openComposer(cursorLine)}>
                {t('page.commentOnLine', { line: cursorLine })}
              </button>
            ) : null}
          </div>
          <div className="ws-editor__surface">
            <DiffView
              ref={diffRef}
              itemId={item.id}
              files={files}
              activePath={activePath}
              sideBySide={sideBySide}
              comments={diffComments}
              onCommentLine={canComment ? openComposer : undefined}
              onCursorLine={setCursorLine}
            />
            {!activeFile ? (
              <div className="ws-editor__empty">
                <p>{t('page.noFileToShow')}</p>
              </div>
            ) : null}
          </div>
          <div className="review-comments">
            {composer ? (
              <CommentComposer
                composer={composer}
                onChange={(body) => setComposer((c) => (c ? { ...c, body } : c))}
                onSave={saveComposer}
                onCancel={cancelComposer}
              />
            ) : null}
            <CommentList
              path={activePath}
              comments={fileComments}
              elsewhere={allComments.length - fileComments.length}
              onJump={(line) => diffRef.current?.revealLine(line)}
              onEdit={
                canComment
                  ? (c) => {
                      if (c.path !== activePath) setActivePath(c.path);
                      setComposer({ path: c.path, line: c.line, body: c.body, editingId: c.id });
                    }
                  : undefined
              }
              onDelete={canComment ? (c) => setDraft((d) => ({ ...d, comments: d.comments.filter((x) => x.id !== c.id) })) : undefined}
            />
          </div>
        </section>

        <aside className="ws-side review-side" aria-label={t('page.scoring')}>
          <PanelTabs label={t('page.scoring')} tabs={panelTabs} selected={tab} onSelect={(id) => setTab(id as ReviewTab)} />
          <TabPanel id={tab}>
            {tab === 'rubric' ? (
              <ReviewRubricTab
                detail={detail}
                mode={mode}
                selected={selected}
                editable={editable}
                onSelect={setLevel}
                onFocusCriterion={setFocused}
                draft={draft}
                onNoteChange={(note) => setDraft((d) => ({ ...d, note }))}
                onOverallChange={(overall) => setDraft((d) => ({ ...d, overall }))}
                editing={editing}
                canComment={canComment}
                noteRequired={noteRequired}
              />
            ) : null}
            {tab === 'checks' ? <ReviewChecks checks={detail.checks} autoScore={item.autoScore} /> : null}
            {tab === 'task' ? <ReviewTaskList tasks={detail.tasks} /> : null}
          </TabPanel>
          {editing || (total.scored > 0 && detail.mine?.kind !== 'moderation') ? (
            <ReviewFooter
              mode={mode}
              editing={editing}
              total={total}
              requiredCount={required.length}
              missingCount={missing.length}
              noteMissing={noteMissing}
              onSubmit={() => setConfirmOpen(true)}
            />
          ) : null}
        </aside>
      </div>

      <SubmitReviewDialog
        open={confirmOpen}
        mode={mode}
        busy={submitState.isLoading}
        problem={submitProblem}
        flaggedCount={required.length}
        total={total}
        draft={draft}
        canComment={canComment}
        noteRequired={noteRequired}
        onSubmit={onSubmit}
        onClose={() => setConfirmOpen(false)}
      />

      <ReleaseClaimDialog open={releaseOpen} busy={releaseState.isLoading} onRelease={onRelease} onClose={() => setReleaseOpen(false)} />
    </div>
  );
}
