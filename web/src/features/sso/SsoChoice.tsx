import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SsoOrgT } from '../../../../server/contract/sso';
import './sso.css';

/** Where the browser goes to sign in through an organisation's provider (a full page load, not a fetch). */
export const ssoStartUrl = (slug: string, lang: string) => `/api/sso/${encodeURIComponent(slug)}/start?lang=${encodeURIComponent(lang)}`;

/**
 * "Sign in with your school account" on the sign-in page. People pick their organisation from
 * the ones that switched single sign-on on (a public list of names: schools and enterprises
 * advertise it, and nobody has to remember a short name); nothing shows when there are none.
 * Takes the list, so the sign-in entry without the store (SignInScreen.tsx) shows it too.
 */
export function SsoChoice({ orgs }: { orgs: SsoOrgT[] | undefined }) {
  const { t, i18n } = useTranslation('sso');
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
