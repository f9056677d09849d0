import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CalibrationItemView, RubricCriterionView } from '../../../../server/contract/review';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { EnterprisePicker, useEnterpriseChoice } from './EnterprisePicker';
import { useGetReviewItemQuery, useListCalibrationItemsQuery } from './reviewsApi';
import { StudentRef, studentLabel } from './StudentRef';

type Difference = NonNullable<CalibrationItemView['differences']>[number];

/** A difference in words first; the colour only repeats it. */
function verdict(difference: number): { text: string; tone: 'same' | 'near' | 'far' } {
  if (difference === 0) return { text: i18next.t('reviews:calibration.same'), tone: 'same' };
  const text = i18next.t('reviews:calibration.off', { count: Math.abs(difference), direction: difference > 0 ? 'higher' : 'lower' });
  return { text, tone: Math.abs(difference) === 1 ? 'near' : 'far' };
}

/**
 * Calibration: work a lead reviewer already scored, with agreed levels. Each reviewer scores it
 * blind on the review page, then sees here how far their levels were from the agreed ones.
 */
export function CalibrationPage() {
  const { t } = useTranslation('reviews');
  const choice = useEnterpriseChoice();
  const { data, error, isLoading } = useListCalibrationItemsQuery({ enterpriseId: choice.enterpriseId }, { refetchOnMountOrArgChange: true });
  const problem = toProblem(error);
  const toScore = data?.filter((i) => !i.scored).length ?? 0;

  return (
    <Page
      title={t('calibration.title')}
      intro={t('calibration.intro')}
    >
      <p className="back-link">
        <Link to="/reviews">{t('backToQueue')}</Link>
      </p>
      <EnterprisePicker id="calibration-enterprise" choice={choice} />
      {problem ? <Banner tone="error">{problem.status === 403 ? t('calibration.forbidden') : problem.message}</Banner> : null}
      <p className="result-count" aria-live="polite">
        {isLoading ? t('calibration.loading') : data ? t('calibration.count', { count: data.length, toScore }) : ''}
      </p>
      {data && data.length === 0 ? (
<EmptyState title={t('calibration.emptyTitle')}>{t('calibration.emptyText')}</EmptyState>
      ) : null}
      {data && data.length > 0 ? (
        <ul className="calibration-list">
          {data.map((item) => (
            <CalibrationRow key={item.itemId} item={item} />
          ))}
        </ul>
      ) : null}
    </Page>
  );
}

function CalibrationRow({ item }: { item: CalibrationItemView }) {
  const { t } = useTranslation('reviews');
  const titleId = `calibration-${item.itemId}`;
  const who = studentLabel(item.student);
  const agreedAll = item.differences?.every((d) => d.difference === 0) ?? false;
  return (
    <li className="calibration-item" data-item={item.itemId} aria-labelledby={titleId}>
      <div className="calibration-item__head">
        <div>
          <h2 id={titleId} className="calibration-item__title">
            {item.scenario.title}
          </h2>
          <p className="calibration-item__meta">
            <StudentRef student={item.student} inline />
          </p>
        </div>
        <span className={`pill ${item.scored ? 'pill--graded' : 'pill--awaiting_review'}`}>{item.scored ? t('calibration.scored') : t('calibration.notScored')}</span>
        <Link to={`/reviews/items/${item.itemId}`} className={`btn btn--small${item.scored ? '' : ' btn--primary'}`}>
          {item.scored ? t('calibration.open') : t('calibration.scoreIt')}
          <span className="visually-hidden">{t('calibration.itemOf', { student: who })}</span>
        </Link>
      </div>
      {item.differences && item.differences.length > 0 ? (
        <>
          <p className="calibration-item__summary">
            {agreedAll
              ? t('calibration.allMatched')
              : t('calibration.matched', { matched: item.differences.filter((d) => d.difference === 0).length, count: item.differences.length })}
          </p>
          <DifferencesTable itemId={item.itemId} differences={item.differences} caption={t('calibration.caption', { scenario: item.scenario.title, student: who })} />
        </>
      ) : null}
    </li>
  );
}

function DifferencesTable({ itemId, differences, caption }: { itemId: string; differences: Difference[]; caption: string }) {
  const { t } = useTranslation('reviews');
  // The rubric turns level numbers into what they mean; without it the numbers still read.
  const { data: detail } = useGetReviewItemQuery(itemId);
  const rubric = new Map<string, RubricCriterionView>((detail?.rubric ?? []).map((c) => [c.id, c]));
  const levelLabel = (criterionId: string, level: number) => {
    const l = rubric.get(criterionId)?.levels[level];
    return l ? (
      <>
        <span className="level-cell__points">{t('pts', { count: l.score })}</span>
        <span className="level-cell__text">{l.text}</span>
      </>
    ) : (
      <span className="level-cell__points">{t('level', { n: level + 1 })}</span>
    );
  };
  return (
    <div className="table-wrap table-wrap--flat" role="region" aria-label={caption} tabIndex={0}>
      <table className="table table--compact">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('criterion')}</th>
            <th scope="col">{t('agreed')}</th>
            <th scope="col">{t('yours')}</th>
            <th scope="col">{t('difference')}</th>
          </tr>
        </thead>
        <tbody>
          {differences.map((d) => {
            const v = verdict(d.difference);
            return (
              <tr key={d.criterionId} data-criterion={d.criterionId}>
                <th scope="row" className="table__name--wrap">
                  {d.title}
                </th>
                <td className="level-cell">{levelLabel(d.criterionId, d.agreed)}</td>
                <td className="level-cell">{levelLabel(d.criterionId, d.yours)}</td>
                <td>
                  <span className={`calibration-diff calibration-diff--${v.tone}`}>{v.text}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
