import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, SessionViewT } from '../../../../server/contract/accounts';
import { joinList, operatorLabel, roleLabelFor } from '../../app/format';

type Props = { role: Role | 'operator'; title: string; session: SessionViewT; children: ReactNode };

/** One role's part of the home page, headed by the role and the organisations it is held in. */
export function RoleSection({ role, title, session, children }: Props) {
  const { t } = useTranslation('home');
  const held = session.user.memberships.filter((m) => m.role === role);
  // Lead in some enterprises and not others: say where.
  const mixed = held.some((m) => m.lead) && held.some((m) => !m.lead);
  const orgs = held.map((m) => (mixed && m.lead ? t('orgLead', { org: m.orgName }) : m.orgName));
  const headingId = `home-${role}`;
  return (
    <section className={`role-section role-section--${role}`} aria-labelledby={headingId}>
      <header className="role-section__header">
        <p className={`role-badge role-badge--${role}`}>{role === 'operator' ? operatorLabel() : roleLabelFor(role, session.user.memberships)}</p>
        <h2 id={headingId} className="role-section__title">
          {title}
        </h2>
        {orgs.length > 0 ? <p className="role-section__orgs">{joinList(orgs)}</p> : null}
      </header>
      <div className="role-section__body">{children}</div>
    </section>
  );
}
