import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftView, PublishDraftInput } from '../../../../server/contract/authoring';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Dialog, DialogActions } from '../../components/Dialog';
import { Field } from '../../components/Field';
import type { ValidationState } from './ValidationPanel';

type Bump = PublishDraftInput['bump'];

type Props = {
  open: boolean;
  draft: DraftView;
  /** Whether the last validation passed on the content as it is now: publishing needs it. */
  validation: { state: ValidationState; passed: boolean };
  onClose: () => void;
  /** Saves what is left to save; resolves with the files that still are not saved. */
  flush: () => Promise<string[]>;
  publish: (input: PublishDraftInput) => Promise<{ error?: unknown }>;
};

const BUMPS: Bump[] = ['patch', 'minor', 'major'];

/** Why the server refused (409 details.reason): the reasons an author can act on. */
const REFUSALS = new Set(['not_validated', 'invalid', 'unchanged', 'draft_closed']);

/**
 * "Publish version …": the semantic version bump, a changelog line (required), and what the
 * server says if it refuses (not validated, invalid, unchanged).
 */
export function PublishDialog({ open, draft, validation, onClose, flush, publish }: Props) {
  const [bump, setBump] = useState<Bump>('minor');
  const [changelog, setChangelog] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const ready = validation.state === 'current' && validation.passed;
  const { t } = useTranslation('authoring');
  const bumpLabel: Record<Bump, { label: string; hint: string }> = {
    patch: { label: t('publish.bump.patch'), hint: t('publish.bump.patchHint') },
    minor: { label: t('publish.bump.minor'), hint: t('publish.bump.minorHint') },
    major: { label: t('publish.bump.major'), hint: t('publish.bump.majorHint') },
  };

  const close = () => {
    setError(null);
    onClose();
  };

  const onSubmit = async () => {
    if (busy) return;
    if (changelog.trim().length < 3) {
      setError({ field: 'changelog', message: t('publish.changelogShort') });
      document.getElementById('publish-changelog')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const unsaved = await flush();
      if (unsaved.length > 0) {
        setError({ message: t('publish.unsaved', { files: unsaved.join(', '), count: unsaved.length }) });
        return;
      }
      const result = await publish({ bump, changelog: changelog.trim() });
      if (!result.error) return;
      const problem = toProblem(result.error);
      const reason = ((result.error as { data?: { error?: { details?: { reason?: string } } } }).data?.error?.details?.reason ?? '');
      if (problem?.fields.changelog) setError({ field: 'changelog', message: fieldMessage(t('publish.changelogField'), problem.fields.changelog) });
      else setError({ message: REFUSALS.has(reason) ? t('publish.refusal', { reason }) : (problem?.message ?? t('publish.failed')) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      title={t('publish.title', { title: draft.scenario.title })}
      onClose={close}
      busy={busy}
      initialFocus={`publish-bump-${bump}`}
      actions={<DialogActions busy={busy} label={t('publish.confirm', { version: draft.nextVersions[bump] })} busyLabel={t('publish.busy')} onConfirm={() => void onSubmit()} onCancel={close} cancelLabel={t('common.cancel')} />}
    >
      <p>
        {t('publish.lead', { base: draft.baseVersion?.version ?? '', hasBase: draft.baseVersion ? 'yes' : 'no' })}
      </p>
      {!ready ? (
        <div className="banner banner--info" role="status">
          <div className="banner__body">
            {t('publish.notReady', { state: validation.state })}
          </div>
        </div>
      ) : null}
      {error && !error.field ? (
        <Banner tone="error">{error.message}</Banner>
      ) : null}
      <fieldset className="fieldset">
        <legend className="fieldset__legend">{t('publish.version')}</legend>
        <div className="choices choices--stacked">
          {BUMPS.map((b) => (
            <label key={b} className="choice">
              <input id={`publish-bump-${b}`} type="radio" name="publish-bump" value={b} checked={bump === b} onChange={() => setBump(b)} />
              <span>
                <span className="choice__label">{t('publish.bumpChoice', { bump: bumpLabel[b].label, version: draft.nextVersions[b] })}</span>
                <span className="choice__hint">{bumpLabel[b].hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <Field id="publish-changelog" label={t('publish.changelogLabel')} hint={t('publish.changelogHint')} error={error?.field === 'changelog' ? error.message : undefined}>
        {(control) => (
          <input
            {...control}
            className="input"
            maxLength={500}
            value={changelog}
            onChange={(e) => setChangelog(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void onSubmit();
              }
            }}
          />
        )}
      </Field>
    </Dialog>
  );
}
