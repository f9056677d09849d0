import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreatedInvitation } from '../../../../server/contract/mentors';
import type { PlacementView } from '../../../../server/contract/placements';
import { formatDay } from '../../app/format';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { useInviteMentorMutation, useMentorCandidatesQuery, useNameMentorMutation } from './placementActionsApi';

/**
 * Naming a placement's enterprise mentor from the enterprise's mentors, or inviting an outside
 * engineer by a one-time link. The link is shown once, here, to copy and hand over: the server
 * keeps only its hash and cannot show it again.
 */
export function MentorPanel({ placement }: { placement: PlacementView }) {
  const { t } = useTranslation('placements');
  const id = useId();
  const candidates = useMentorCandidatesQuery(placement.id);
  const [nameMentor, naming] = useNameMentorMutation();
  const [invite, inviting] = useInviteMentorMutation();
  const [chosen, setChosen] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [link, setLink] = useState<CreatedInvitation | null>(null);
  const [copied, setCopied] = useState(false);
  const nameProblem = toProblem(naming.error);
  const inviteProblem = toProblem(inviting.error);
  const url = link ? `${window.location.origin}${link.path}` : '';

  const onName = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!chosen || naming.isLoading) return;
    await nameMentor({ id: placement.id, userId: chosen });
  };
  const onInvite = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (inviting.isLoading) return;
    setCopied(false);
    const result = await invite({ id: placement.id, name, email });
    if ('data' in result && result.data) {
      setLink(result.data);
      setName('');
      setEmail('');
    }
  };
  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <div className="mentor-panel">
      <p>
        {placement.enterpriseMentor ? t('mentor.current', { name: placement.enterpriseMentor.name }) : t('mentor.none')}
      </p>
      {nameProblem ? <Banner tone="error">{nameProblem.message}</Banner> : null}
      {(candidates.data ?? []).length > 0 ? (
        <form className="placement-form" onSubmit={(e) => void onName(e)} aria-label={t('mentor.nameTitle')}>
          <Field id={`${id}-mentor`} label={t('mentor.choose')}>
            {(control) => (
              <select {...control} className="input" value={chosen} onChange={(e) => setChosen(e.target.value)}>
                <option value="">{t('mentor.choosePlaceholder')}</option>
                {candidates.data!.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" className="btn btn--primary" aria-disabled={naming.isLoading || !chosen || undefined}>
            {naming.isLoading ? t('mentor.naming') : t('mentor.name')}
          </button>
        </form>
      ) : candidates.data ? (
        <p className="muted">{t('mentor.noCandidates')}</p>
      ) : null}

      <form className="placement-form" onSubmit={(e) => void onInvite(e)} noValidate aria-label={t('mentor.inviteTitle')}>
        <p className="placement-form__lead">{t('mentor.inviteLead')}</p>
        {inviteProblem && Object.keys(inviteProblem.fields).length === 0 ? <Banner tone="error">{inviteProblem.message}</Banner> : null}
        <Field id={`${id}-name`} label={t('mentor.inviteName')} error={inviteProblem?.fields.name && fieldMessage(t('mentor.inviteName'), inviteProblem.fields.name)}>
          {(control) => <input {...control} className="input" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
        </Field>
        <Field id={`${id}-email`} label={t('mentor.inviteEmail')} error={inviteProblem?.fields.email && fieldMessage(t('mentor.inviteEmail'), inviteProblem.fields.email)}>
          {(control) => <input {...control} className="input" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />}
        </Field>
        <button type="submit" className="btn" aria-disabled={inviting.isLoading || undefined}>
          {inviting.isLoading ? t('mentor.inviting') : t('mentor.invite')}
        </button>
      </form>

      {link ? (
        <div className="invitation-link" role="status">
          <p>
            <strong>{t('mentor.linkOnce', { name: link.name, until: formatDay(link.expiresAt) })}</strong>
          </p>
          <label className="field__label" htmlFor={`${id}-link`}>
            {t('mentor.link')}
          </label>
          <div className="invitation-link__row">
            <input id={`${id}-link`} className="input input--mono" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" className="btn" onClick={() => void onCopy()}>
              {copied ? t('mentor.copied') : t('mentor.copy')}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
