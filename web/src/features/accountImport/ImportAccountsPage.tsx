import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportLineT, ImportOutcome, ImportPreviewT, ImportResultT } from '../../../../server/contract/accountImports';
import { formatNumber, roleLabel } from '../../app/format';
import { toProblem } from '../../app/problem';
import { detailText } from '../../app/serverText';
import { Banner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { Page } from '../../components/Page';
import { useListOrgsQuery } from '../admin/adminApi';
import { useApplyImportMutation, usePreviewImportMutation } from './importApi';
import { ImportSlips } from './ImportSlips';
import './accountImport.css';

const OUTCOMES: ImportOutcome[] = ['refused', 'create', 'update', 'unchanged'];

/**
 * Bulk accounts: choose an organisation and a CSV file, read the preview (refused lines first,
 * with their reasons), apply, then print one slip per new account. The initial passwords live
 * only in this page's state: leaving the page forgets them (the server never shows them again).
 */
export function ImportAccountsPage() {
  const { t } = useTranslation('accountImport');
  const orgs = useListOrgsQuery();
  const [orgId, setOrgId] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreviewT | null>(null);
  const [result, setResult] = useState<ImportResultT | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const [runPreview, previewState] = usePreviewImportMutation();
  const [runApply, applyState] = useApplyImportMutation();

  const choices = orgs.data?.orgs ?? [];
  const chosen = orgId || choices[0]?.id || '';
  const problem = toProblem(previewState.error) ?? toProblem(applyState.error);

  const onPreview = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setMissingFile(!file);
    if (!file || !chosen || previewState.isLoading) return;
    setPreview(null);
    setResult(null);
    applyState.reset();
    const res = await runPreview({ orgId: chosen, file });
    if ('data' in res && res.data) setPreview(res.data);
  };

  const onApply = async () => {
    if (!file || !preview) return;
    const res = await runApply({ orgId: preview.orgId, file, plan: preview.planId });
    if ('data' in res && res.data) {
      setResult(res.data);
      setPreview(null);
      // The passwords stay in this page's state only, not in the store's cache of the request.
      applyState.reset();
    }
  };

  if (result) return <ImportSlips result={result} onDone={() => setResult(null)} />;

  return (
    <Page title={t('title')} intro={t('intro')}>
      <form className="form form--card import-form" onSubmit={(e) => void onPreview(e)} noValidate aria-label={t('title')}>
        {choices.length > 1 ? (
          <Field id="import-org" label={t('organisation')}>
            {(control) => (
              <select {...control} className="input" value={chosen} onChange={(e) => setOrgId(e.target.value)}>
                {choices.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <Field id="import-file" label={t('file')} hint={t('fileHint')} error={missingFile ? t('chooseFile') : undefined}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setMissingFile(false);
                setPreview(null);
              }}
            />
          )}
        </Field>
        <FormActions busy={previewState.isLoading} label={t('preview')} busyLabel={t('previewing')} />
      </form>
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {preview ? <PreviewTable preview={preview} applying={applyState.isLoading} onApply={() => void onApply()} /> : null}
    </Page>
  );
}

function PreviewTable({ preview, applying, onApply }: { preview: ImportPreviewT; applying: boolean; onApply: () => void }) {
  const { t } = useTranslation('accountImport');
  const writes = preview.counts.create + preview.counts.update;
  return (
    <section className="import-preview" aria-labelledby="import-preview-heading">
      <h2 id="import-preview-heading">{t('previewHeading', { org: preview.orgName })}</h2>
      <ul className="import-counts">
        {OUTCOMES.map((o) => (
          <li key={o} className={`import-count import-count--${o}`}>
            <span className="import-count__n">{formatNumber(preview.counts[o], 0)}</span> {t(`outcome.${o}`)}
          </li>
        ))}
      </ul>
      <p className="import-note">
        {t('encoding', { encoding: preview.encoding })}
        {preview.ignoredColumns.length > 0 ? ` ${t('ignored', { columns: preview.ignoredColumns.join(', ') })}` : ''}
      </p>
      <div className="table-wrap">
        <table className="table import-table">
          <caption className="visually-hidden">{t('tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('col.line')}</th>
              <th scope="col">{t('col.outcome')}</th>
              <th scope="col">{t('col.email')}</th>
              <th scope="col">{t('col.name')}</th>
              <th scope="col">{t('col.role')}</th>
              <th scope="col">{t('col.class')}</th>
              <th scope="col">{t('col.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.lines.map((l) => (
              <tr key={l.line} className={`import-row--${l.outcome}`}>
                <td>{l.line}</td>
                <td>{t(`outcome.${l.outcome}`)}</td>
                <td>{l.email}</td>
                <td>{l.name}</td>
                <td>{l.role ? roleLabel(l.role) : ''}</td>
                <td>{l.className ?? ''}</td>
                <td>{detailOf(l, t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="form__actions">
        <button type="button" className="btn btn--primary" onClick={onApply} disabled={applying || writes === 0}>
          {applying ? t('applying') : writes === 0 ? t('nothingToApply') : t('apply', { create: preview.counts.create, update: preview.counts.update })}
        </button>
      </div>
    </section>
  );
}

function detailOf(l: ImportLineT, t: (key: string, params?: Record<string, unknown>) => string): string {
  if (l.reason) return detailText(l.reason) ?? l.reason.message;
  return l.changes.map((c) => t(`change.${c}`)).join(', ');
}
