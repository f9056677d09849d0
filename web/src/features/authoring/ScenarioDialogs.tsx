import i18next from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Dialog, DialogActions } from '../../components/Dialog';
import { Field } from '../../components/Field';

/** "Stock count at the depot" → "stock-count-at-the-depot" (what a scenario id may be). */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

type Errors = { slug?: string; title?: string; form?: string };

/** The server's rule for a scenario id (CreateDraftBody), checked here so the message is precise. */
const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function slugProblem(slug: string): string | undefined {
  if (slug.length < 3) return i18next.t('authoring:dialogs.slug.short');
  if (slug.length > 60) return i18next.t('authoring:dialogs.slug.long');
  if (!SLUG_RE.test(slug)) return i18next.t('authoring:dialogs.slug.pattern');
  return undefined;
}

/** A failed create, as messages next to the fields (400) or about the form (409: id taken). */
function errorsOf(error: unknown): Errors {
  const problem = toProblem(error as Parameters<typeof toProblem>[0]);
  if (!problem) return {};
  const slug = problem.fields.slug ?? problem.fields['template.slug'];
  const title = problem.fields['template.title'];
  if (problem.status === 409) return { slug: problem.message };
  if (slug || title) return { slug: slug && fieldMessage(i18next.t('authoring:dialogs.idField'), slug), title: title && fieldMessage(i18next.t('authoring:dialogs.titleField'), title) };
  return { form: problem.message };
}

type NewProps = {
  open: boolean;
  onClose: () => void;
  create: (input: { slug: string; title: string }) => Promise<{ error?: unknown }>;
};

/** "New scenario": a title and an id, then the starter template opens in the editor. */
export function NewScenarioDialog({ open, onClose, create }: NewProps) {
  const { t } = useTranslation('authoring');
  const [title, setTitle] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  const close = () => {
    setTitle('');
    setSlug('');
    setSlugEdited(false);
    setErrors({});
    onClose();
  };

  const onSubmit = async () => {
    if (busy) return;
    const local: Errors = {};
    if (title.trim().length < 3) local.title = t('dialogs.new.titleShort');
    local.slug = slugProblem(slug);
    if (local.title || local.slug) {
      setErrors(local);
      document.getElementById(local.title ? 'new-scenario-title' : 'new-scenario-slug')?.focus();
      return;
    }
    setBusy(true);
    try {
      const result = await create({ slug, title: title.trim() });
      if (result.error) setErrors(errorsOf(result.error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      title={t('dialogs.new.title')}
      onClose={close}
      busy={busy}
      actions={<DialogActions busy={busy} label={t('dialogs.new.confirm')} busyLabel={t('dialogs.new.busy')} onConfirm={() => void onSubmit()} onCancel={close} cancelLabel={t('common.cancel')} />}
    >
      <p>{t('dialogs.new.lead')}</p>
      {errors.form ? (
        <Banner tone="error">{errors.form}</Banner>
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void onSubmit();
        }}
        noValidate
      >
        <Field id="new-scenario-title" label={t('dialogs.new.titleLabel')} hint={t('dialogs.new.titleHint')} error={errors.title}>
          {(control) => (
            <input
              {...control}
              className="input"
              value={title}
              maxLength={200}
              onChange={(e) => {
                setTitle(e.target.value);
                if (!slugEdited) setSlug(slugify(e.target.value));
              }}
            />
          )}
        </Field>
        <Field id="new-scenario-slug" label={t('dialogs.new.idLabel')} hint={t('dialogs.slugHint')} error={errors.slug}>
          {(control) => (
            <input
              {...control}
              className="input input--mono"
              value={slug}
              maxLength={60}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => {
                setSlug(e.target.value);
                setSlugEdited(true);
              }}
            />
          )}
        </Field>
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}

type CopyProps = {
  /** The version to copy, or null when closed. */
  from: { versionId: string; slug: string; version: string; title: string } | null;
  onClose: () => void;
  copy: (input: { fromVersionId: string; slug: string }) => Promise<{ error?: unknown }>;
};

/** "Copy as new scenario": a published version's package under a new id, as a new draft. */
export function CopyScenarioDialog({ from, onClose, copy }: CopyProps) {
  const { t } = useTranslation('authoring');
  const [slug, setSlug] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const shown = from ? slug || `${from.slug}-copy` : '';

  const close = () => {
    setSlug('');
    setErrors({});
    onClose();
  };

  const onSubmit = async () => {
    if (busy || !from) return;
    const problem = slugProblem(shown);
    if (problem) {
      setErrors({ slug: problem });
      document.getElementById('copy-scenario-slug')?.focus();
      return;
    }
    setBusy(true);
    try {
      const result = await copy({ fromVersionId: from.versionId, slug: shown });
      if (result.error) setErrors(errorsOf(result.error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={from !== null}
      title={from ? t('dialogs.copy.title', { title: from.title, version: from.version }) : ''}
      onClose={close}
      busy={busy}
      actions={<DialogActions busy={busy} label={t('dialogs.copy.confirm')} busyLabel={t('dialogs.copy.busy')} onConfirm={() => void onSubmit()} onCancel={close} cancelLabel={t('common.cancel')} />}
    >
      <p>{t('dialogs.copy.lead')}</p>
      {errors.form ? (
        <Banner tone="error">{errors.form}</Banner>
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void onSubmit();
        }}
        noValidate
      >
        <Field id="copy-scenario-slug" label={t('dialogs.copy.idLabel')} hint={t('dialogs.slugHint')} error={errors.slug}>
          {(control) => (
            <input {...control} className="input input--mono" value={shown} maxLength={60} spellCheck={false} autoComplete="off" onChange={(e) => setSlug(e.target.value)} />
          )}
        </Field>
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}

type DiscardProps = {
  target: { draftId: string; title: string; published: boolean } | null;
  onClose: () => void;
  discard: (draftId: string) => Promise<{ error?: unknown }>;
};

export function DiscardDraftDialog({ target, onClose, discard }: DiscardProps) {
  const { t } = useTranslation('authoring');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setError(null);
    onClose();
  };
  const onDiscard = async () => {
    if (!target || busy) return;
    setBusy(true);
    try {
      const result = await discard(target.draftId);
      if (result.error) setError(toProblem(result.error)?.message ?? t('dialogs.discard.failed'));
      else close();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={target !== null}
      title={t('dialogs.discard.title', { title: target?.title ?? '' })}
      onClose={close}
      busy={busy}
      initialFocus="discard-cancel"
      actions={<DialogActions busy={busy} label={t('dialogs.discard.confirm')} busyLabel={t('dialogs.discard.busy')} onConfirm={() => void onDiscard()} tone="danger" onCancel={close} cancelLabel={t('dialogs.discard.keep')} cancelId="discard-cancel" />}
    >
      <p>
        {t('dialogs.discard.body', { published: target?.published ? 'yes' : 'no' })}
      </p>
      {error ? (
        <Banner tone="error">{error}</Banner>
      ) : null}
    </Dialog>
  );
}
