import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserViewT } from '../../../../server/contract/accounts';
import { formatDateTime } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { useIssueResetLinkMutation } from './authApi';
import './auth.css';

/** When the person last signed in, for the admin's view of them. */
export function LastSignIn({ user }: { user: Pick<UserViewT, 'lastSignInAt'> }) {
  const { t } = useTranslation('auth');
  return <span className="muted">{user.lastSignInAt ? t('admin.lastSignIn', { date: formatDateTime(user.lastSignInAt) }) : t('admin.neverSignedIn')}</span>;
}

/**
 * An admin issues a reset link for a member, to hand over in person (many students have no
 * e-mail the school trusts). The server keeps only its hash: the link is shown here once.
 */
export function IssueResetLink({ user }: { user: Pick<UserViewT, 'id' | 'name' | 'disabled'> }) {
  const { t } = useTranslation('auth');
  const [issue, state] = useIssueResetLinkMutation();
  const [copied, setCopied] = useState(false);
  const problem = toProblem(state.error);
  const issued = state.data;

  const onIssue = () => {
    if (state.isLoading) return;
    setCopied(false);
    void issue(user.id);
  };
  const onCopy = async () => {
    if (!issued) return;
    try {
      await navigator.clipboard.writeText(issued.link);
      setCopied(true);
    } catch {
      // No clipboard (plain HTTP, or refused): the field is selected for copying by hand.
      (document.getElementById('reset-link') as HTMLInputElement | null)?.select();
    }
  };

  if (user.disabled) return null;
  return (
    <div className="reset-link">
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {issued ? (
        <div className="reset-link__issued">
          <label className="field__label" htmlFor="reset-link">
            {t('admin.linkFor', { name: user.name })}
          </label>
          <div className="reset-link__row">
            <input id="reset-link" className="input" readOnly value={issued.link} onFocus={(e) => e.currentTarget.select()} aria-describedby="reset-link-hint" />
            <button type="button" className="btn" onClick={() => void onCopy()}>
              {copied ? t('admin.copied') : t('admin.copy')}
            </button>
          </div>
          <p id="reset-link-hint" className="muted">
            {t('admin.linkHint', { date: formatDateTime(issued.expiresAt) })}
          </p>
        </div>
      ) : null}
      <button type="button" className="btn" aria-disabled={state.isLoading || undefined} onClick={onIssue}>
        {issued ? t('admin.issueAgain') : t('admin.issue')}
      </button>
    </div>
  );
}
