import { useTranslation } from 'react-i18next';
import type { ImportCredentialT, ImportResultT } from '../../../../server/contract/accountImports';
import { formatNumber, roleLabel } from '../../app/format';
import { Banner } from '../../components/Banner';
import { Page } from '../../components/Page';

const signInAddress = () => `${window.location.origin}/login`;

/** A spreadsheet cell: quoted when it holds a separator, a quote or a line break; formulas defused. */
function cell(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * After apply: the new accounts' initial passwords, shown this once. One slip per person to cut
 * and hand over (print CSS: the slips only, never split across pages) and the same as a CSV file.
 */
export function ImportSlips({ result, onDone }: { result: ImportResultT; onDone: () => void }) {
  const { t } = useTranslation('accountImport');
  const { credentials } = result;

  const download = () => {
    const header = [t('slip.org'), t('slip.name'), t('slip.class'), t('slip.role'), t('slip.email'), t('slip.password'), t('slip.address')];
    const rows = credentials.map((c) => [result.orgName, c.name, c.className ?? '', roleLabel(c.role), c.email, c.password, signInAddress()]);
    // The BOM makes Excel (Chinese Excel included) open the file as UTF-8.
    const text = '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
    const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = t('csvFileName', { org: result.orgName });
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Page title={t('done.title')} intro={t('done.intro', { create: result.counts.create, update: result.counts.update, unchanged: result.counts.unchanged, refused: result.counts.refused })}>
      {credentials.length > 0 ? (
        <div className="import-slips__notice">
          <Banner tone="info">{t('done.once')}</Banner>
        </div>
      ) : null}
      <div className="import-slips__actions">
        {credentials.length > 0 ? (
          <>
            <button type="button" className="btn btn--primary" onClick={() => window.print()}>
              {t('done.print', { n: formatNumber(credentials.length, 0) })}
            </button>
            <button type="button" className="btn" onClick={download}>
              {t('done.download')}
            </button>
          </>
        ) : null}
        <button type="button" className="btn btn--quiet" onClick={onDone}>
          {t('done.another')}
        </button>
      </div>
      <ul className="import-slips" aria-label={t('done.slips')}>
        {credentials.map((c) => (
          <Slip key={c.line} orgName={result.orgName} credential={c} />
        ))}
      </ul>
    </Page>
  );
}

function Slip({ orgName, credential: c }: { orgName: string; credential: ImportCredentialT }) {
  const { t } = useTranslation('accountImport');
  return (
    <li className="slip">
      <p className="slip__org">{orgName}</p>
      <p className="slip__name">
        {c.name}
        {c.className ? <span className="slip__class"> · {c.className}</span> : null}
      </p>
      <dl className="slip__fields">
        <dt>{t('slip.email')}</dt>
        <dd>{c.email}</dd>
        <dt>{t('slip.password')}</dt>
        <dd className="slip__password">{c.password}</dd>
        <dt>{t('slip.address')}</dt>
        <dd>{signInAddress()}</dd>
      </dl>
      <p className="slip__note">{t('slip.note')}</p>
    </li>
  );
}
