import { useTranslation } from 'react-i18next';
import type { AssessmentPointView, AssessmentView, PlacementAssessmentsView } from '../../../../server/contract/assessments';
import { formatDateTime } from '../../app/format';

/**
 * The school's view of a point: both mentors' newest signed assessments side by side, the
 * competencies where their levels differ marked, and every version with its signature.
 */
export function Comparison({ view, point }: { view: PlacementAssessmentsView; point: AssessmentPointView }) {
  const { t } = useTranslation('assessments');
  const school = point.school.find((a) => a.status === 'signed');
  const enterprise = point.enterprise.find((a) => a.status === 'signed');
  const levelLabel = (a: AssessmentView | undefined, code: string) => {
    const r = a?.content.ratings.find((x) => x.code === code);
    return r ? { label: view.levels.find((l) => l.id === r.levelId)?.label ?? r.levelId, comment: r.comment } : null;
  };
  const differ = new Set(point.disagreements);
  return (
    <div className="assess-compare">
      <h3>{t('compare.title')}</h3>
      {point.disagreements.length > 0 ? <p className="assess-differ-note">{t('compare.disagree', { count: point.disagreements.length })}</p> : null}
      <div className="assess-compare__scroll">
        <table className="table table--compact">
          <caption className="visually-hidden">{t('compare.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('compare.competency')}</th>
              <th scope="col">{t('side.school')}</th>
              <th scope="col">{t('side.enterprise')}</th>
            </tr>
          </thead>
          <tbody>
            {view.competencies.map((c) => {
              const a = levelLabel(school, c.code);
              const b = levelLabel(enterprise, c.code);
              return (
                <tr key={c.code} className={differ.has(c.code) ? 'assess-differ' : undefined}>
                  <th scope="row">
                    {c.title}
                    {differ.has(c.code) ? <span className="assess-differ__mark"> {t('compare.differs')}</span> : null}
                  </th>
                  <td>{a ? <Cell label={a.label} comment={a.comment} /> : <span className="muted">{t('compare.notSigned')}</span>}</td>
                  <td>{b ? <Cell label={b.label} comment={b.comment} /> : <span className="muted">{t('compare.notSigned')}</span>}</td>
                </tr>
              );
            })}
            <tr>
              <th scope="row">{t('compare.evidence')}</th>
              <td>{school?.content.evidence || '—'}</td>
              <td>{enterprise?.content.evidence || '—'}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <Versions title={t('side.school')} list={point.school} />
      <Versions title={t('side.enterprise')} list={point.enterprise} />
    </div>
  );
}

function Cell({ label, comment }: { label: string; comment: string }) {
  return (
    <>
      <strong>{label}</strong>
      {comment ? <p className="assess-comment">{comment}</p> : null}
    </>
  );
}

/** Every version of one side, newest first: who signed, when, and the hash of what they signed. */
export function Versions({ title, list, level = 4 }: { title: string; list: AssessmentView[]; level?: 3 | 4 }) {
  const { t } = useTranslation('assessments');
  if (list.length === 0) return null;
  // Under the comparison's own heading it is an h4; alone under the point's h2 (a mentor's view), an h3: headings in order.
  const Heading = level === 3 ? 'h3' : 'h4';
  return (
    <div className="assess-versions">
      <Heading>{t('versions.title', { side: title })}</Heading>
      <ul>
        {list.map((a) => (
          <li key={a.id}>
            {t('versions.version', { version: a.version })}
            {a.supersedesId ? ` · ${t('versions.supersedes', { version: a.version - 1 })}` : ''}
            {' · '}
            {a.status === 'signed' && a.signedAt ? t('versions.signed', { name: a.signerName ?? '', at: formatDateTime(a.signedAt) }) : t('versions.draft')}
            {a.contentHash ? (
              <>
                <br />
                <span className="muted">{t('versions.hash')} </span>
                <code className="assess-hash">{a.contentHash}</code>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
