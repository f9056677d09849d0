import { useSearchParams } from 'react-router';
import { useSession } from '../auth/useSession';

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
  if (choice.enterprises.length < 2) return null;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        Company
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
