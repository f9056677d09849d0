import { useState } from 'react';
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

const BUMPS: { bump: Bump; label: string; hint: string }[] = [
  { bump: 'patch', label: 'Patch', hint: 'Wording, typos, a clearer hint: nothing a student must do differently.' },
  { bump: 'minor', label: 'Minor', hint: 'A new or stronger check, a new event or task detail: the same scenario, improved.' },
  { bump: 'major', label: 'Major', hint: 'A different task or scoring: results are not comparable with earlier versions.' },
];

/** Why the server refused (409 details.reason), in words an author can act on. */
const REFUSAL: Record<string, string> = {
  not_validated: 'The content has changed since the last validation (or was never validated). Validate again, then publish.',
  invalid: 'The last validation found problems. Fix them (see Problems), validate again, then publish.',
  unchanged: 'This content is already published as a version of this scenario. Change something before publishing again.',
  draft_closed: 'This draft has been published or discarded already. Go back to Authoring to see its versions.',
};

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

  const close = () => {
    setError(null);
    onClose();
  };

  const onSubmit = async () => {
    if (busy) return;
    if (changelog.trim().length < 3) {
      setError({ field: 'changelog', message: 'Say in a line what changed (at least 3 characters).' });
      document.getElementById('publish-changelog')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const unsaved = await flush();
      if (unsaved.length > 0) {
        setError({ message: `${unsaved.join(', ')} ${unsaved.length === 1 ? 'is' : 'are'} not saved yet (offline or in conflict). Save or resolve first, then validate and publish.` });
        return;
      }
      const result = await publish({ bump, changelog: changelog.trim() });
      if (!result.error) return;
      const problem = toProblem(result.error);
      const reason = ((result.error as { data?: { error?: { details?: { reason?: string } } } }).data?.error?.details?.reason ?? '');
      if (problem?.fields.changelog) setError({ field: 'changelog', message: fieldMessage('The changelog', problem.fields.changelog) });
      else setError({ message: REFUSAL[reason] ?? problem?.message ?? 'The draft could not be published. Try again.' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      title={`Publish ${draft.scenario.title}`}
      onClose={close}
      busy={busy}
      initialFocus={`publish-bump-${bump}`}
      actions={<DialogActions busy={busy} label={`Publish version ${draft.nextVersions[bump]}`} busyLabel={'Publishing…'} onConfirm={() => void onSubmit()} onCancel={close} />}
    >
      <p>
        A published version never changes: teachers assign it, and students who start it get exactly these files.
        {draft.baseVersion ? ` Teachers who assigned ${draft.baseVersion.version} or earlier see that a newer version exists and what changed.` : ''}
      </p>
      {!ready ? (
        <div className="banner banner--info" role="status">
          <div className="banner__body">
            {validation.state === 'none'
              ? 'This draft has not been validated yet. Publishing needs a passing validation of the content as it is now.'
              : validation.state === 'stale'
                ? 'The files have changed since the last validation. Publishing needs a passing validation of the content as it is now.'
                : 'The last validation found problems. Publishing needs a passing validation.'}
          </div>
        </div>
      ) : null}
      {error && !error.field ? (
        <Banner tone="error">{error.message}</Banner>
      ) : null}
      <fieldset className="fieldset">
        <legend className="fieldset__legend">Version</legend>
        <div className="choices choices--stacked">
          {BUMPS.map((b) => (
            <label key={b.bump} className="choice">
              <input id={`publish-bump-${b.bump}`} type="radio" name="publish-bump" value={b.bump} checked={bump === b.bump} onChange={() => setBump(b.bump)} />
              <span>
                <span className="choice__label">
                  {b.label}: {draft.nextVersions[b.bump]}
                </span>
                <span className="choice__hint">{b.hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <Field id="publish-changelog" label="What changed" hint="One line for the changelog, shown to teachers next to the version." error={error?.field === 'changelog' ? error.message : undefined}>
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
