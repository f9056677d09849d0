import { useState } from 'react';
import { filePathProblem } from '../../../../server/contract/paths';
import { Banner } from '../../components/Banner';
import { Dialog, DialogActions } from '../../components/Dialog';
import { Field } from '../../components/Field';

/** A package holds text files of at most this size (SaveDraftFilePayload). */
export const MAX_FILE_BYTES = 512 * 1024;

/**
 * Why a path cannot be a new file of this draft, or null when it can: the server's file rule
 * (the same module, so the browser never lets through what the server refuses), then the draft.
 */
export function pathProblem(path: string, existing: Set<string>): string | null {
  if (!path) return 'Enter a file name, with its folder.';
  const reason = filePathProblem(path);
  // The rule's reasons follow a field name ("a folder name may not…", "has an empty folder name").
  if (reason) return reason.startsWith('a ') ? `A${reason.slice(1)}.` : `The path ${reason}.`;
  if (existing.has(path)) return `${path} exists already.`;
  if ([...existing].some((p) => p.startsWith(`${path}/`))) return `${path} is a folder.`;
  return null;
}

/**
 * A fixture file chosen on the author's computer, read as text, or why it cannot be one: the
 * package keeps text files only (no NUL, valid UTF-8), at most 512 KB each.
 */
export async function readFixture(file: File): Promise<{ content: string } | { error: string }> {
  if (file.size > MAX_FILE_BYTES) {
    return { error: `${file.name} is ${(file.size / 1024).toFixed(0)} KB: a package file may be at most 512 KB. Split a large fixture into several files.` };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const binary = `${file.name} is not a text file. Packages hold text only: SQL, CSV, JSON, logs. Export a spreadsheet as CSV, a database as SQL.`;
  if (bytes.includes(0)) return { error: binary };
  try {
    return { content: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { error: binary };
  }
}

type AddProps = {
  open: boolean;
  existing: Set<string>;
  onClose: () => void;
  /** Creates the file on the server; resolves with an error message when it could not. */
  create: (path: string) => Promise<string | null>;
};

const SUGGESTIONS = 'e.g. tasks/report.md, checks/totals.hidden.test.js, fixtures/orders.sql, events/late-truck.md';

export function AddFileDialog({ open, existing, onClose, create }: AddProps) {
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const close = () => {
    setPath('');
    setError(null);
    onClose();
  };

  const onSubmit = async () => {
    if (busy) return;
    const trimmed = path.trim();
    const problem = pathProblem(trimmed, existing);
    if (problem) {
      setError(problem);
      document.getElementById('new-file-path')?.focus();
      return;
    }
    setBusy(true);
    try {
      const failed = await create(trimmed);
      if (failed) setError(failed);
      else close();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      title="New file"
      onClose={close}
      busy={busy}
      actions={<DialogActions busy={busy} label={'Create file'} busyLabel={'Creating…'} onConfirm={() => void onSubmit()} onCancel={close} />}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void onSubmit();
        }}
        noValidate
      >
        <Field id="new-file-path" label="File name, with its folder" hint={SUGGESTIONS} error={error ?? undefined}>
          {(control) => (
            <input {...control} className="input input--mono" autoComplete="off" spellCheck={false} value={path} onChange={(e) => setPath(e.target.value)} />
          )}
        </Field>
      </form>
    </Dialog>
  );
}

type DeleteProps = {
  path: string | null;
  dirty: boolean;
  onClose: () => void;
  remove: (path: string) => Promise<string | null>;
};

export function DeleteFileDialog({ path, dirty, onClose, remove }: DeleteProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setError(null);
    onClose();
  };
  const onDelete = async () => {
    if (!path || busy) return;
    setBusy(true);
    try {
      const failed = await remove(path);
      if (failed) setError(failed);
      else close();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={path !== null}
      title={`Delete ${path ?? ''}?`}
      onClose={close}
      busy={busy}
      initialFocus="delete-file-cancel"
      actions={<DialogActions busy={busy} label={'Delete file'} busyLabel={'Deleting…'} onConfirm={() => void onDelete()} tone="danger" onCancel={close} cancelId="delete-file-cancel" />}
    >
      <p>The file goes from the draft for every author. Published versions keep their copy.</p>
      {dirty ? <p>It has edits that are not saved yet; they are lost too.</p> : null}
      {error ? (
        <Banner tone="error">{error}</Banner>
      ) : null}
    </Dialog>
  );
}
