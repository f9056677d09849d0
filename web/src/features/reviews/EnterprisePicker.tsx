import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { MembershipViewT } from '../../../../server/contract/accounts';
import { useSession } from '../auth/useSession';

/**
 * Whether the caller leads review at the enterprise (or at their only one, when none is named):
 * pages for leads ask the server nothing the caller may not read.
 */
export function isLeadFor(memberships: readonly Pick<MembershipViewT, 'orgId' | 'orgKind' | 'role' | 'lead'>[], enterpriseId: string | undefined): boolean {
  const reviewing = memberships.filter((m) => m.role === 'reviewer' && m.orgKind === 'enterprise');
  const m = enterpriseId ? reviewing.find((r) => r.orgId === enterpriseId) : reviewing.length === 1 ? reviewing[0] : undefined;
  return m?.lead === true;
}

/**
 * Whose review work a page shows. A reviewer of one company needs no choice (the server
 * knows it); a reviewer of several picks one, kept in `?enterprise=` like the queue does.
 */
export function useEnterpriseChoice(): { enterpriseId: string | undefined; enterprises: { orgId: string; orgName: string }[]; choose: (id: string) => void } {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const enterprises = session.user.memberships.filter((m) => m.role === 'reviewer' && m.orgKind === 'enterprise');
  const wanted = params.get('enterprise');
  const enterpriseId = enterprises.length > 1 ? (enterprises.find((e) => e.orgId === wanted)?.orgId ?? enterprises[0]!.orgId) : undefined;
  const choose = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('enterprise', id);
    setParams(next, { replace: true });
  };
  return { enterpriseId, enterprises, choose };
}

export function EnterprisePicker({ id, choice }: { id: string; choice: ReturnType<typeof useEnterpriseChoice> }) {
  const { t } = useTranslation('reviews');
  if (choice.enterprises.length < 2) return null;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {t('company')}
      </label>
      <select id={id} className="input" value={choice.enterpriseId} onChange={(e) => choice.choose(e.target.value)}>
        {choice.enterprises.map((e) => (
          <option key={e.orgId} value={e.orgId}>
            {e.orgName}
          </option>
        ))}
      </select>
    </div>
  );
}
