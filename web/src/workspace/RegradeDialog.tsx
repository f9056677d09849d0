import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldMessage, toProblem } from '../app/problem';
import { Dialog } from '../components/Dialog';
import { Field } from '../components/Field';
import { useRequestRegradeMutation } from '../features/reviews/reviewsApi';
import type { RegradeTarget } from './ReviewFeedback';

const REASON_MIN = 10;

type Props = {
  attemptId: string;
  target: RegradeTarget | null;
  onClose: () => void;
  onSent: (target: RegradeTarget) => void;
};

/** "Why should this be scored again?" — the student's reason goes to a reviewer of the company. */
export function RegradeDialog({ attemptId, target, onClose, onSent }: Props) {
  const { t } = useTranslation('workspace');
  const [reason, setReason] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const [requestRegrade, state] = useRequestRegradeMutation();
  const problem = toProblem(state.error);
  const busy = state.isLoading;

  const close = () => {
    setReason('');
    setTooShort(false);
    state.reset();
    onClose();
  };

  const onSubmit = async () => {
    if (!target || busy) return;
    if (reason.trim().length < REASON_MIN) {
      setTooShort(true);
      document.getElementById('regrade-reason')?.focus();
      return;
    }
    setTooShort(false);
    const result = await requestRegrade({ attemptId, target: { kind: target.kind, id: target.id }, reason: reason.trim() });
    if (!('error' in result)) {
      onSent(target);
      close();
    }
  };

  const reasonError = tooShort
    ? t('regrade.tooShort', { min: REASON_MIN })
    : problem?.fields.reason
      ? fieldMessage(t('regrade.reasonField'), problem.fields.reason)
      : undefined;
  const otherProblem = problem && !problem.fields.reason ? problem.message : null;

  return (
    <Dialog
      open={target !== null}
      title={target ? t('regrade.dialogTitle', { title: target.title }) : t('regrade.dialogTitlePlain')}
      onClose={close}
      busy={busy}
      initialFocus="regrade-reason"
      actions={
        <>
          <button type="submit" form="regrade-form" className="btn btn--primary" aria-disabled={busy || undefined}>
            {busy ? t('regrade.sending') : t('regrade.send')}
          </button>
          <button type="button" className="btn btn--quiet" onClick={close} disabled={busy}>
            {t('regrade.cancel')}
          </button>
        </>
      }
    >
      {target ? (
        <form
          id="regrade-form"
          className="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void onSubmit();
          }}
        >
          <p>{t('regrade.what', { kind: target.kind, title: target.title, current: target.current })}</p>
          {otherProblem ? (
            <div className="banner banner--error" role="alert">
              <div className="banner__body">{otherProblem}</div>
            </div>
          ) : null}
          <Field
            id="regrade-reason"
            label={t('regrade.reasonLabel')}
            hint={t('regrade.reasonHint', { min: REASON_MIN })}
            error={reasonError}
          >
            {(control) => <textarea {...control} className="input regrade-form__reason" rows={5} maxLength={5000} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
        </form>
      ) : null}
    </Dialog>
  );
}
