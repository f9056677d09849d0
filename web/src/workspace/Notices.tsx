import { useAppSelector } from '../app/hooks';
import { Banner } from '../components/Banner';
import { selectLinkStatus } from '../features/connection/connectionSlice';
import type { FileSetBinding } from './fileSet';

/**
 * Files another save overtook: each with a way to compare and resolve. `changedBy` says who
 * the other writer can be (another tab or device for a student; another author for a draft).
 */
export function ConflictNotice({ selectFiles, changedBy, onResolve }: { selectFiles: FileSetBinding['selectFiles']; changedBy: string; onResolve: (path: string) => void }) {
  const files = useAppSelector(selectFiles);
  const conflicted = Object.values(files).filter((f) => f.conflict);
  if (conflicted.length === 0) return null;
  return (
    <Banner tone="error">
      {conflicted.map((f) => (
        <p key={f.path} className="conflict-notice">
          <span>
            <code>{f.path}</code> {changedBy}. Your edits here are kept, but not saved until you choose.
          </span>
          <button type="button" className="btn btn--small" onClick={() => onResolve(f.path)}>
            Compare and resolve<span className="visually-hidden"> {f.path}</span>
          </button>
        </p>
      ))}
    </Banner>
  );
}

/** While the link is down: nothing typed is lost, and saving resumes by itself. */
export function LinkNotice() {
  const link = useAppSelector(selectLinkStatus);
  if (link !== 'reconnecting') return null;
  return (
    <Banner tone="info">
      The connection to the server is down. Keep working: your edits are kept on this device and saved as soon as the connection is back.
    </Banner>
  );
}
