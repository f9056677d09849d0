import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks';
import type { LinkStatus } from '../../app/socket';
import { selectClockOffsetMs, selectLinkStatus } from './connectionSlice';
import './connection.css';


/** A dot and a word: the socket's state, so nobody mistakes a paused page for a quiet one. */
export function ConnectionIndicator() {
  const { t } = useTranslation('connection');
  const LABEL: Record<LinkStatus, string> = {
    off: t('label.off'),
    connecting: t('label.connecting'),
    live: t('label.live'),
    reconnecting: t('label.reconnecting'),
  };
  const DESCRIPTION: Record<LinkStatus, string> = {
    off: t('description.off'),
    connecting: t('description.connecting'),
    live: t('description.live'),
    reconnecting: t('description.reconnecting'),
  };
  const status = useAppSelector(selectLinkStatus);
  const offset = useAppSelector(selectClockOffsetMs);
  const clock = status === 'live' && offset !== null ? t('clockOffset', { offset: `${offset >= 0 ? '+' : ''}${offset}` }) : '';
  return (
    <span className={`link-status link-status--${status}`} role="status" title={DESCRIPTION[status] + clock} data-status={status}>
      <span className="link-status__dot" aria-hidden="true" />
      <span className="link-status__label">
        <span className="visually-hidden">{t('connectionSr')}</span>
        {LABEL[status]}
      </span>
    </span>
  );
}
