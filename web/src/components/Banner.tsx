import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Props = { tone: 'success' | 'info' | 'error'; children: ReactNode; onDismiss?: () => void };

/** A message above the content. Errors interrupt (alert); the others wait their turn (status). */
export function Banner({ tone, children, onDismiss }: Props) {
  const { t } = useTranslation('components');
  return (
    <div className={`banner banner--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <div className="banner__body">{children}</div>
      {onDismiss ? (
        <button type="button" className="banner__dismiss" onClick={onDismiss} aria-label={t('banner.dismiss')}>
          ×
        </button>
      ) : null}
    </div>
  );
}

/**
 * What an action panel says above its content: the last success (until dismissed) and the
 * last error.
 */
export function OutcomeBanners({ notice, onDismiss, problem }: { notice: string | null; onDismiss: () => void; problem: { message: string } | null | undefined }) {
  return (
    <>
      {notice ? (
        <Banner tone="success" onDismiss={onDismiss}>
          {notice}
        </Banner>
      ) : null}
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
    </>
  );
}

/** What a page says while its data loads (`loading`, in the page's words), or why it did not load. */
export function LoadState({ problem, isLoading, loading }: { problem: { message: string } | null | undefined; isLoading: boolean; loading: string }) {
  return (
    <>
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {isLoading ? (
        <p className="muted" role="status">
          {loading}
        </p>
      ) : null}
    </>
  );
}
