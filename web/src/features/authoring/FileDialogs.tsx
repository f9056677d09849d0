import i18next from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { filePathReason, pathReasonText } from '../../../../server/contract/paths';
import { intlLocale } from '../../app/locale';
import { detailText } from '../../app/serverText';
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
  if (!path) return i18next.t('authoring:files.enterPath');
  const reason = filePathReason(path);
  if (reason) {
    // In the reader's language (the server's catalog), English if it is not loaded.
    const english = pathReasonText(reason);
    const text = detailText({ key: reason.key, params: reason.params, message: english }) ?? english;
    // A name's reasons are sentences of their own ("a folder name may not…"); the path's follow it ("has an empty folder name").
    if (reason.params && 'kind' in reason.params) return i18next.t('authoring:files.pathRule', { kind: 'name', reason: text.charAt(0).toLocaleUpperCase(intlLocale()) + text.slice(1) });
    return i18next.t('authoring:files.pathRule', { kind: 'path', reason: text });
  }
  if (existing.has(path)) return i18next.t('authoring:files.exists', { path });
  if ([...existing].some((p) => p.startsWith(`${path}/`))) return i18next.t('authoring:files.isFolder', { path });
  return null;
}

/**
 * A fixture file chosen on the author's computer, read as text, or why it cannot be one: the
 * package keeps text files only (no NUL, valid UTF-8), at most 512 KB each.
 */
export async function readFixture(file: File): Promise<{ content: string } | { error: string }> {
  if (file.size > MAX_FILE_BYTES) {
    return { error: i18next.t('authoring:files.tooLarge', { name: file.name, kilobytes: Math.round(file.size / 1024) }) };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const binary = i18next.t('authoring:files.notText', { name: file.name });
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

export function AddFileDialog({ open, existing, onClose, create }: AddProps) {
  const { t } = useTranslation('authoring');
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
      title={t('files.new.title')}
      onClose={close}
      busy={busy}
      actions={<DialogActions busy={busy} label={t('files.new.confirm')} busyLabel={t('files.new.busy')} onConfirm={() => void onSubmit()} onCancel={close} cancelLabel={t('common.cancel')} />}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void onSubmit();
        }}
        noValidate
      >
        <Field id="new-file-path" label={t('files.new.label')} hint={t('files.new.hint', { examples: 'tasks/report.md, checks/totals.hidden.test.js, fixtures/orders.sql, events/late-truck.md' })} error={error ?? undefined}>
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
  const { t } = useTranslation('authoring');
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
      title={t('files.delete.title', { path: path ?? '' })}
      onClose={close}
      busy={busy}
      initialFocus="delete-file-cancel"
      actions={<DialogActions busy={busy} label={t('files.delete.confirm')} busyLabel={t('files.delete.busy')} onConfirm={() => void onDelete()} tone="danger" onCancel={close} cancelLabel={t('common.cancel')} cancelId="delete-file-cancel" />}
    >
      <p>{t('files.delete.body')}</p>
      {dirty ? <p>{t('files.delete.dirty')}</p> : null}
      {error ? (
        <Banner tone="error">{error}</Banner>
      ) : null}
    </Dialog>
  );
}
