import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldMessage, type Problem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { EmailField } from './EmailField';
import type { SessionEndReason } from './session';

type Props = {
  busy: boolean;
  problem: Problem | null;
  endReason: SessionEndReason | null;
  onSignIn: (credentials: { email: string; password: string }) => void;
  /** The "Forgot password?" link: a router link in the app, a plain one on the sign-in entry. */
  forgotLink: ReactNode;
  /** Single sign-on, when organisations offer it. */
  sso: ReactNode;
};

/**
 * The sign-in form without its data: the app's sign-in page (LoginPage.tsx, RTK Query and the
 * router) and the sign-in page's own small entry (SignInScreen.tsx, plain fetch) both draw it.
 */
export function SignInForm({ busy, problem, endReason, onSignIn, forgotLink, sso }: Props) {
  const { t } = useTranslation('auth');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const emailError = problem?.fields.email && fieldMessage(t('signIn.field.email'), problem.fields.email);
  const passwordError = problem?.fields.password && fieldMessage(t('signIn.field.password'), problem.fields.password);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    onSignIn({ email, password });
  };

  return (
    <>
      <p className="auth-card__lead">{t('signIn.lead')}</p>

      {endReason && !problem ? <Banner tone="info">{t(`ended.${endReason}`)}</Banner> : null}
      {problem ? (
        <div className="banner banner--error" role="alert">
          <div className="banner__body">
            {Object.keys(problem.fields).length > 0 ? t('signIn.checkFields') : problem.message}
          </div>
        </div>
      ) : null}

      <form className="form" onSubmit={onSubmit} noValidate aria-label={t('signIn.title')}>
        <EmailField id="login-email" label={t('signIn.email')} error={emailError || undefined} value={email} onChange={setEmail} />
        <Field id="login-password" label={t('signIn.password')} error={passwordError || undefined}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="btn btn--primary btn--block" aria-disabled={busy || undefined}>
          {busy ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
      <p className="auth-card__forgot">{forgotLink}</p>
      {sso}
      <p className="auth-card__help">
        {t('signIn.help')}
      </p>
    </>
  );
}
