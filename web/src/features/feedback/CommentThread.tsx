import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommentView, SubjectKind } from '../../../../server/contract/feedback';
import { formatDateTime } from '../../app/format';
import { fieldMessage, toProblem } from '../../app/problem';
import { Field } from '../../components/Field';
import { useSession } from '../auth/useSession';
import { useGetThreadQuery, usePostCommentMutation } from './feedbackApi';
import './commentThread.css';

const MAX = 5000;
/** How long a comment that arrived while the thread was open is marked new. */
const FRESH_MS = 60_000;

type Props = {
  kind: SubjectKind;
  subjectId: string;
  /** The thread's heading: say what is being discussed. */
  title?: string;
  intro?: ReactNode;
  /** The heading level that fits where the thread sits on the page. */
  level?: 2 | 3 | 4;
  /** What the thread belongs to, for screen readers, where several threads share a title on one page. */
  about?: string;
};

const commentAnchor = (id: string) => `comment-${id}`;

function CommentForm({
  kind,
  subjectId,
  parent,
  topic,
  onPosted,
  onCancel,
}: {
  kind: SubjectKind;
  subjectId: string;
  parent?: CommentView;
  /** The thread's title, so each form's label is unique on a page with several threads. */
  topic: string;
  onPosted: (comment: CommentView) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation('feedback');
  const id = useId();
  const [text, setText] = useState('');
  const [local, setLocal] = useState<string | undefined>();
  const [post, { isLoading, error, reset }] = usePostCommentMutation();
  const problem = toProblem(error);
  const label = parent ? t('thread.replyTo', { name: parent.author.name }) : t('thread.add');
  const fullLabel = (
    <>
      {label}
      <span className="visually-hidden">{t('thread.topicSr', { topic })}</span>
    </>
  );
  const fieldError = local ?? (problem?.fields.body ? fieldMessage(t('thread.theComment'), problem.fields.body) : undefined);
  const other = problem && !problem.fields.body ? (problem.status === 404 ? t('thread.closed') : problem.message) : null;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (isLoading) return;
    const body = text.trim();
    const message = body.length === 0 ? t('thread.empty') : body.length > MAX ? t('thread.tooLong', { max: MAX }) : undefined;
    setLocal(message);
    if (message) {
      document.getElementById(`${id}-text`)?.focus();
      return;
    }
    const result = await post({ kind, subjectId, body, ...(parent ? { parentId: parent.id } : {}) });
    if ('data' in result && result.data) {
      setText('');
      reset();
      onPosted(result.data);
    }
  };

  return (
    <form className={`form thread__form${parent ? ' thread__form--reply' : ''}`} onSubmit={(e) => void onSubmit(e)} noValidate>
      {other ? (
        <div className="banner banner--error" role="alert">
          <div className="banner__body">{other}</div>
        </div>
      ) : null}
      <Field id={`${id}-text`} label={fullLabel} error={fieldError} hint={parent ? undefined : t('thread.hint')}>
        {(control) => (
          <textarea
            {...control}
            className="input thread__input"
            rows={parent ? 2 : 3}
            maxLength={MAX}
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoFocus={Boolean(parent)}
            required
          />
        )}
      </Field>
      <div className="form__actions">
        <button type="submit" className="btn btn--primary btn--small" aria-disabled={isLoading || undefined}>
          {isLoading ? t('thread.posting') : parent ? t('thread.postReply') : t('thread.postComment')}
        </button>
        {onCancel ? (
          <button type="button" className="btn btn--small btn--quiet" onClick={onCancel}>
            {t('thread.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

function Comment({ comment, fresh, children }: { comment: CommentView; fresh: boolean; children?: ReactNode }) {
  const { t } = useTranslation('feedback');
  return (
    <article
      className={`comment${fresh ? ' comment--fresh' : ''}`}
      id={commentAnchor(comment.id)}
      tabIndex={-1}
      aria-label={t('thread.commentBy', { fresh: fresh ? 'yes' : 'no', name: comment.author.name })}
    >
      <p className="comment__meta">
        {fresh ? <span className="tag tag--new">{t('thread.new')}</span> : null}
        <span className="comment__author">{comment.author.name}</span>
        {comment.author.affiliation ? <span className="comment__org">, {comment.author.affiliation}</span> : null}
        {' · '}
        <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt)}</time>
      </p>
      <p className="comment__body">{comment.body}</p>
      {children}
    </article>
  );
}

/**
 * A conversation on one subject (a course report section, a scenario version): comments oldest
 * first, replies one level under them, and a form for a new comment. Others' comments arrive live
 * (the thread's room, see feedbackApi) and are marked new for a minute, with a cue by the heading
 * that jumps to them; new comments, one's own or others', are announced to screen readers; a
 * posted reply takes focus so the keyboard continues there.
 */
export function CommentThread({ kind, subjectId, title: titleProp, intro, level = 3, about }: Props) {
  const { t } = useTranslation('feedback');
  const title = titleProp ?? t('thread.title');
  const headingId = useId();
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- TypeScript 7 widens the template to string
  const Heading = `h${level}` as 'h2' | 'h3' | 'h4';
  const { data, error, isLoading } = useGetThreadQuery({ kind, subjectId });
  const problem = toProblem(error);
  const me = useSession().user.id;
  const [replyingTo, setReplyingTo] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [fresh, setFresh] = useState<string[]>([]);
  const seen = useRef<Set<string> | null>(null);
  const focusNext = useRef<string | null>(null);
  // Cleared first, so the same words said twice ("Your comment was posted.") are announced twice.
  const announce = (text: string) => {
    setAnnouncement('');
    window.setTimeout(() => setAnnouncement(text), 50);
  };

  const all = (data?.comments ?? []).flatMap((c) => [c, ...c.replies]);

  useEffect(() => {
    if (!data) return;
    const ids = new Set(all.map((c) => c.id));
    if (seen.current) {
      // Our own comment may reach the list before `posted` runs: it is never "new from" us.
      const arrived = all.filter((c) => !seen.current!.has(c.id) && c.author.id !== me);
      if (arrived.length === 1) announce(t('thread.newFrom', { name: arrived[0]!.author.name }));
      else if (arrived.length > 1) announce(t('thread.newCount', { count: arrived.length }));
      if (arrived.length > 0) {
        const added = arrived.map((c) => c.id);
        setFresh((f) => [...f, ...added]);
        window.setTimeout(() => setFresh((f) => f.filter((id) => !added.includes(id))), FRESH_MS);
      }
    }
    seen.current = ids;
    if (focusNext.current && ids.has(focusNext.current)) {
      document.getElementById(commentAnchor(focusNext.current))?.focus();
      focusNext.current = null;
    }
  // eslint-disable-next-line react-hooks/exhaustive-deps -- once per copy of the thread: all comes from data, me is the session's user
  }, [data]);

  const posted = (comment: CommentView, isReply: boolean) => {
    // Our own comment is announced as posted, not as "new from …" when the thread reloads.
    seen.current?.add(comment.id);
    announce(isReply ? t('thread.replyPosted') : t('thread.commentPosted'));
    if (isReply) {
      setReplyingTo(null);
      focusNext.current = comment.id;
    }
  };

  return (
    <section className="thread" aria-labelledby={headingId}>
      <div className="thread__head">
        <Heading id={headingId} className="thread__title">
          {title}
          {about ? <span className="visually-hidden">{t('thread.topicSr', { topic: about })}</span> : null}
          {data ? <span className="thread__count">{t('thread.count', { count: data.count })}</span> : null}
        </Heading>
        {fresh.length > 0 ? (
          <button
            type="button"
            className="thread__cue"
            onClick={() => {
              const latest = document.getElementById(commentAnchor(fresh.at(-1)!));
              latest?.scrollIntoView({ block: 'center' });
              latest?.focus({ preventScroll: true });
            }}
          >
            {t('thread.cue', { count: fresh.length })}
          </button>
        ) : null}
      </div>
      {intro ? <p className="thread__intro">{intro}</p> : null}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {isLoading ? <p className="muted">{t('thread.loading')}</p> : null}
      {problem ? <p className="muted">{problem.status === 404 ? t('thread.notOpen') : t('thread.loadFailed', { message: problem.message })}</p> : null}
      {data && data.comments.length === 0 ? <p className="muted thread__empty">{t('thread.none')}</p> : null}
      {data && data.comments.length > 0 ? (
        <ol className="thread__list">
          {data.comments.map((c) => (
            <li key={c.id}>
              <Comment comment={c} fresh={fresh.includes(c.id)}>
                {c.replies.length > 0 ? (
                  <ol className="thread__replies" aria-label={t('thread.replies', { name: c.author.name })}>
                    {c.replies.map((r) => (
                      <li key={r.id}>
                        <Comment comment={r} fresh={fresh.includes(r.id)} />
                      </li>
                    ))}
                  </ol>
                ) : null}
                {replyingTo === c.id ? (
                  <CommentForm kind={kind} subjectId={subjectId} parent={c} topic={about ? t('thread.topic', { title, about }) : title} onPosted={(r) => posted(r, true)} onCancel={() => {
                      setReplyingTo(null);
                      requestAnimationFrame(() => document.getElementById(`reply-${c.id}`)?.focus());
                    }}
                  />
                ) : (
                  <button type="button" id={`reply-${c.id}`} className="btn btn--small btn--quiet thread__reply" onClick={() => setReplyingTo(c.id)}>
                    {t('thread.reply')}
                    <span className="visually-hidden">{t('thread.replySr', { name: c.author.name })}</span>
                  </button>
                )}
              </Comment>
            </li>
          ))}
        </ol>
      ) : null}
      {data ? <CommentForm kind={kind} subjectId={subjectId} topic={about ? t('thread.topic', { title, about }) : title} onPosted={(c) => posted(c, false)} /> : null}
    </section>
  );
}
