import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../app/format';
import { SLOT, withSlot } from '../../app/richText';
import type { CourseReport, GapView } from '../../../../server/contract/competency';
import { EmptyState } from '../../components/EmptyState';
import { formatDay } from './dates';
import { focusModule, moduleAnchor } from './moduleFocus';
import { percent } from './levels';

function followModule(event: MouseEvent<HTMLAnchorElement>, moduleId: string) {
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  if (focusModule(moduleId)) event.preventDefault();
}

function ShareBar({ share }: { share: number }) {
  const width = 120;
  return (
    <svg className="share-bar" width={width} height="10" viewBox={`0 0 ${width} 10`} aria-hidden="true" focusable="false">
      <rect width={width} height="10" rx="2" className="share-bar__track" />
      <rect width={Math.max(0, Math.min(1, share)) * width} height="10" rx="2" className="share-bar__fill" />
    </svg>
  );
}

function Gap({ gap, rank }: { gap: GapView; rank: number }) {
  const { t } = useTranslation('competency');
  const headingId = `gap-${rank}`;
  return (
    <li className="gap">
      <div className="gap__head">
        <h3 id={headingId} className="gap__title">
          {gap.title} <span className="gap__code">{gap.code}</span>
        </h3>
        <p className="gap__share">
          <ShareBar share={gap.share} />
          <strong>{percent(gap.share)}</strong>
          {t('gaps.below')}
          <span className="muted">{t('gaps.ofAssessed', { below: gap.below, assessed: gap.assessed })}</span>
        </p>
        {gap.bySource.workplace.assessed > 0 ? (
          <p className="gap__sources muted">
            {t('gaps.bySource', {
              onBelow: gap.bySource.simulated.below,
              onAssessed: gap.bySource.simulated.assessed,
              offBelow: gap.bySource.workplace.below,
              offAssessed: gap.bySource.workplace.assessed,
            })}
          </p>
        ) : null}
      </div>
      <div className="gap__modules">
        <span className="gap__label">{t('gaps.taughtIn')}</span>{' '}
        {gap.modules.length === 0 ? (
          <span className="muted">{t('gaps.noModule')}</span>
        ) : (
          <ul className="gap__module-list">
            {gap.modules.map((m) => (
              <li key={m.id}>
                <a href={`#${moduleAnchor(m.id)}`} onClick={(e) => followModule(e, m.id)}>
                  {m.title}
                </a>
                {m.weight !== 1 ? <span className="muted">{t('gaps.weight', { weight: formatNumber(m.weight) })}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </div>
      {gap.quotes.length > 0 ? (
        <div className="gap__quotes">
          <p className="gap__label">{t('gaps.quotes')}</p>
          {gap.quotes.map((q, i) => (
            <figure key={`${q.at}-${i}`} className="reviewer-quote">
              <blockquote className="reviewer-quote__text">
                <p>{q.text}</p>
              </blockquote>
              <figcaption className="reviewer-quote__source">
                {withSlot(t('gaps.quoteSource', { scenario: SLOT, date: formatDay(q.at) }), <cite>{q.scenario}</cite>)}
              </figcaption>
            </figure>
          ))}
        </div>
      ) : null}
    </li>
  );
}

/** Competencies ranked by the share of students below proficient, each with where it is taught and what reviewers saw. */
export function GapList({ report }: { report: CourseReport }) {
  const { t } = useTranslation('competency');
  const gaps = [...report.gaps].sort((a, b) => b.share - a.share);
  if (gaps.length === 0) {
    return <EmptyState title={t('gaps.emptyTitle')}>{t('gaps.emptyBody')}</EmptyState>;
  }
  return (
    <ol className="gap-list">
      {gaps.map((g, i) => (
        <Gap key={g.code} gap={g} rank={i + 1} />
      ))}
    </ol>
  );
}
