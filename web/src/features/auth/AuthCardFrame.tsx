import type { ReactNode, Ref } from 'react';
import { Logo } from '../../components/Logo';
import { LanguageSwitcher } from '../shell/LanguageSwitcher';
import './auth.css';

export type AuthCardProps = { title: string; className?: string; children: ReactNode };

/**
 * The card of the pages a person sees before they are signed in (AuthCard.tsx), without the
 * router, so the sign-in page's own entry (SignInScreen.tsx) draws it with no react-router in
 * its JavaScript: a module imported there lands in the entry chunk whole.
 */
export function AuthCardFrame({ title, className, children, headingRef }: AuthCardProps & { headingRef?: Ref<HTMLHeadingElement> }) {
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
