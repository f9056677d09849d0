import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ssoStartUrl, useListSsoOrgsQuery } from './ssoApi';
import './sso.css';

/**
 * "Sign in with your school account" on the sign-in page. People pick their organisation from
 * the ones that switched single sign-on on (a public list of names: schools and enterprises
 * advertise it, and nobody has to remember a short name); nothing shows when there are none.
 */
export function SsoSignIn() {
  const { t, i18n } = useTranslation('sso');
  const { data: orgs } = useListSsoOrgsQuery();
  const [chosen, setChosen] = useState('');
  if (!orgs || orgs.length === 0) return null;
  const slug = orgs.length === 1 ? orgs[0]!.slug : chosen;

  return (
    <section className="sso-signin" aria-labelledby="sso-signin-title">
      <h2 id="sso-signin-title" className="sso-signin__title">
        {t('signIn.title')}
      </h2>
      {orgs.length === 1 ? (
        <p className="sso-signin__org">{orgs[0]!.name}</p>
      ) : (
        <div className="field">
          <label className="field__label" htmlFor="sso-org">
            {t('signIn.org')}
          </label>
          <select id="sso-org" className="input" value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">{t('signIn.choose')}</option>
            {orgs.map((o) => (
              <option key={o.slug} value={o.slug}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {slug ? (
        <a className="btn btn--block" href={ssoStartUrl(slug, i18n.language)}>
          {t('signIn.go')}
        </a>
      ) : (
        <p className="sso-signin__hint">{t('signIn.chooseFirst')}</p>
      )}
    </section>
  );
}
