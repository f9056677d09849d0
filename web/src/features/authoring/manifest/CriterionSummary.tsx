import type { ReactNode } from 'react';
import type { CompetencyOption } from '../../../../../server/contract/authoring';
import { useTranslation } from 'react-i18next';
import type { CriterionDraft, CriterionErrors } from './rubricYaml';

/** One rubric criterion as a card in the RubricEditor's list: levels, competency weights, and what is wrong with it. */
export function CriterionSummary({
  id,
  criterion: c,
  problems,
  competencies,
  actions,
}: {
  id: string;
  criterion: CriterionDraft;
  problems: CriterionErrors;
  competencies: CompetencyOption[];
  actions: ReactNode;
}) {
  const { t } = useTranslation('authoring');
  const titles = new Map(competencies.map((o) => [o.code, o.title]));
  const messages = [problems.id, problems.title, problems.points, problems.levels, problems.competencies].filter(Boolean);
  if (problems.level) messages.push(t('criterion.levelIncomplete'));
  return (
    <article className="rubric-card__body" id={id} tabIndex={-1} aria-label={c.title || c.id || t('criterion.untitledLabel')}>
      <p className="rubric-card__head">
        <span className="rubric-card__name">{c.title || <em>{t('criterion.untitled')}</em>}</span> <span className="picker__code">{c.id}</span>
        <span className="rubric-card__points">{c.points === null ? t('criterion.pointsUnknown') : t('criterion.pointCount', { count: c.points })}</span>
      </p>
      {c.description ? <p className="rubric-card__description">{c.description}</p> : null}
      <ul className="rubric-card__levels" aria-label={t('criterion.levels')}>
        {c.levels.map((l, i) => (
          <li key={i}>
            <span className="rubric-card__score">{l.score ?? '?'}</span> {l.text}
          </li>
        ))}
      </ul>
      {c.competencies.length > 0 ? (
        <p className="rubric-card__weights">
          {c.competencies.map((w) => (
            <span key={w.code} className="rubric-card__weight" title={titles.get(w.code) ?? w.code}>
              {titles.get(w.code) ?? w.code} <span className="picker__code">×{w.weight ?? '?'}</span>
            </span>
          ))}
        </p>
      ) : null}
      {messages.length > 0 ? (
        <ul className="rubric-card__problems">
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      {actions}
    </article>
  );
}
