import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DELIVERIES, type Delivery, type NoticeKind, type NotificationSettingsView } from '../../../../server/contract/mail';
import { toProblem } from '../../app/problem';
import { LoadState, OutcomeBanners } from '../../components/Banner';
import { FormActions } from '../../components/FormActions';
import { Page } from '../../components/Page';
import { useSession } from '../auth/useSession';
import { useNotificationSettingsQuery, usePutNotificationSettingsMutation } from './notificationsApi';
import './notifications.css';

/** Kinds only some people receive: the course's review copies are for teachers. */
const TEACHER_ONLY: NoticeKind[] = ['courseReviewReleased'];

/** Which notifications reach the signed-in user by e-mail: each as it happens, in one daily digest, or none. */
export function NotificationsPage() {
  const { t } = useTranslation('notifications');
  const { data, error, isLoading } = useNotificationSettingsQuery();
  const problem = toProblem(error);
  return (
    <Page title={t('title')} intro={t('intro')}>
      <LoadState problem={problem} isLoading={isLoading} loading={t('loading')} />
      {data ? <SettingsForm settings={data} /> : null}
    </Page>
  );
}

function savedChoices(settings: NotificationSettingsView): Partial<Record<NoticeKind, Delivery>> {
  return Object.fromEntries(settings.kinds.map((k) => [k.kind, k.delivery]));
}

function SettingsForm({ settings }: { settings: NotificationSettingsView }) {
  const { t } = useTranslation('notifications');
  const session = useSession();
  // Seeded on the first render (a first render with nothing checked is what a slow phone shows, and what a
  // test reading the radios saw), and again when the saved settings come back.
  const [choices, setChoices] = useState(() => savedChoices(settings));
  const [notice, setNotice] = useState<string | null>(null);
  const [put, state] = usePutNotificationSettingsMutation();
  useEffect(() => setChoices(savedChoices(settings)), [settings]);
  const teacher = session.roles.includes('teacher');
  const shown = settings.kinds.filter((k) => teacher || !TEACHER_ONLY.includes(k.kind));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (state.isLoading) return;
    setNotice(null);
    const result = await put({ kinds: choices });
    if (!('error' in result)) setNotice(t('saved'));
  };

  return (
    <form className="form notification-form" onSubmit={(e) => void submit(e)} noValidate>
      <OutcomeBanners notice={notice} onDismiss={() => setNotice(null)} problem={toProblem(state.error)} />
      <p>{t('address', { email: settings.email })}</p>
      {shown.map(({ kind }) => (
        <fieldset key={kind} className="fieldset notification-kind">
          <legend className="fieldset__legend">{t(`kind.${kind}.title`)}</legend>
          <p className="muted notification-kind__hint">{t(`kind.${kind}.hint`)}</p>
          <div className="choices notification-kind__choices">
            {DELIVERIES.map((delivery) => (
              <label key={delivery} className="choice notification-choice">
                <input type="radio" name={`delivery-${kind}`} value={delivery} checked={choices[kind] === delivery} onChange={() => setChoices((c) => ({ ...c, [kind]: delivery }))} />
                <span className="choice__label">{t(`delivery.${delivery}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <p className="muted">{t('always')}</p>
      <FormActions busy={state.isLoading} label={t('save')} busyLabel={t('saving')} />
    </form>
  );
}
