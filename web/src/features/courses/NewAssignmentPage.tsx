import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { useCreateAssignmentMutation, useGetCourseQuery, useListScenarioVersionsQuery, type CourseAssignment } from './coursesApi';
import { modeLabel, REVEAL_POLICIES, revealHint, revealLabel, REVIEW_KINDS, reviewLabel } from './labels';
import { FormActions } from '../../components/FormActions';

/** Each field the server may name in an error: its control's id and its label's key. */
const FIELDS: Record<string, { key: string; id: string }> = {
  scenarioVersionId: { key: 'newAssignment.field.scenario', id: 'asg-scenario' },
  title: { key: 'newAssignment.field.title', id: 'asg-title' },
  mode: { key: 'newAssignment.field.mode', id: 'asg-mode-practice' },
  opensAt: { key: 'newAssignment.field.opens', id: 'asg-opens' },
  closesAt: { key: 'newAssignment.field.closes', id: 'asg-closes' },
  timeLimitMinutes: { key: 'newAssignment.field.time', id: 'asg-time' },
  maxAttempts: { key: 'newAssignment.field.attempts', id: 'asg-attempts' },
  revealPolicy: { key: 'newAssignment.field.reveal', id: 'asg-reveal' },
  review: { key: 'newAssignment.field.review', id: 'asg-review-none' },
  regradeWindowDays: { key: 'newAssignment.field.regrade', id: 'asg-regrade' },
  moderationThreshold: { key: 'newAssignment.field.moderation', id: 'asg-moderation' },
};

/** `<input type="datetime-local">` speaks local time without a zone; the API wants an instant. */
function toInstant(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Assigns a published scenario version to a course, with its window, limits and policies. */
export function NewAssignmentPage() {
  const { t } = useTranslation('courses');
  const { courseId = '' } = useParams();
  const navigate = useNavigate();
  const course = useGetCourseQuery(courseId);
  const versions = useListScenarioVersionsQuery(courseId);
  const [createAssignment, { isLoading, error }] = useCreateAssignmentMutation();

  const [versionId, setVersionId] = useState('');
  const [title, setTitle] = useState('');
  const [mode, setMode] = useState<CourseAssignment['mode']>('practice');
  const [opensAt, setOpensAt] = useState('');
  const [closesAt, setClosesAt] = useState('');
  const [timeLimit, setTimeLimit] = useState('');
  const [maxAttempts, setMaxAttempts] = useState('1');
  const [reveal, setReveal] = useState<CourseAssignment['revealPolicy']>('description');
  const [review, setReview] = useState<CourseAssignment['review']>('none');
  const [blind, setBlind] = useState(false);
  const [regradeDays, setRegradeDays] = useState('7');
  const [threshold, setThreshold] = useState('1');

  const version = versions.data?.find((v) => v.id === versionId);
  const problem = toProblem(error);
  const errorFor = (field: string) => {
    const message = problem?.fields[field];
    if (!message) return undefined;
    if (field === 'scenarioVersionId') {
      if (/not a partner|合作/.test(message)) return fieldMessage(t('newAssignment.field.scenario'), message);
      return /no such|不存在/.test(message) ? t('newAssignment.versionGone') : t('newAssignment.chooseScenario');
    }
    return fieldMessage(FIELDS[field] ? t(FIELDS[field].key) : field, message);
  };
  const summary: SummaryItem[] = problem ? Object.keys(problem.fields).map((f) => ({ text: errorFor(f)!, ...(FIELDS[f] ? { target: FIELDS[f].id } : {}) })) : [];

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (isLoading) return;
    const opens = toInstant(opensAt);
    const closes = toInstant(closesAt);
    const result = await createAssignment({
      courseId,
      scenarioVersionId: versionId,
      ...(title.trim() ? { title: title.trim() } : {}),
      mode,
      ...(opens ? { opensAt: opens } : {}),
      ...(closes ? { closesAt: closes } : {}),
      ...(timeLimit.trim() ? { timeLimitMinutes: Number(timeLimit) } : {}),
      ...(mode === 'assessment' && maxAttempts.trim() ? { maxAttempts: Number(maxAttempts) } : {}),
      revealPolicy: reveal,
      review,
      blindReview: review !== 'none' && blind,
      // Sent as typed: a non-number comes back as a field error rather than silently becoming a default.
      ...(regradeDays.trim() ? { regradeWindowDays: Number(regradeDays) } : {}),
      ...(review === 'double' && threshold.trim() ? { moderationThreshold: Number(threshold) } : {}),
    });
    if ('data' in result && result.data) await navigate(`/courses/${courseId}`, { state: { assigned: result.data.title } });
  };

  const courseTitle = course.data?.course.title ?? t('newAssignment.theCourse');
  return (
    <Page title={t('newAssignment.title')} intro={t('newAssignment.intro', { course: courseTitle })}>
      <div className="form-layout form-layout--wide">
        <p className="back-link">
          <Link to={`/courses/${courseId}`}>{t('newAssignment.back', { title: courseTitle })}</Link>
        </p>
        {versions.error ? <Banner tone="error">{toProblem(versions.error)?.message}</Banner> : null}
        {problem ? <ErrorSummary focusKey={error} items={summary} message={summary.length === 0 ? problem.message : undefined} /> : null}
        <form className="form form--card" onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('newAssignment.title')}>
          <Field
            id="asg-scenario"
            label={t('newAssignment.scenarioLabel')}
            hint={
              version
                ? t('newAssignment.scenarioChosen', { enterprise: version.enterprise, role: version.role, minutes: version.durationMinutes })
                : t('newAssignment.scenarioHint')
            }
            error={errorFor('scenarioVersionId')}
          >
            {(control) => (
              <select {...control} className="input" value={versionId} onChange={(e) => setVersionId(e.target.value)}>
                <option value="">{versions.isLoading ? t('newAssignment.loadingScenarios') : t('newAssignment.choose')}</option>
                {versions.data?.map((v) => (
                  <option key={v.id} value={v.id} disabled={!v.assignable}>
                    {v.assignable
                      ? t('newAssignment.option', { title: v.title, slug: v.slug, version: v.version })
                      : t('newAssignment.notPartner', { title: v.title, slug: v.slug, version: v.version, owner: v.owner?.name ?? t('newAssignment.anEnterprise') })}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="asg-title" label={t('newAssignment.titleLabel')} hint={t('newAssignment.titleHint')} error={errorFor('title')}>
            {(control) => <input {...control} className="input" value={title} placeholder={version?.title} onChange={(e) => setTitle(e.target.value)} autoComplete="off" />}
          </Field>
          <fieldset className="fieldset">
            <legend className="fieldset__legend">{t('newAssignment.mode')}</legend>
            <div className="choices">
              <label className="choice">
                <input id="asg-mode-practice" type="radio" name="mode" checked={mode === 'practice'} onChange={() => setMode('practice')} />
                <span>
                  <span className="choice__label">{modeLabel('practice')}</span>
                  <span className="choice__hint">{t('newAssignment.practiceHint')}</span>
                </span>
              </label>
              <label className="choice">
                <input type="radio" name="mode" checked={mode === 'assessment'} onChange={() => setMode('assessment')} />
                <span>
                  <span className="choice__label">{modeLabel('assessment')}</span>
                  <span className="choice__hint">{t('newAssignment.assessmentHint')}</span>
                </span>
              </label>
            </div>
          </fieldset>
          <div className="form-row">
            <Field id="asg-opens" label={t('newAssignment.opensLabel')} hint={t('newAssignment.opensHint')} error={errorFor('opensAt')}>
              {(control) => <input {...control} type="datetime-local" className="input" value={opensAt} onChange={(e) => setOpensAt(e.target.value)} />}
            </Field>
            <Field id="asg-closes" label={t('newAssignment.closesLabel')} hint={t('newAssignment.closesHint')} error={errorFor('closesAt')}>
              {(control) => <input {...control} type="datetime-local" className="input" value={closesAt} onChange={(e) => setClosesAt(e.target.value)} />}
            </Field>
          </div>
          <div className="form-row">
            <Field
              id="asg-time"
              label={t('newAssignment.timeLabel')}
              hint={version ? t('newAssignment.timeHintFor', { minutes: version.durationMinutes }) : t('newAssignment.timeHint')}
              error={errorFor('timeLimitMinutes')}
            >
              {(control) => (
                <input {...control} className="input" inputMode="numeric" value={timeLimit} placeholder={version ? String(version.durationMinutes) : ''} onChange={(e) => setTimeLimit(e.target.value)} />
              )}
            </Field>
            {mode === 'assessment' ? (
              <Field id="asg-attempts" label={t('newAssignment.attemptsLabel')} error={errorFor('maxAttempts')}>
                {(control) => <input {...control} className="input" inputMode="numeric" value={maxAttempts} onChange={(e) => setMaxAttempts(e.target.value)} />}
              </Field>
            ) : null}
          </div>
          <Field id="asg-reveal" label={t('newAssignment.revealLabel')} hint={revealHint(reveal)} error={errorFor('revealPolicy')}>
            {(control) => (
              <select {...control} className="input" value={reveal} onChange={(e) => setReveal(e.target.value as CourseAssignment['revealPolicy'])}>
                {REVEAL_POLICIES.map((r) => (
                  <option key={r} value={r}>
                    {revealLabel(r)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset className="fieldset">
            <legend className="fieldset__legend">{t('newAssignment.reviewLegend')}</legend>
            <div className="choices">
              {REVIEW_KINDS.map((r) => (
                <label className="choice" key={r}>
                  <input id={`asg-review-${r}`} type="radio" name="review" checked={review === r} onChange={() => setReview(r)} />
                  <span className="choice__label">{reviewLabel(r)}</span>
                </label>
              ))}
            </div>
            {review !== 'none' ? (
              <label className="check">
                <input type="checkbox" checked={blind} onChange={(e) => setBlind(e.target.checked)} />
                <span>{t('newAssignment.blind')}</span>
              </label>
            ) : null}
            {review === 'double' ? (
              <Field
                id="asg-moderation"
                label={t('newAssignment.moderationLabel')}
                hint={t('newAssignment.moderationHint')}
                error={errorFor('moderationThreshold')}
              >
                {(control) => <input {...control} className="input input--narrow" inputMode="numeric" value={threshold} onChange={(e) => setThreshold(e.target.value)} />}
              </Field>
            ) : null}
          </fieldset>
          <Field id="asg-regrade" label={t('newAssignment.regradeLabel')} hint={t('newAssignment.regradeHint')} error={errorFor('regradeWindowDays')}>
            {(control) => <input {...control} className="input input--narrow" inputMode="numeric" value={regradeDays} onChange={(e) => setRegradeDays(e.target.value)} />}
          </Field>
          <FormActions busy={isLoading} label={t('newAssignment.submit')} busyLabel={t('newAssignment.busy')} cancelTo={`/courses/${courseId}`} />
        </form>
      </div>
    </Page>
  );
}
