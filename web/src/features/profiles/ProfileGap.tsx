import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { toProblem } from '../../app/problem';
import { levelName, percent } from '../competency/levels';
import { useGetPlacementGapsQuery } from './profilesApi';
import './profiles.css';

type Props = { placementId: string; /** The heading's level where the component is placed. */ headingLevel?: 2 | 3 | 4 };

/**
 * The placed student against the enterprise's requirements of the role: per competency the
 * required level, the student's mastery and how far below it is, in words (a screen reader
 * reads those) and as a bar with a mark at the required level (for the eye). One column, so it
 * fits a phone at 390 px.
 */
export function ProfileGap({ placementId, headingLevel = 3 }: Props) {
  const { t } = useTranslation('profiles');
  const headingId = useId();
  const { data, error, isLoading } = useGetPlacementGapsQuery(placementId);
  const problem = toProblem(error);
  const Heading = `h${headingLevel}` as const;
  return (
    <section className="profile-gap" aria-labelledby={headingId}>
      <Heading id={headingId} className="profile-gap__title">
        {t('gap.title')}
      </Heading>
      {isLoading ? <p className="muted">{t('gap.loading')}</p> : null}
      {problem ? <p className="field__error">{problem.message}</p> : null}
      {data ? (
        <>
          <p className="profile-gap__scope">{t('gap.scope', { scope: data.scope, role: data.role })}</p>
          {data.gaps === null ? <p>{t('gap.noCourse')}</p> : null}
          {data.gaps && data.gaps.length > 0 ? (
            <ul className="profile-gap__list">
              {data.gaps.map((g) => (
                <li key={g.code} className={`profile-gap__item${g.meets ? ' profile-gap__item--meets' : ''}`}>
                  <span className="profile-gap__name">{g.title}</span>
                  <span className="profile-gap__words">
                    {t('gap.required', { level: levelName(g.required), min: percent(g.required.min) })}
                    {' · '}
                    {g.value === null ? t('gap.noResult') : t('gap.now', { value: percent(g.value) })}
                    {' · '}
                    <strong>{g.meets ? t('gap.meets') : g.value === null ? t('gap.notYet') : t('gap.below', { gap: percent(g.gap) })}</strong>
                  </span>
                  <span className="profile-gap__bar" aria-hidden="true">
                    <span className="profile-gap__fill" style={{ width: `${Math.round((g.value ?? 0) * 100)}%` }} />
                    <span className="profile-gap__mark" style={{ left: `${Math.round(g.required.min * 100)}%` }} />
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
