import { Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import type { StudentRecord } from '../../../../server/contract/competency';
import { SLOT, withSlot } from '../../app/richText';
import { EvidenceList } from './EvidenceList';
import { levelClass, levelLabel, noResultYet, percent, PROFICIENT } from './levels';
import { Sparkline } from './Sparkline';
import './record.css';

const COLUMNS = 6;

export function competencyRowId(code: string): string {
  return `competency-${code}`;
}

/** The competencies in framework order, indented by depth, each row opening onto its evidence. */
export function RecordTable({ record }: { record: StudentRecord }) {
  const { t } = useTranslation('competency');
  const { hash } = useLocation();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const proficient = record.levels.find((l) => l.id === PROFICIENT)?.min;
  const withEvidence = record.competencies.filter((c) => c.evidence.length > 0);
  const allOpen = withEvidence.length > 0 && withEvidence.every((c) => open.has(c.code));

  // Arriving from a heatmap cell: open that competency and bring it into view.
  useEffect(() => {
    const code = hash.startsWith('#competency-') ? decodeURIComponent(hash.slice('#competency-'.length)) : '';
    if (!code || !record.competencies.some((c) => c.code === code)) return;
    setOpen((prev) => new Set(prev).add(code));
    requestAnimationFrame(() => document.getElementById(competencyRowId(code))?.scrollIntoView({ block: 'center' }));
  }, [hash, record]);

  const toggle = (code: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });

  return (
    <>
      {withEvidence.length > 0 ? (
        <p className="record__tools">
          <button type="button" className="btn btn--small" onClick={() => setOpen(allOpen ? new Set() : new Set(withEvidence.map((c) => c.code)))}>
            {allOpen ? t('table.hideAll') : t('table.showAll')}
          </button>
        </p>
      ) : null}
      <div className="table-wrap" role="region" aria-label={t('table.regionLabel')} tabIndex={0}>
        <table className="table record-table">
          <caption className="visually-hidden">{t('table.caption', { course: record.course.title, student: record.student.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('table.competency')}</th>
              <th scope="col">{t('table.level')}</th>
              <th scope="col" className="table__num">
                {t('table.score')}
              </th>
              <th scope="col" className="table__num">
                {t('table.attempts')}
              </th>
              <th scope="col">{t('table.trend')}</th>
              <th scope="col">{t('table.evidence')}</th>
            </tr>
          </thead>
          <tbody>
            {record.competencies.map((c) => {
              const isOpen = open.has(c.code);
              const panelId = `evidence-${c.code}`;
              const noResult = c.level === null && c.attempts > 0 ? noResultYet() : levelLabel(record.levels, c.level);
              // A parent with no evidence of its own shows what its children add up to, said to be a roll-up.
              const rollup = c.value === null && c.attempts === 0 ? c.rollup : null;
              return (
                <Fragment key={c.code}>
                  <tr id={competencyRowId(c.code)} className={`record-table__row record-table__row--depth-${Math.min(c.depth, 4)}${rollup ? ' record-table__row--rollup' : ''}`}>
                    <th scope="row" className="table__name--wrap record-table__name" style={{ paddingLeft: `${1 + c.depth * 1.25}rem` }}>
                      {c.title}
                      <span className="table__sub table__sub--mono">{c.code}</span>
                    </th>
                    <td>
                      {rollup ? (
                        <>
                          <span className={`mastery-pill ${levelClass(rollup.level)}`}>{levelLabel(record.levels, rollup.level)}</span>
                          <span className="table__sub">{t('table.rollup')}</span>
                        </>
                      ) : (
                        <span className={`mastery-pill ${levelClass(c.level)}`}>{noResult}</span>
                      )}
                    </td>
                    <td className="table__num">
                      {rollup ? (
                        <>
                          {percent(rollup.value)}
                          <span className="table__sub">{t('table.rollupOf', { count: rollup.competencies })}</span>
                        </>
                      ) : c.value === null ? (
                        <NoValue />
                      ) : (
                        percent(c.value)
                      )}
                      {!rollup && c.bySource.workplace.pieces > 0 ? (
                        <span className="table__sub">
                          {t('table.bySource', { onCampus: percent(c.bySource.simulated.value), offCampus: percent(c.bySource.workplace.value) })}
                        </span>
                      ) : null}
                    </td>
                    <td className="table__num">{rollup ? <NoValue /> : c.attempts}</td>
                    <td>
                      <Sparkline trend={c.trend} proficient={proficient} />
                    </td>
                    <td>
                      {c.evidence.length > 0 ? (
                        <button
                          type="button"
                          className="btn btn--small btn--quiet"
                          aria-expanded={isOpen}
                          aria-controls={panelId}
                          aria-label={t(isOpen ? 'table.hideFull' : 'table.showFull', { count: c.evidence.length, title: c.title })}
                          onClick={() => toggle(c.code)}
                        >
                          {t(isOpen ? 'table.hide' : 'table.show', { count: c.evidence.length })}
                        </button>
                      ) : rollup ? (
                        <span className="muted">{t('table.seeBelow')}</span>
                      ) : (
                        <span className="muted">{t('table.noneYet')}</span>
                      )}
                    </td>
                  </tr>
                  {c.evidence.length > 0 ? (
                    <tr className="record-table__evidence" hidden={!isOpen}>
                      <td colSpan={COLUMNS}>
                        <EvidenceList id={panelId} evidence={c.evidence} method={record.method} title={c.title} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      {record.competencies.some((c) => c.value === null && c.attempts === 0 && c.rollup) ? (
        <p className="record__note">{withSlot(t('table.rollupNote', { term: SLOT }), <strong>{t('table.rollupTerm')}</strong>)}</p>
      ) : null}
    </>
  );
}

function NoValue() {
  const { t } = useTranslation('competency');
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{t('table.noScore')}</span>
    </>
  );
}
