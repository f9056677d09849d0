import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { ReviewFile, ReviewItemDetail } from '../../../../server/contract/review';
import { formatDateTime, formatScore, formatTimeLeft, plural } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Dialog } from '../../components/Dialog';
import { usePageHeading } from '../../components/Page';
import { languageLabel, languageOf } from '../../workspace/language';
import { Markdown } from '../../workspace/Markdown';
import { PanelTabs, TabPanel, type PanelTab } from '../../workspace/PanelTabs';
import { useSession } from '../auth/useSession';
import { useServerNow } from '../connection/useServerNow';
import { DiffView, type DiffComment, type DiffViewHandle } from './DiffView';
import { CommentComposer, CommentList, type Composer, type ListedComment } from './LineComments';
import { dropReviewDraft, EMPTY_DRAFT, loadReviewDraft, saveReviewDraft, type ReviewDraft } from './reviewDraft';
import { CalibrationDifferences, ReviewChecks, ReviewComparison, reviewerLabel } from './ReviewResults';
import { useClaimReviewItemMutation, useGetReviewItemQuery, useReleaseReviewItemMutation, useSubmitReviewMutation } from './reviewsApi';
import { focusCriterion, focusLevel, RubricPanel, rubricTotal, type LevelMarker } from './RubricPanel';
import { StudentRef, studentLabel } from './StudentRef';
import { CalibrationMark } from './CalibrationMark';
import { isLeadFor } from './EnterprisePicker';
import { ModerationNoteField, ModerationNotice } from './ModerationNotice';
import { MODERATION_NOTE_MIN } from '../../../../server/contract/constants';
import './ReviewPage.css';

/** The route element: loads the item, then the review of it. Lazily loaded with Monaco. */
export default function ReviewPage() {
  const { itemId = '' } = useParams();
  const { data, error, isLoading } = useGetReviewItemQuery(itemId, { refetchOnMountOrArgChange: true });
  const problem = toProblem(error);
  if (isLoading) {
    return (
      <div className="splash" role="status">
        Opening the submission…
      </div>
    );
  }
  if (!data) {
    return (
      <div className="ws-error">
        <Banner tone="error">{problem?.status === 404 ? 'There is no such review item, or it belongs to another company.' : (problem?.message ?? 'The review item could not be loaded.')}</Banner>
        <p>
          <Link to="/reviews">Back to the review queue</Link>
        </p>
      </div>
    );
  }
  return <Review key={data.item.id} detail={data} />;
}

/**
 * What the caller does with the item now. `claim`: scoring starts with a claim (an open item's
 * free slot, or a moderation a lead may take); `primary`: their claimed review; `moderation`:
 * their claimed moderation of flagged criteria; `calibration`: scoring a calibration item to
 * compare with the agreed levels (hidden until then; a lead sees them, and does not score);
 * `view`: read only.
 */
type Mode = 'claim' | 'primary' | 'moderation' | 'calibration' | 'view';

function modeOf(d: ReviewItemDetail): Mode {
  const { item } = d;
  if (item.status === 'done') {
    return item.calibration && d.calibration && d.calibration.mine === null && d.calibration.agreed.length === 0 ? 'calibration' : 'view';
  }
  const claimed = item.mine?.status === 'claimed';
  if (item.status === 'moderation') {
    if (!d.canModerate) return 'view';
    return claimed ? 'moderation' : item.claimedByOther ? 'view' : 'claim';
  }
  if (claimed) return 'primary';
  return !item.mine && !item.claimedByOther ? 'claim' : 'view';
}

const MODE_PILL: Record<Mode, { label: string; tone: string } | null> = {
  claim: { label: 'Open', tone: 'open' },
  primary: { label: 'Claimed by you', tone: 'in_progress' },
  moderation: { label: 'Moderation', tone: 'awaiting_review' },
  calibration: { label: 'Calibration', tone: 'in_progress' },
  view: null,
};

type Tab = 'rubric' | 'checks' | 'task';
type FileState = 'added' | 'changed' | 'unchanged';

const SIDE_BY_SIDE_KEY = 'practicum:review-side-by-side';
const CLAIM_WARNING_MS = 5 * 60_000;

function fileState(f: ReviewFile): FileState {
  return f.starter === null ? 'added' : f.starter === f.content ? 'unchanged' : 'changed';
}

const FILE_STATE_LABEL: Record<FileState, string> = { added: 'new', changed: 'changed', unchanged: 'unchanged' };

function newId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** Keys typed into a form field are text, not shortcuts. Monaco's own input area is not a form field (it is read-only here). */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  if (el.isContentEditable) return true;
  if (el instanceof HTMLTextAreaElement) return !(el.classList.contains('inputarea') && el.closest('.diff-view'));
  if (el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !['radio', 'checkbox', 'button', 'submit', 'reset'].includes(el.type);
  return false;
}

function readSideBySide(): boolean {
  try {
    // Inline by default: beside a file list and a rubric, two columns of code are cramped.
    return localStorage.getItem(SIDE_BY_SIDE_KEY) === 'side';
  } catch {
    return false;
  }
}

/** Task files often open with their own title as a heading; the panel already shows it. */
function withoutTitle(markdown: string, title: string): string {
  const match = /^\s*#{1,3}\s+(.+?)\s*#*\s*(\n|$)/.exec(markdown);
  return match && match[1]!.trim().toLowerCase() === title.trim().toLowerCase() ? markdown.slice(match[0].length) : markdown;
}

function Review({ detail }: { detail: ReviewItemDetail }) {
  const session = useSession();
  const navigate = useNavigate();
  const { item, rubric } = detail;
  const userId = session.user.id;
  const mode = modeOf(detail);
  const editing = mode === 'primary' || mode === 'moderation' || mode === 'calibration';
  const canComment = mode === 'primary' || mode === 'moderation';
  const headingRef = usePageHeading(`Review: ${studentLabel(item.student)}`);

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
  const [composer, setComposer] = useState<Composer | null>(null);
  const openComposer = useCallback(
    (line: number) => {
      if (!canComment || !activePath) return;
      setComposer({ path: activePath, line, body: '', editingId: null });
    },
    [canComment, activePath],
  );
  const saveComposer = () => {
    if (!composer) return;
    const body = composer.body.trim();
    if (!body) return;
    setDraft((d) => ({
      ...d,
      comments: composer.editingId
        ? d.comments.map((c) => (c.id === composer.editingId ? { ...c, body } : c))
        : [...d.comments, { id: newId(), path: composer.path, line: composer.line, body }],
    }));
    setComposer(null);
    diffRef.current?.focus();
  };
  const cancelComposer = () => {
    setComposer(null);
    diffRef.current?.focus();
  };

  // Comments carry the author's name only; yours are the ones with your name.
  const savedComments: ListedComment[] = detail.comments.map((c) => ({
    id: c.id,
    path: c.path,
    line: c.line,
    body: c.body,
    author: c.author === null ? 'Reviewer' : c.author === session.user.name ? 'You' : c.author,
    draft: false,
  }));
  const draftComments: ListedComment[] = editing ? draft.comments.map((c) => ({ ...c, author: 'You', draft: true })) : [];
  const allComments = [...savedComments, ...draftComments];
  // eslint-disable-next-line react-hooks/exhaustive-deps -- allComments is built again each render from these three
  const diffComments: DiffComment[] = useMemo(() => allComments.map(({ id, path, line, body, draft: isDraft }) => ({ id, path, line, body, draft: isDraft })), [detail.comments, draft.comments, editing]);
  const commentsByPath = useMemo(() => {
    const m = new Map<string, number>();
    for (const c of allComments) m.set(c.path, (m.get(c.path) ?? 0) + 1);
    return m;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- as diffComments
  }, [detail.comments, draft.comments, editing]);

  // ——— Rubric ———
  const [tab, setTab] = useState<Tab>('rubric');
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

  const markers = useMemo(() => {
    const m: Record<string, LevelMarker[]> = {};
    const add = (criterionId: string, marker: LevelMarker) => (m[criterionId] ??= []).push(marker);
    const othersShown = detail.others.length > 0;
    if (othersShown && detail.mine?.status === 'submitted') for (const s of detail.mine.scores) add(s.criterionId, { level: s.level, label: 'You', tone: 'you' });
    detail.others.forEach((review, i) => {
      for (const s of review.scores) add(s.criterionId, { level: s.level, label: reviewerLabel(review, i), tone: 'other' });
    });
    if (detail.calibration && mode !== 'calibration') for (const a of detail.calibration.agreed) add(a.criterionId, { level: a.level, label: 'Agreed', tone: 'agreed' });
    return m;
  }, [detail, mode]);

  const flagged = useMemo(() => new Set(detail.flagged), [detail.flagged]);
  const taskTitles = useMemo(() => Object.fromEntries(detail.tasks.map((t) => [t.id, t.title])), [detail.tasks]);
  const required = rubric.filter((c) => editable.has(c.id));
  const missing = required.filter((c) => selected[c.id] === undefined);
  // A lead settling work they scored themselves says why, on the record.
  const noteRequired = mode === 'moderation' && detail.moderation?.noteRequired === true;
  const noteMissing = noteRequired && draft.note.trim().length < MODERATION_NOTE_MIN;
  const lead = isLeadFor(session.user.memberships, detail.enterpriseId);
  const total = rubricTotal(rubric, selected);

  const setLevel = useCallback((criterionId: string, level: number) => setDraft((d) => ({ ...d, levels: { ...d.levels, [criterionId]: level } })), []);

  // ——— Keyboard: j/k criteria, 1–9 levels, f files, c comment ———
  const keyState = useRef({ focused, editing, editable, rubric, files, activePath, tab, openComposer });
  keyState.current = { focused, editing, editable, rubric, files, activePath, tab, openComposer };
  useEffect(() => {
    const showRubric = (then: () => void) => {
      if (keyState.current.tab === 'rubric') then();
      else {
        setTab('rubric');
        requestAnimationFrame(then);
      }
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (isTyping(event.target) || document.querySelector('dialog[open]')) return;
      const s = keyState.current;
      const order = (s.editing ? s.rubric.filter((c) => s.editable.has(c.id)) : s.rubric).map((c) => c.id);
      const key = event.key;
      if ((key === 'j' || key === 'k') && order.length > 0) {
        event.preventDefault();
        const i = s.focused ? order.indexOf(s.focused) : -1;
        const next = key === 'j' ? (i < 0 ? 0 : Math.min(order.length - 1, i + 1)) : i < 0 ? order.length - 1 : Math.max(0, i - 1);
        const id = order[next]!;
        setFocused(id);
        showRubric(() => focusCriterion(id));
      } else if (/^[1-9]$/.test(key) && s.focused && s.editable.has(s.focused)) {
        const criterion = s.rubric.find((c) => c.id === s.focused);
        const level = Number(key) - 1;
        if (!criterion?.levels[level]) return;
        event.preventDefault();
        setLevel(criterion.id, level);
        // Focus follows the choice only when it is already in the rubric, never out of the code.
        // …and only if it is still on this criterion when the frame comes: a quick "3 j" must not
        // pull focus back from the next criterion.
        const inCriterion = () => document.activeElement?.closest('[data-criterion]')?.getAttribute('data-criterion') === criterion.id;
        if (document.activeElement?.closest('.rubric')) requestAnimationFrame(() => inCriterion() && focusLevel(criterion.id, level));
      } else if ((key === 'f' || key === 'F') && s.files.length > 0) {
        event.preventDefault();
        const i = s.files.findIndex((f) => f.path === s.activePath);
        const step = key === 'f' ? 1 : -1;
        setActivePath(s.files[(i + step + s.files.length) % s.files.length]!.path);
      } else if (key === 'c') {
        event.preventDefault();
        s.openComposer(diffRef.current?.cursorLine() ?? 1);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [setLevel]);

  // ——— Claim ———
  const now = useServerNow(15_000);
  const claimExpiresAt = item.mine?.claimExpiresAt ?? null;
  const claimLeft = claimExpiresAt ? Date.parse(claimExpiresAt) - now : null;
  const claimHeld = mode === 'primary' || mode === 'moderation';
  const [notice, setNotice] = useState<{ tone: 'success' | 'info' | 'error'; text: string } | null>(null);
  const [releaseOpen, setReleaseOpen] = useState(false);

  const onClaim = async (extend: boolean) => {
    setNotice(null);
    const result = await claim(item.id);
    if ('error' in result) {
      const p = toProblem(result.error);
      setNotice({ tone: 'error', text: p?.status === 409 ? 'Someone else claimed this submission first. Choose another one in the queue.' : (p?.message ?? 'The claim did not work. Try again.') });
      return;
    }
    const until = result.data.item.mine?.claimExpiresAt;
    setNotice({
      tone: 'success',
      text: `${extend ? 'Claim extended' : `Claimed: the submission is yours to ${item.status === 'moderation' ? 'moderate' : 'review'}`}${until ? ` until ${new Date(until).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}` : ''}.`,
    });
  };

  const onRelease = async () => {
    const result = await release(item.id);
    if ('error' in result) {
      setReleaseOpen(false);
      setNotice({ tone: 'error', text: toProblem(result.error)?.message ?? 'The claim could not be released.' });
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
      const message = p?.message ?? 'The review could not be submitted.';
      setSubmitProblem(/draft/i.test(message) ? message : `${message} Your draft is kept on this device.`);
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
          ? 'Your calibration scores are in. The table on the right compares them with the agreed levels.'
          : mode === 'moderation'
            ? 'Moderation submitted: the flagged criteria are settled.'
            : after.item.status === 'done'
              ? 'Your review is in and the grade is released to the student.'
              : 'Your review is in.',
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
      label: 'Rubric',
      badge:
        editing && missing.length > 0 ? (
          <span className="badge">
            {missing.length}
            <span className="visually-hidden"> to score</span>
          </span>
        ) : undefined,
    },
    {
      id: 'checks',
      label: 'Checks',
      badge: (
        <span className="panel-tabs__meta">
          {checksPassed}/{detail.checks.length}
          <span className="visually-hidden"> passed</span>
        </span>
      ),
    },
    { id: 'task', label: 'Task' },
  ];

  const pill = MODE_PILL[mode] ?? { label: item.status === 'done' ? 'Done' : item.status === 'moderation' ? 'In moderation' : 'Read only', tone: item.status === 'done' ? 'graded' : 'closed' };
  const fileComments = allComments.filter((c) => c.path === activePath);

  return (
    <div className="ws review">
      <header className="ws-header">
        <div className="ws-header__title">
          <p className="ws-header__eyebrow">
            {item.scenario.title} · version {item.scenario.version}
            {item.assignment.title !== item.scenario.title ? ` · ${item.assignment.title}` : ''}
            {item.assignment.course ? ` · ${item.assignment.course}` : ''}
          </p>
          <h1 ref={headingRef} tabIndex={-1} className="ws-header__heading review-heading">
            Review: <StudentRef student={item.student} inline />
          </h1>
        </div>
        <div className="ws-header__status">
          <span className={`pill pill--${pill.tone}`}>{pill.label}</span>
          {item.calibration && mode !== 'calibration' ? <span className="tag tag--calibration">Calibration</span> : null}
          {(mode === 'primary' || mode === 'moderation') && claimLeft !== null ? (
            <span className={`claim-clock${claimLeft < CLAIM_WARNING_MS ? ' claim-clock--warn' : ''}`}>
              <span className="claim-clock__label">Claim</span>
              <span className="claim-clock__value">{claimLeft > 0 ? `${formatTimeLeft(claimLeft)} left` : 'expired'}</span>
            </span>
          ) : null}
        </div>
        <div className="ws-header__actions">
          <KeyboardHelp canComment={canComment} />
          {mode === 'claim' ? (
            <button type="button" className="btn btn--primary" onClick={() => !claimState.isLoading && void onClaim(false)} aria-disabled={claimState.isLoading || undefined}>
              {claimState.isLoading ? 'Claiming…' : item.status === 'moderation' ? 'Claim to moderate' : 'Claim to review'}
            </button>
          ) : null}
          {mode === 'primary' || mode === 'moderation' ? (
            <>
              <button type="button" className="btn" onClick={() => !claimState.isLoading && void onClaim(true)} aria-disabled={claimState.isLoading || undefined}>
                {claimState.isLoading ? 'Extending…' : 'Extend claim'}
              </button>
              <button type="button" className="btn btn--quiet" onClick={() => setReleaseOpen(true)}>
                Release
              </button>
            </>
          ) : null}
          <Link to="/reviews" className="btn btn--quiet">
            Back to queue
          </Link>
        </div>
      </header>

      <div className="ws-notices">
        {notice ? (
          <Banner tone={notice.tone} onDismiss={() => setNotice(null)}>
            {notice.text}
          </Banner>
        ) : null}
        {claimHeld && claimLeft !== null && claimLeft <= 0 ? (
          <Banner tone="error">Your claim has run out, so someone else may claim this submission. Extend the claim to keep it; your draft is kept on this device.</Banner>
        ) : claimHeld && claimLeft !== null && claimLeft < CLAIM_WARNING_MS ? (
          <Banner tone="info">Your claim ends in a few minutes. Extend it to keep working; your draft is kept on this device.</Banner>
        ) : null}
        {mode === 'claim' ? (
          <Banner tone="info">
            {item.status === 'moderation'
              ? 'The reviewers disagree on some criteria. Claim this submission to moderate it; a claim holds it for you for 30 minutes.'
              : 'Claim this submission to score it. A claim holds it for you for 30 minutes and can be extended.'}
          </Banner>
        ) : null}
        {mode === 'view' && item.status !== 'done' && item.claimedByOther && !item.mine ? (
          <Banner tone="info">Another reviewer is working on this submission. You can read it, but not score it.</Banner>
        ) : null}
        {mode === 'view' && item.mine?.status === 'submitted' && item.status === 'open' ? (
          <Banner tone="info">Your review is in. The other review shows here once the second reviewer has submitted theirs.</Banner>
        ) : null}
        <ModerationNotice detail={detail} userId={userId} />
        {storageFailed ? <Banner tone="error">This browser does not let the page keep your draft. Submit before you close or reload the page.</Banner> : null}
      </div>

      <div className="ws-body review-body">
        <nav className="ws-files" aria-label="Files">
          <h2 className="ws-pane-title">Files</h2>
          {files.length === 0 ? <p className="comment-list__empty muted">No files were submitted.</p> : null}
          <ul className="tree" role="list">
            {files.map((f) => {
              const state = fileState(f);
              const count = commentsByPath.get(f.path) ?? 0;
              return (
                <li key={f.path}>
                  <button type="button" className="tree__file" aria-current={f.path === activePath ? 'true' : undefined} title={f.path} onClick={() => setActivePath(f.path)}>
                    <span className="tree__name">{f.path}</span>
                    <span className="tree__meta">
                      {count > 0 ? (
                        <span className="comment-count">
                          {count}
                          <span className="visually-hidden"> {count === 1 ? 'comment' : 'comments'}</span>
                        </span>
                      ) : null}
                      {/* Calm by default: only files the student touched carry a label. */}
                      <span className={`file-state file-state--${state}${state === 'unchanged' ? ' visually-hidden' : ''}`}>{FILE_STATE_LABEL[state]}</span>
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </nav>

        <section className="ws-editor review-editor" aria-label="Submitted code">
          <div className="review-toolbar">
            <span className="status-bar__path">{activeFile?.path ?? 'No file'}</span>
            {activeFile ? (
              <span className="review-toolbar__meta">
                {languageLabel(languageOf(activeFile.path))}
                {fileState(activeFile) === 'added' ? ' · new file, not in the starter' : fileState(activeFile) === 'unchanged' ? ' · unchanged from the starter' : ' · starter on the left, submitted on the right'}
              </span>
            ) : null}
            <label className="check review-toolbar__toggle">
              <input type="checkbox" checked={sideBySide} onChange={(e) => toggleSideBySide(e.target.checked)} />
              Side by side
            </label>
            {canComment && activeFile ? (
              <button type="button" className="btn btn--small" onClick={() => openComposer(cursorLine)}>
                Comment on line {cursorLine}
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
                <p>No file to show.</p>
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

        <aside className="ws-side review-side" aria-label="Scoring">
          <PanelTabs label="Scoring" tabs={panelTabs} selected={tab} onSelect={(id) => setTab(id as Tab)} />
          <TabPanel id={tab}>
            {tab === 'rubric' ? (
              <>
                {mode === 'moderation' ? (
                  <p className="review-lead">
                    The reviewers disagree on {plural(detail.flagged.length, 'criterion', 'criteria')}. Choose the level you settle on for each; the other criteria keep the reviewers’ scores.
                  </p>
                ) : null}
                {noteRequired ? <ModerationNoteField value={draft.note} onChange={(note) => setDraft((d) => ({ ...d, note }))} /> : null}
                {mode === 'calibration' ? (
                  <p className="review-lead">This is a calibration item: score it as you would any submission. After you submit you see how your levels compare with the agreed ones.</p>
                ) : null}
                <CalibrationDifferences detail={detail} rubric={rubric} />
                {item.status === 'done' && lead && mode !== 'calibration' ? <CalibrationMark detail={detail} /> : null}
                {mode !== 'primary' && mode !== 'calibration' ? <ReviewComparison detail={detail} rubric={rubric} /> : null}
                {rubric.length === 0 ? <p className="muted">This scenario has no rubric.</p> : null}
                <RubricPanel
                  rubric={rubric}
                  selected={selected}
                  editable={editable}
                  onSelect={setLevel}
                  onFocusCriterion={setFocused}
                  markers={markers}
                  flagged={flagged}
                  taskTitles={taskTitles}
                />
                {canComment ? (
                  <div className="field review-overall">
                    <label className="field__label" htmlFor="review-overall">
                      Overall comment
                    </label>
                    <p className="field__hint" id="review-overall-hint">
                      What the student did well and what to work on next. The student reads this with the grade.
                    </p>
                    <textarea
                      id="review-overall"
                      className="input"
                      rows={5}
                      maxLength={5000}
                      aria-describedby="review-overall-hint"
                      value={draft.overall}
                      onChange={(e) => setDraft((d) => ({ ...d, overall: e.target.value }))}
                    />
                  </div>
                ) : null}
                {!editing && detail.mine?.status === 'submitted' && detail.mine.overallComment && detail.others.length === 0 ? (
                  <div className="review-overall">
                    <h3 className="field__label">Your overall comment</h3>
                    <p className="review-overall__text">{detail.mine.overallComment}</p>
                  </div>
                ) : null}
                {detail.audit.length > 0 ? (
                  <details className="review-audit">
                    <summary>Changes after release ({detail.audit.length})</summary>
                    <ul>
                      {detail.audit.map((a, i) => (
                        <li key={i}>
                          {formatDateTime(a.at)}: {a.target.title} {a.from === null ? '—' : a.target.kind === 'final' ? formatScore(a.from) : a.from} →{' '}
                          {a.target.kind === 'final' ? formatScore(a.to) : a.to}
                          {a.actor ? ` by ${a.actor}` : ''}. <span className="muted">{a.reason}</span>
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </>
            ) : null}
            {tab === 'checks' ? <ReviewChecks checks={detail.checks} autoScore={item.autoScore} /> : null}
            {tab === 'task' ? (
              <ol className="task-list">
                {detail.tasks.map((t, i) => (
                  <li key={t.id} className="task">
                    <h3 className="task__title">
                      <span className="task__number">Task {i + 1}</span>
                      {t.title}
                    </h3>
                    <Markdown>{withoutTitle(t.instructions, t.title)}</Markdown>
                  </li>
                ))}
              </ol>
            ) : null}
          </TabPanel>
          {editing || (total.scored > 0 && detail.mine?.kind !== 'moderation') ? (
            <div className="review-footer">
              <p className="review-footer__total" aria-live="polite">
                <span className="review-footer__label">{mode === 'moderation' ? 'Flagged criteria scored' : 'Total'}</span>
                <span className="review-footer__value">
                  {mode === 'moderation' ? `${required.length - missing.length} of ${required.length}` : `${total.earned} / ${plural(total.max, 'point')}`}
                </span>
              </p>
              {editing ? (
                <div className="review-footer__submit">
                  <button type="button" className="btn btn--primary" disabled={missing.length > 0 || noteMissing} aria-describedby="review-submit-hint" onClick={() => setConfirmOpen(true)}>
                    {mode === 'moderation' ? 'Submit moderation' : mode === 'calibration' ? 'Submit calibration' : 'Submit review'}
                  </button>
                  <span className="field__hint" id="review-submit-hint">
                    {missing.length > 0
                      ? `Choose a level for ${plural(missing.length, mode === 'moderation' ? 'flagged criterion' : 'criterion', mode === 'moderation' ? 'flagged criteria' : 'criteria')} first.`
                      : noteMissing
                        ? `Write the note on the record first (at least ${MODERATION_NOTE_MIN} characters).`
                        : 'Every criterion has a level.'}
                  </span>
                </div>
              ) : null}
            </div>
          ) : null}
        </aside>
      </div>

      <Dialog
        open={confirmOpen}
        title={mode === 'moderation' ? 'Submit your moderation?' : mode === 'calibration' ? 'Submit your calibration scores?' : 'Submit your review?'}
        onClose={() => setConfirmOpen(false)}
        busy={submitState.isLoading}
        initialFocus="confirm-submit-review"
        actions={
          <>
            <button
              type="button"
              id="confirm-submit-review"
              className="btn btn--primary"
              onClick={() => !submitState.isLoading && void onSubmit()}
              aria-disabled={submitState.isLoading || undefined}
            >
              {submitState.isLoading ? 'Submitting…' : 'Submit'}
            </button>
            <button type="button" className="btn btn--quiet" onClick={() => !submitState.isLoading && setConfirmOpen(false)}>
              Keep editing
            </button>
          </>
        }
      >
        {submitProblem ? <Banner tone="error">{submitProblem}</Banner> : null}
        <ul className="plain-list review-confirm">
          {mode === 'moderation' ? (
            <li>
              Levels for {plural(required.length, 'flagged criterion', 'flagged criteria')}, which decide the final grade.
            </li>
          ) : (
            <li>
              Total: <strong>{total.earned}</strong> of {plural(total.max, 'point')}.
            </li>
          )}
          {canComment ? <li>{plural(draft.comments.length, 'line comment')}.</li> : null}
          {canComment ? <li>{draft.overall.trim() ? 'An overall comment.' : 'No overall comment.'}</li> : null}
          {noteRequired ? <li>Your note on the record, which the student and their teacher read.</li> : null}
        </ul>
        <p>{mode === 'calibration' ? 'Once submitted, your scores are compared with the agreed levels and cannot change.' : 'Once submitted, your review cannot be changed.'}</p>
      </Dialog>

      <Dialog
        open={releaseOpen}
        title="Release this submission?"
        onClose={() => setReleaseOpen(false)}
        busy={releaseState.isLoading}
        actions={
          <>
            <button type="button" className="btn btn--primary" onClick={() => !releaseState.isLoading && void onRelease()} aria-disabled={releaseState.isLoading || undefined}>
              {releaseState.isLoading ? 'Releasing…' : 'Release'}
            </button>
            <button type="button" className="btn btn--quiet" onClick={() => setReleaseOpen(false)}>
              Keep it
            </button>
          </>
        }
      >
        <p>It goes back to the queue for another reviewer. Your draft scores and comments on this device are discarded.</p>
      </Dialog>
    </div>
  );
}

function KeyboardHelp({ canComment }: { canComment: boolean }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const close = (event: Event) => {
      const details = ref.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !details.contains(event.target as Node)) {
        details.open = false;
        if (event instanceof KeyboardEvent) details.querySelector('summary')?.focus();
      }
    };
    document.addEventListener('keydown', close);
    document.addEventListener('pointerdown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('pointerdown', close);
    };
  }, []);
  return (
    <details className="kbd-help" ref={ref}>
      <summary className="btn btn--quiet">Keyboard</summary>
      <div className="kbd-help__panel">
        <h2 className="kbd-help__title">Keyboard shortcuts</h2>
        <dl className="kbd-help__list">
          <dt>
            <kbd>j</kbd> / <kbd>k</kbd>
          </dt>
          <dd>Next / previous criterion</dd>
          <dt>
            <kbd>1</kbd>–<kbd>9</kbd>
          </dt>
          <dd>Choose that level of the focused criterion</dd>
          <dt>
            <kbd>f</kbd> / <kbd>Shift</kbd>+<kbd>f</kbd>
          </dt>
          <dd>Next / previous file</dd>
          {canComment ? (
            <>
              <dt>
                <kbd>c</kbd>
              </dt>
              <dd>Comment on the cursor’s line</dd>
            </>
          ) : null}
          <dt>
            <kbd>F7</kbd> / <kbd>Shift</kbd>+<kbd>F7</kbd>
          </dt>
          <dd>In the code: next / previous change</dd>
        </dl>
        <p className="field__hint">Shortcuts pause while you type in a text box.</p>
      </div>
    </details>
  );
}
