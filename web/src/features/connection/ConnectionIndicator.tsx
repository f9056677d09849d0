import { useAppSelector } from '../../app/hooks';
import type { LinkStatus } from '../../app/socket';
import { selectClockOffsetMs, selectLinkStatus } from './connectionSlice';
import './connection.css';

const LABEL: Record<LinkStatus, string> = {
  off: 'Offline',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

const DESCRIPTION: Record<LinkStatus, string> = {
  off: 'Not connected to the Practicum server. Live updates are paused.',
  connecting: 'Connecting to the Practicum server for live updates.',
  live: 'Connected to the Practicum server; live updates are on.',
  reconnecting: 'The connection to the Practicum server dropped. Trying again…',
};

/** A dot and a word: the socket's state, so nobody mistakes a paused page for a quiet one. */
export function ConnectionIndicator() {
  const status = useAppSelector(selectLinkStatus);
  const offset = useAppSelector(selectClockOffsetMs);
  const clock = status === 'live' && offset !== null ? ` Clock offset ${offset >= 0 ? '+' : ''}${offset} ms.` : '';
  return (
    <span className={`link-status link-status--${status}`} role="status" title={DESCRIPTION[status] + clock} data-status={status}>
      <span className="link-status__dot" aria-hidden="true" />
      <span className="link-status__label">
        <span className="visually-hidden">Connection: </span>
        {LABEL[status]}
      </span>
    </span>
  );
}
