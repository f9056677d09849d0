import type { ReactNode } from 'react';
import { Logo } from '../../components/Logo';
import { usePageHeading } from '../../components/Page';
import { LanguageSwitcher } from '../shell/LanguageSwitcher';
import './auth.css';

/**
 * The card of the pages a person sees before they are signed in (sign-in, forgot password, a
 * reset link, a mentor's invitation): the language switch, the brand and the page's heading,
 * which names the tab and takes focus after a navigation like every page's.
 */
export function AuthCard({ title, className, children }: { title: string; className?: string; children: ReactNode }) {
  const headingRef = usePageHeading(title);
  return (
    <div className="auth-screen">
      <main id="main" className={className ? `auth-card ${className}` : 'auth-card'}>
        <LanguageSwitcher className="lang-switch--corner" />
        <p className="auth-card__brand">
          <Logo size={32} />
          <span>Practicum</span>
        </p>
        <h1 ref={headingRef} tabIndex={-1} className="auth-card__title">
          {title}
        </h1>
        {children}
      </main>
    </div>
  );
}
