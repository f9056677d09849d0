import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmailField } from './EmailField';
import { useRequestPasswordResetMutation } from './authApi';
import { AuthCard } from './AuthCard';

/**
 * "Forgot password": asks for the address and says the same afterwards whatever it was, as the
 * server does, so nobody learns here who has an account.
 */
export function ForgotPasswordPage() {
  const { t } = useTranslation('auth');
  const [request, state] = useRequestPasswordResetMutation();
  const [email, setEmail] = useState('');
  const problem = toProblem(state.error);
  const emailError = problem?.fields.email && fieldMessage(t('signIn.field.email'), problem.fields.email);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (state.isLoading) return;
    void request({ email });
  };

  return (
    <AuthCard title={t('forgot.title')}>
      {state.isSuccess ? (
        <Banner tone="success">{t('forgot.sent', { email })}</Banner>
      ) : (
        <>
          <p className="auth-card__lead">{t('forgot.lead')}</p>
          {problem && !emailError ? <Banner tone="error">{problem.message}</Banner> : null}
          <form className="form" onSubmit={onSubmit} noValidate aria-label={t('forgot.title')}>
            <EmailField id="forgot-email" label={t('signIn.email')} error={emailError || undefined} value={email} onChange={setEmail} />
            <button type="submit" className="btn btn--primary btn--block" aria-disabled={state.isLoading || undefined}>
              {state.isLoading ? t('forgot.sending') : t('forgot.submit')}
            </button>
          </form>
        </>
      )}
      <p className="auth-card__help">
        {t('forgot.noEmail')} <Link to="/login">{t('backToSignIn')}</Link>
      </p>
    </AuthCard>
  );
}
