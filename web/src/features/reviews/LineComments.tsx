import { useEffect, useRef, type KeyboardEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';

export type Composer = { path: string; line: number; body: string; editingId: string | null };

export type ListedComment = { id: string; path: string; line: number; body: string; author: string; draft: boolean };

const MAX_BODY = 5000;

type ComposerProps = {
  composer: Composer;
  onChange: (body: string) => void;
  onSave: () => void;
  onCancel: () => void;
};

/** The small form that writes one line comment; Ctrl+Enter adds it, Escape closes it. */
export function CommentComposer({ composer, onChange, onSave, onCancel }: ComposerProps) {
  const { t } = useTranslation('reviews');
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [composer.path, composer.line, composer.editingId]);
  const empty = composer.body.trim() === '';
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !empty) {
      event.preventDefault();
      onSave();
    }
  };
  return (
    <form
      className="comment-composer"
      aria-label={t('comments.form')}
      onSubmit={(event) => {
        event.preventDefault();
        if (!empty) onSave();
      }}
    >
      <label className="field__label" htmlFor="line-comment-body">
        <Trans
          t={t}
          i18nKey="comments.label"
          values={{ line: composer.line, path: composer.path, editing: composer.editingId ? 'yes' : 'no' }}
          components={{ code: <code /> }}
        />
      </label>
      <textarea
        id="line-comment-body"
        ref={ref}
        className="input comment-composer__input"
        rows={3}
        maxLength={MAX_BODY}
        value={composer.body}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby="line-comment-hint"
      />
      <div className="comment-composer__actions">
        <button type="submit" className="btn btn--small btn--primary" aria-disabled={empty || undefined}>
          {composer.editingId ? t('comments.save') : t('comments.add')}
        </button>
        <button type="button" className="btn btn--small btn--quiet" onClick={onCancel}>
          {t('comments.cancel')}
        </button>
        <span className="field__hint" id="line-comment-hint">
          {t('comments.hint')}
        </span>
      </div>
    </form>
  );
}

type ListProps = {
  path: string | null;
  comments: ListedComment[];
  elsewhere: number;
  onJump: (line: number) => void;
  onEdit?: ((comment: ListedComment) => void) | undefined;
  onDelete?: ((comment: ListedComment) => void) | undefined;
};

/** The comments on the file shown, in line order; drafts can be edited until the review is submitted. */
export function CommentList({ path, comments, elsewhere, onJump, onEdit, onDelete }: ListProps) {
  const { t } = useTranslation('reviews');
  const sorted = [...comments].sort((a, b) => a.line - b.line || Number(a.draft) - Number(b.draft));
  return (
    <section className="comment-list" aria-labelledby="comment-list-title">
      <h2 className="ws-pane-title comment-list__title" id="comment-list-title">
        {t('comments.title', { count: sorted.length })}
        {elsewhere > 0 ? <span className="comment-list__elsewhere"> · {t('comments.elsewhere', { count: elsewhere })}</span> : null}
      </h2>
      {sorted.length === 0 ? (
        <p className="comment-list__empty muted">{path ? t('comments.none') : t('comments.chooseFile')}</p>
      ) : (
        <ul className="comment-list__items">
          {sorted.map((c) => (
            <li key={c.id} className={`line-comment${c.draft ? ' line-comment--draft' : ''}`} data-line={c.line}>
              <div className="line-comment__head">
                <button type="button" className="line-comment__line" onClick={() => onJump(c.line)}>
                  {t('comments.line', { line: c.line })}
                  <span className="visually-hidden">{t('comments.showLine')}</span>
                </button>
                <span className="line-comment__author">{c.draft ? t('comments.youDraft') : c.author}</span>
                {c.draft && onEdit && onDelete ? (
                  <span className="line-comment__actions">
                    <button type="button" className="btn btn--small btn--quiet" onClick={() => onEdit(c)}>
                      {t('comments.edit')}
                      <span className="visually-hidden">{t('comments.onLine', { line: c.line })}</span>
                    </button>
                    <button type="button" className="btn btn--small btn--quiet" onClick={() => onDelete(c)}>
                      {t('comments.delete')}
                      <span className="visually-hidden">{t('comments.onLine', { line: c.line })}</span>
                    </button>
                  </span>
                ) : null}
              </div>
              <p className="line-comment__body">{c.body}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
