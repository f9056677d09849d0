import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserViewT } from '../../../../server/contract/accounts';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Dialog, DialogActions } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { dataExportUrl, useEraseStudentMutation } from './privacyApi';

/**
 * A student's personal data, for the admin of their school: download it on their behalf, or
 * erase them. Erasing asks for the student's e-mail typed out, so a slip never erases anyone;
 * the server checks it again. Shown only for students (teachers and others are not erased here).
 */
export function PersonalDataSection({ user, self }: { user: UserViewT; self: boolean }) {
  const { t, i18n } = useTranslation('privacy');
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [erase, erasing] = useEraseStudentMutation();
  const [notice, setNotice] = useState<string | null>(null);
  const problem = toProblem(erasing.error);
  if (self || !user.memberships.some((m) => m.role === 'student')) return null;

  const onErase = async (event?: FormEvent) => {
    event?.preventDefault();
    if (erasing.isLoading) return;
    const result = await erase({ userId: user.id, confirmEmail: email });
    if ('data' in result && result.data) {
      setOpen(false);
      setEmail('');
      setNotice(`${t('admin.erased', { name: result.data.user.name })} ${t(result.data.keptScores ? 'admin.erasedKept' : 'admin.erasedDeleted')}`);
    }
  };
  const close = () => {
    setOpen(false);
    erasing.reset();
  };

  return (
    <section className="section" aria-labelledby="user-personal-data">
      <h2 id="user-personal-data" className="section__title">
        {t('admin.title')}
      </h2>
      {notice ? (
        <Banner tone="success" onDismiss={() => setNotice(null)}>
          {notice}
        </Banner>
      ) : null}
      <p className="muted">{t('admin.text')}</p>
      <p className="personal-data__actions">
        <a className="btn btn--small" href={dataExportUrl(user.id, i18n.language)} download>
          {t('admin.export')}
        </a>{' '}
        <button type="button" className="btn btn--small btn--danger" onClick={() => setOpen(true)}>
          {t('admin.erase')}
        </button>
      </p>
      <Dialog
        open={open}
        title={t('admin.eraseTitle', { name: user.name })}
        onClose={close}
        busy={erasing.isLoading}
        initialFocus="erase-email"
        actions={<DialogActions busy={erasing.isLoading} tone="danger" label={t('admin.confirm')} busyLabel={t('admin.erasing')} onConfirm={() => void onErase()} onCancel={close} />}
      >
        <p>
          <strong>{t('admin.warning')}</strong>
        </p>
        <p>{t('admin.exportFirst')}</p>
        {problem && !problem.fields.confirmEmail ? <Banner tone="error">{problem.message}</Banner> : null}
        <form onSubmit={(e) => void onErase(e)} noValidate>
          <Field id="erase-email" label={t('admin.confirmLabel')} error={problem?.fields.confirmEmail}>
            {(control) => <input {...control} className="input" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
        </form>
      </Dialog>
    </section>
  );
}
