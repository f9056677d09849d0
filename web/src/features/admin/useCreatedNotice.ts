import { useLocation, useNavigate } from 'react-router';

/** A "created X" message handed from a create form to the list it returns to. */
export type CreatedNotice = { created: { name: string; detail?: string } };

export function useCreatedNotice(): [CreatedNotice['created'] | null, () => void] {
  const location = useLocation();
  const navigate = useNavigate();
  const created = (location.state as CreatedNotice | null)?.created ?? null;
  const dismiss = () => void navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
  return [created, dismiss];
}
