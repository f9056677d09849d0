import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useParams } from 'react-router';
import { PASSWORD_MIN, formatDay } from '../../app/format';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { useGetSessionQuery } from '../auth/authApi';
import { useAcceptMentorInvitationMutation, useGetMentorInvitationQuery } from './placementActionsApi';
import { AuthCard } from '../auth/AuthCard';
import '../auth/auth.css';
import './placements.css';

/**
 * Where an invited enterprise mentor lands from their link, on a phone more often than not:
 * who invites them for which student, and one password to open their account. Someone whose
 * address has an account already signs in first and accepts without one.
 */
export function MentorInvitationPage() {
  const { t } = useTranslation('placements');
  const { token = '' } = useParams();
  const location = useLocation();
  const session = useGetSessionQuery();
  const invitation = useGetMentorInvitationQuery(token);
  const [accept, state] = useAcceptMentorInvitationMutation();
  const [password, setPassword] = useState('');
  const loadProblem = toProblem(invitation.error);
  const problem = toProblem(state.error);
  const passwordError = problem?.fields.password && fieldMessage(t('invitation.password'), problem.fields.password);
  const signedIn = session.data ?? null;

  if (state.isSuccess) return <Navigate to="/" replace />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (state.isLoading) return;
    void accept({ token, ...(password ? { password } : {}) });
  };

  return (
    <AuthCard title={t('invitation.title')} className="invitation-card">
      {invitation.isLoading ? <p className="muted">{t('loading')}</p> : null}
      {loadProblem ? <Banner tone="error">{loadProblem.message}</Banner> : null}
      {invitation.data ? (
        <>
          <p className="auth-card__lead">
            {t('invitation.lead', {
              inviter: invitation.data.inviter,
              student: invitation.data.student,
              base: invitation.data.base,
              enterprise: invitation.data.enterprise,
              start: formatDay(invitation.data.startsOn),
              end: formatDay(invitation.data.endsOn),
            })}
          </p>
          {problem && !passwordError ? <Banner tone="error">{problem.message}</Banner> : null}
          {problem?.code === 'conflict' ? (
            <p>
              <Link to="/login" state={{ from: location }}>
                {t('invitation.signIn')}
              </Link>
            </p>
          ) : null}
          {signedIn ? <p>{t('invitation.signedInAs', { name: signedIn.user.name })}</p> : null}
          <form className="form" onSubmit={onSubmit} noValidate aria-label={t('invitation.title')}>
            <Field id="invitation-password" label={t('invitation.password')} hint={t('invitation.passwordHint', { min: PASSWORD_MIN })} error={passwordError || undefined}>
              {(control) => (
                <input {...control} className="input" type="password" name="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
              )}
            </Field>
            <button type="submit" className="btn btn--primary btn--block" aria-disabled={state.isLoading || undefined}>
              {state.isLoading ? t('invitation.accepting') : t('invitation.accept')}
            </button>
          </form>
        </>
      ) : null}
    </AuthCard>
  );
}
