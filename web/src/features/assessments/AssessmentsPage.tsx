import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ASSESSMENT_KINDS, type AssessmentKind, type AssessmentPointView, type PlacementAssessmentsView } from '../../../../server/contract/assessments';
import { formatDay } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Page } from '../../components/Page';
import { useSession } from '../auth/useSession';
import { ProfileGap } from '../profiles/ProfileGap';
import { AssessmentForm } from './AssessmentForm';
import { Comparison, Versions } from './Comparison';
import { useGetAssessmentsQuery, useNewVersionMutation, useSetPointMutation } from './assessmentsApi';
import { useLiveAssessments } from './useLiveAssessments';
import './assessments.css';

/**
 * `/placements/:placementId/assessments`: the placement's assessment points. Each mentor
 * assesses at each point (a phone is enough); the school sets the points and sees both
 * mentors' assessments side by side. Everyone related to the placement (the student too) sees
 * the student's gap to the role's profile, and both follow sign-offs live.
 */
export function AssessmentsPage() {
  const { t } = useTranslation('assessments');
  const { placementId = '' } = useParams();
  const session = useSession();
  const { data, error, isLoading } = useGetAssessmentsQuery(placementId);
  useLiveAssessments(placementId);
  const problem = toProblem(error);
  return (
    <Page
      title={t('title')}
      heading={data ? t('heading', { student: data.placement.student.name }) : t('title')}
      intro={data ? t('intro', { role: data.placement.role, base: data.placement.baseName, start: formatDay(data.placement.startsOn), end: formatDay(data.placement.endsOn) }) : null}
    >
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {isLoading ? <p>{t('loading')}</p> : null}
      {data ? (
        <div className="assess-page">
          {!data.feedsRecord ? <Banner tone="info">{t('noCourse')}</Banner> : null}
          {data.you.setsPoints ? <PointsForm view={data} /> : null}
          {data.points.length === 0 ? <p>{t('noPoints')}</p> : null}
          {data.points.map((p) => (
            <PointSection key={p.kind} view={data} point={p} userId={session.user.id} />
          ))}
          <div className="panel">
            <ProfileGap placementId={placementId} headingLevel={2} />
          </div>
        </div>
      ) : null}
    </Page>
  );
}

function PointSection({ view, point, userId }: { view: PlacementAssessmentsView; point: AssessmentPointView; userId: string }) {
  const { t } = useTranslation('assessments');
  const [correct, correcting] = useNewVersionMutation();
  const side = view.you.side;
  const mine = side ? point[side].filter((a) => a.assessor.id === userId) : [];
  const latest = mine[0] ?? null;
  const schoolView = side === 'school' || view.you.setsPoints;
  const correctProblem = toProblem(correcting.error);
  return (
    <section className="panel assess-point" aria-labelledby={`point-${point.kind}`}>
      <h2 id={`point-${point.kind}`} className="panel__title">
        {t('point.title', { kind: point.kind, due: formatDay(point.dueOn) })}
      </h2>
      {side && (!latest || latest.status === 'draft') ? (
        <AssessmentForm key={latest ? `${latest.id}` : 'new'} userId={userId} view={view} kind={point.kind} draft={latest} />
      ) : null}
      {side && latest?.status === 'signed' ? (
        <div className="assess-signed">
          <p>{t('point.signed', { version: latest.version })}</p>
          {correctProblem ? <Banner tone="error">{correctProblem.message}</Banner> : null}
          <button type="button" className="btn assess-touch" onClick={() => void correct({ placementId: view.placement.id, kind: point.kind })} aria-disabled={correcting.isLoading || undefined}>
            {t('point.correct')}
          </button>
          {!schoolView ? <Versions title={t(`side.${side}`)} list={mine} level={3} /> : null}
        </div>
      ) : null}
      {schoolView ? <Comparison view={view} point={point} /> : null}
    </section>
  );
}

/** The school sets (or moves) the mid-placement and final points, on days inside the placement. */
function PointsForm({ view }: { view: PlacementAssessmentsView }) {
  const { t } = useTranslation('assessments');
  const [setPoint, state] = useSetPointMutation();
  const existing = (k: AssessmentKind) => view.points.find((p) => p.kind === k)?.dueOn ?? '';
  const [days, setDays] = useState<Record<AssessmentKind, string>>({ mid: existing('mid'), final: existing('final') });
  const problem = toProblem(state.error);
  return (
    <section className="panel assess-points" aria-labelledby="assess-points-title">
      <h2 id="assess-points-title" className="panel__title">
        {t('points.title')}
      </h2>
      {problem ? <Banner tone="error">{problem.fields.dueOn ?? problem.message}</Banner> : null}
      {ASSESSMENT_KINDS.map((k) => (
        <div key={k} className="assess-points__row">
          <label className="field__label" htmlFor={`due-${k}`}>
            {t('points.due', { kind: k })}
          </label>
          <input id={`due-${k}`} type="date" className="input" min={view.placement.startsOn} max={view.placement.endsOn} value={days[k]} onChange={(e) => setDays({ ...days, [k]: e.target.value })} />
          <button type="button" className="btn assess-touch" disabled={!days[k]} onClick={() => void setPoint({ placementId: view.placement.id, kind: k, dueOn: days[k] })}>
            {t('points.set', { kind: k })}
          </button>
        </div>
      ))}
    </section>
  );
}
