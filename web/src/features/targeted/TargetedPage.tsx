import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TargetedRow } from '../../../../server/contract/profiles';
import { formatDate, formatDay, joinList } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { recordPath } from '../competency/Heatmap';
import { levelName, percent } from '../competency/levels';
import { useGetCourseQuery } from '../courses/coursesApi';
import { useCreateTargetedMutation, useListTargetedQuery } from './targetedApi';
import './targeted.css';

/** Two weeks to practise before the re-assessment, unless the teacher picks another day. */
const DEFAULT_DAYS = 14;
const dayAfter = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Targeted education (针对性培养): the course's students who, after a placement, are below the
 * enterprise's requirements of their role; what teaches the missing competencies; one click for
 * a targeted practice with a re-assessment day; and whether each plan's gap has closed.
 */
export function TargetedPage() {
  const { t } = useTranslation('targeted');
  const { courseId = '' } = useParams();
  const course = useGetCourseQuery(courseId);
  const { data, error, isLoading } = useListTargetedQuery(courseId);
  const problem = toProblem(error);
  return (
    <Page title={t('page.title')} intro={course.data ? t('page.intro', { course: course.data.course.title }) : undefined}>
      <p className="back-link">
        <Link to={`/courses/${courseId}`}>{t('page.back')}</Link>
      </p>
      {isLoading ? <p className="muted">{t('page.loading')}</p> : null}
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {data && data.length === 0 ? <EmptyState title={t('page.emptyTitle')}>{t('page.emptyBody')}</EmptyState> : null}
      {data && data.length > 0 ? (
        <ul className="targeted-list">
          {data.map((row) => (
            <TargetedStudent key={row.placement.id} courseId={courseId} row={row} />
          ))}
        </ul>
      ) : null}
    </Page>
  );
}

function TargetedStudent({ courseId, row }: { courseId: string; row: TargetedRow }) {
  const { t } = useTranslation('targeted');
  const uid = useId();
  const titles = new Map(row.gaps.map((g) => [g.code, g.title]));
  const open = row.plans.some((p) => p.status === 'open');
  return (
    <li className="panel targeted">
      <h2 className="targeted__student">
        <Link to={recordPath(courseId, row.student.id)}>{row.student.name}</Link>
      </h2>
      <p className="muted">{t('student.placement', {
          role: row.placement.role,
          base: row.placement.base,
          enterprise: row.placement.enterprise,
          ended: formatDay(row.placement.endsOn),
          // Marked completed before its last day: "ended" on a day still to come would read wrong.
          early: row.placement.endsOn > dayAfter(0) ? 'yes' : 'no',
        })}</p>
      {row.gaps.length === 0 ? (
        <p>{t('student.meetsNow')}</p>
      ) : (
        <table className="table targeted__gaps">
          <caption className="visually-hidden">{t('gaps.caption', { student: row.student.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('gaps.competency')}</th>
              <th scope="col">{t('gaps.required')}</th>
              <th scope="col">{t('gaps.now')}</th>
              <th scope="col">{t('gaps.modules')}</th>
            </tr>
          </thead>
          <tbody>
            {row.gaps.map((g) => (
              <tr key={g.code}>
                <th scope="row">{g.title}</th>
                <td>{t('gaps.level', { level: levelName(g.required), min: percent(g.required.min) })}</td>
                <td>{g.value === null ? t('gaps.noResult') : t('gaps.below', { value: percent(g.value), gap: percent(g.gap) })}</td>
                <td>{g.modules.length ? joinList(g.modules.map((m) => m.title)) : t('gaps.noModule')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {row.plans.length > 0 ? (
        <section aria-labelledby={`${uid}-plans`}>
          <h3 id={`${uid}-plans`} className="targeted__label">
            {t('plans.title')}
          </h3>
          <ul className="targeted__plans">
            {row.plans.map((p) => (
              <li key={p.id}>
                <span className={`tag${p.status === 'closed' ? ' tag--visible' : ''}`}>{p.status === 'closed' ? t('plans.closed') : t('plans.open')}</span>{' '}
                {t('plans.what', {
                  practice: p.assignment?.title ?? t('plans.withdrawn'),
                  competencies: joinList(p.codes.map((c) => titles.get(c) ?? c)),
                  day: formatDay(p.reassessOn),
                  by: p.createdBy,
                  at: formatDate(p.createdAt),
                })}
                {p.closedAt ? ` ${t('plans.closedAt', { at: formatDate(p.closedAt) })}` : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {row.gaps.length > 0 && !open ? <PlanForm courseId={courseId} row={row} /> : null}
    </li>
  );
}

/** One click: the suggested scenario (or another suggestion) as practice for this student alone, and the day to re-assess. */
function PlanForm({ courseId, row }: { courseId: string; row: TargetedRow }) {
  const { t } = useTranslation('targeted');
  const uid = useId();
  const [versionId, setVersionId] = useState(row.scenarios[0]?.versionId ?? '');
  const [reassessOn, setReassessOn] = useState(dayAfter(DEFAULT_DAYS));
  const [create, creating] = useCreateTargetedMutation();
  const problem = toProblem(creating.error);
  if (row.scenarios.length === 0) return <p className="muted">{t('plan.noScenario')}</p>;
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (creating.isLoading) return;
    await create({ courseId, placementId: row.placement.id, scenarioVersionId: versionId, reassessOn });
  };
  return (
    <form className="targeted__form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby={`${uid}-title`}>
      <h3 id={`${uid}-title`} className="targeted__label">
        {t('plan.title')}
      </h3>
      {problem && Object.keys(problem.fields).length === 0 ? (
        <p className="field__error" role="alert">
          {problem.message}
        </p>
      ) : null}
      <fieldset className="fieldset">
        <legend className="fieldset__legend">{t('plan.scenario')}</legend>
        {problem?.fields.scenarioVersionId ? <p className="field__error">{problem.fields.scenarioVersionId}</p> : null}
        <ul className="checklist">
          {row.scenarios.map((s) => (
            <li key={s.versionId}>
              <label className="check">
                <input type="radio" name={`${uid}-scenario`} value={s.versionId} checked={versionId === s.versionId} onChange={() => setVersionId(s.versionId)} />
                <span>
                  {s.title} <span className="table__sub">{t('plan.covers', { competencies: joinList(s.covers.map((c) => row.gaps.find((g) => g.code === c)?.title ?? c)) })}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <Field id={`${uid}-day`} label={t('plan.reassessOn')} hint={t('plan.reassessHint')} error={problem?.fields.reassessOn ?? problem?.fields.placementId}>
        {(props) => <input {...props} type="date" className="input" value={reassessOn} onChange={(e) => setReassessOn(e.target.value)} required />}
      </Field>
      <button type="submit" className="btn btn--primary" aria-disabled={creating.isLoading || undefined}>
        {creating.isLoading ? t('plan.assigning') : t('plan.assign')}
        <span className="visually-hidden">{t('plan.assignFor', { student: row.student.name })}</span>
      </button>
    </form>
  );
}
