import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LogEntryView } from '../../../../server/contract/logbook';
import { ATTACHMENTS_PER_WEEK, LOG_MAX_HOURS } from '../../../../server/contract/logbook';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { Attachments } from './Attachments';
import { useSubmitWeekMutation, useUploadAttachmentMutation } from './logbookApi';
import { parseHours, useWeekAutosave, type SaveState } from './weekAutosave';

/** The student's form for one week: every field autosaves as it is typed; submit sends the saved revision. */
export function WeekEditor({ placementId, week, entry }: { placementId: string; week: string; entry: LogEntryView | undefined }) {
  const { t } = useTranslation('logbook');
  const save = useWeekAutosave(placementId, week, entry);
  const [submit, submitting] = useSubmitWeekMutation();
  const [upload, uploading] = useUploadAttachmentMutation();
  const fileInput = useRef<HTMLInputElement>(null);
  const [offlineNow, setOfflineNow] = useState(false);
  const id = (name: string) => `log-${week}-${name}`;
  const hoursBad = !parseHours(save.fields.hours).ok;
  const problem = toProblem(submitting.error) ?? toProblem(uploading.error);
  const attachments = entry?.attachments ?? [];

  const onSubmit = async () => {
    if (!navigator.onLine) return setOfflineNow(true);
    setOfflineNow(false);
    await submit({ placementId, week, revision: save.revision });
  };
  const onFile = async (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    await upload({ placementId, week, file });
    if (fileInput.current) fileInput.current.value = '';
  };

  return (
    <form className="logbook-week__form" onSubmit={(e) => e.preventDefault()} aria-describedby={id('state')}>
      <SaveIndicator id={id('state')} state={save.state} />
      {save.conflict ? (
        <Banner tone="error">
          <p>{save.message}</p>
          <div className="logbook-actions">
            <button type="button" className="btn btn--primary" onClick={() => save.resolve('mine')}>
              {t('conflict.keepMine')}
            </button>
            <button type="button" className="btn" onClick={() => save.resolve('theirs')}>
              {t('conflict.useTheirs')}
            </button>
          </div>
        </Banner>
      ) : save.state === 'refused' && save.message ? (
        <Banner tone="error">{save.message}</Banner>
      ) : null}
      <Field id={id('hours')} label={t('field.hours')} hint={t('field.hoursHint', { max: LOG_MAX_HOURS })} error={hoursBad ? t('field.hoursBad', { max: LOG_MAX_HOURS }) : undefined}>
        {(c) => <input {...c} className="logbook-input logbook-input--hours" inputMode="decimal" autoComplete="off" value={save.fields.hours} onChange={(e) => save.change({ hours: e.target.value })} />}
      </Field>
      <Field id={id('tasks')} label={t('field.tasks')}>
        {(c) => <textarea {...c} className="logbook-input" rows={4} value={save.fields.tasks} onChange={(e) => save.change({ tasks: e.target.value })} />}
      </Field>
      <Field id={id('learned')} label={t('field.learned')}>
        {(c) => <textarea {...c} className="logbook-input" rows={3} value={save.fields.learned} onChange={(e) => save.change({ learned: e.target.value })} />}
      </Field>
      <Field id={id('problems')} label={t('field.problems')}>
        {(c) => <textarea {...c} className="logbook-input" rows={3} value={save.fields.problems} onChange={(e) => save.change({ problems: e.target.value })} />}
      </Field>

      <h4 className="logbook-subheading">{t('attachments.title')}</h4>
      <Attachments placementId={placementId} week={week} attachments={attachments} canDelete />
      {attachments.length < ATTACHMENTS_PER_WEEK ? (
        <div className="field">
          <label className="btn logbook-file" htmlFor={id('file')}>
            {uploading.isLoading ? t('attachments.uploading') : t('attachments.add')}
          </label>
          <input
            ref={fileInput}
            id={id('file')}
            type="file"
            className="visually-hidden"
            accept="image/jpeg,image/png,image/webp,application/pdf"
            aria-describedby={id('file-hint')}
            onChange={(e) => void onFile(e.target.files)}
          />
          <p className="field__hint" id={id('file-hint')}>
            {t('attachments.hint', { max: ATTACHMENTS_PER_WEEK })}
          </p>
        </div>
      ) : null}

      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {offlineNow ? <Banner tone="info">{t('submitOffline')}</Banner> : null}
      <div className="logbook-actions">
        <button type="button" className="btn btn--primary" onClick={() => void onSubmit()} disabled={save.unsent || submitting.isLoading}>
          {entry?.status === 'returned' ? t('resubmit') : t('submit')}
        </button>
      </div>
      {save.unsent ? <p className="field__hint">{t('submitAfterSave')}</p> : null}
    </form>
  );
}

function SaveIndicator({ id, state }: { id: string; state: SaveState }) {
  const { t } = useTranslation('logbook');
  return (
    <p id={id} className={`logbook-save logbook-save--${state}`} role="status" aria-live="polite">
      {t(`save.${state}`)}
    </p>
  );
}
