import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { useCreateAssignmentMutation, useGetCourseQuery, useListScenarioVersionsQuery, type CourseAssignment } from './coursesApi';
import { REVEAL_HINT, REVEAL_LABEL, REVIEW_LABEL } from './labels';
import { FormActions } from '../../components/FormActions';

const FIELDS: Record<string, { label: string; id: string }> = {
  scenarioVersionId: { label: 'Scenario', id: 'asg-scenario' },
  title: { label: 'Title', id: 'asg-title' },
  mode: { label: 'Mode', id: 'asg-mode-practice' },
  opensAt: { label: 'Opens', id: 'asg-opens' },
  closesAt: { label: 'Closes', id: 'asg-closes' },
  timeLimitMinutes: { label: 'Time limit', id: 'asg-time' },
  maxAttempts: { label: 'Attempts', id: 'asg-attempts' },
  revealPolicy: { label: 'Results shown', id: 'asg-reveal' },
  review: { label: 'Enterprise review', id: 'asg-review-none' },
  regradeWindowDays: { label: 'Regrade window', id: 'asg-regrade' },
  moderationThreshold: { label: 'Moderation threshold', id: 'asg-moderation' },
};

/** `<input type="datetime-local">` speaks local time without a zone; the API wants an instant. */
function toInstant(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Assigns a published scenario version to a course, with its window, limits and policies. */
export function NewAssignmentPage() {
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
      if (/not a partner/.test(message)) return fieldMessage('Scenario', message);
      return /no such/.test(message) ? 'That scenario version is not published any more. Choose another.' : 'Choose a scenario.';
    }
    return fieldMessage(FIELDS[field]?.label ?? field, message);
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

  const courseTitle = course.data?.course.title ?? 'the course';
  return (
    <Page title="Assign a scenario" intro={`Give ${courseTitle} a published scenario: the students see it on their home page at once.`}>
      <div className="form-layout form-layout--wide">
        <p className="back-link">
          <Link to={`/courses/${courseId}`}>Back to {courseTitle}</Link>
        </p>
        {versions.error ? <Banner tone="error">{toProblem(versions.error)?.message}</Banner> : null}
        {problem ? <ErrorSummary focusKey={error} items={summary} message={summary.length === 0 ? problem.message : undefined} /> : null}
        <form className="form form--card" onSubmit={(e) => void onSubmit(e)} noValidate aria-label="Assign a scenario">
          <Field
            id="asg-scenario"
            label="Scenario"
            hint={
              version
                ? `${version.enterprise} · ${version.role} · about ${version.durationMinutes} min`
                : 'Published versions only; a new version is a separate choice. Scenarios of enterprises that are not partners of your school cannot be chosen (see “Find partners” on the course page).'
            }
            error={errorFor('scenarioVersionId')}
          >
            {(control) => (
              <select {...control} className="input" value={versionId} onChange={(e) => setVersionId(e.target.value)}>
                <option value="">{versions.isLoading ? 'Loading scenarios…' : 'Choose a scenario'}</option>
                {versions.data?.map((v) => (
                  <option key={v.id} value={v.id} disabled={!v.assignable}>
                    {v.title} ({v.slug} {v.version}){v.assignable ? '' : ` — by ${v.owner?.name ?? 'an enterprise'}, not a partner`}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="asg-title" label="Title (optional)" hint="Defaults to the scenario’s title." error={errorFor('title')}>
            {(control) => <input {...control} className="input" value={title} placeholder={version?.title} onChange={(e) => setTitle(e.target.value)} autoComplete="off" />}
          </Field>
          <fieldset className="fieldset">
            <legend className="fieldset__legend">Mode</legend>
            <div className="choices">
              <label className="choice">
                <input id="asg-mode-practice" type="radio" name="mode" checked={mode === 'practice'} onChange={() => setMode('practice')} />
                <span>
                  <span className="choice__label">Practice</span>
                  <span className="choice__hint">As many attempts as students like</span>
                </span>
              </label>
              <label className="choice">
                <input type="radio" name="mode" checked={mode === 'assessment'} onChange={() => setMode('assessment')} />
                <span>
                  <span className="choice__label">Assessment</span>
                  <span className="choice__hint">A fixed number of attempts</span>
                </span>
              </label>
            </div>
          </fieldset>
          <div className="form-row">
            <Field id="asg-opens" label="Opens (optional)" hint="Empty: now." error={errorFor('opensAt')}>
              {(control) => <input {...control} type="datetime-local" className="input" value={opensAt} onChange={(e) => setOpensAt(e.target.value)} />}
            </Field>
            <Field id="asg-closes" label="Closes (optional)" hint="Empty: stays open." error={errorFor('closesAt')}>
              {(control) => <input {...control} type="datetime-local" className="input" value={closesAt} onChange={(e) => setClosesAt(e.target.value)} />}
            </Field>
          </div>
          <div className="form-row">
            <Field
              id="asg-time"
              label="Time limit in minutes"
              hint={version ? `Empty: ${version.durationMinutes}, the scenario’s length.` : 'Empty: the scenario’s length.'}
              error={errorFor('timeLimitMinutes')}
            >
              {(control) => (
                <input {...control} className="input" inputMode="numeric" value={timeLimit} placeholder={version ? String(version.durationMinutes) : ''} onChange={(e) => setTimeLimit(e.target.value)} />
              )}
            </Field>
            {mode === 'assessment' ? (
              <Field id="asg-attempts" label="Attempts allowed" error={errorFor('maxAttempts')}>
                {(control) => <input {...control} className="input" inputMode="numeric" value={maxAttempts} onChange={(e) => setMaxAttempts(e.target.value)} />}
              </Field>
            ) : null}
          </div>
          <Field id="asg-reveal" label="Results shown after submitting" hint={REVEAL_HINT[reveal]} error={errorFor('revealPolicy')}>
            {(control) => (
              <select {...control} className="input" value={reveal} onChange={(e) => setReveal(e.target.value as CourseAssignment['revealPolicy'])}>
                {(Object.keys(REVEAL_LABEL) as CourseAssignment['revealPolicy'][]).map((r) => (
                  <option key={r} value={r}>
                    {REVEAL_LABEL[r]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset className="fieldset">
            <legend className="fieldset__legend">Enterprise review</legend>
            <div className="choices">
              {(Object.keys(REVIEW_LABEL) as CourseAssignment['review'][]).map((r) => (
                <label className="choice" key={r}>
                  <input id={`asg-review-${r}`} type="radio" name="review" checked={review === r} onChange={() => setReview(r)} />
                  <span className="choice__label">{REVIEW_LABEL[r]}</span>
                </label>
              ))}
            </div>
            {review !== 'none' ? (
              <label className="check">
                <input type="checkbox" checked={blind} onChange={(e) => setBlind(e.target.checked)} />
                <span>Blind review: reviewers do not see the student’s name</span>
              </label>
            ) : null}
            {review === 'double' ? (
              <Field
                id="asg-moderation"
                label="Moderate when the two reviewers differ by more than (levels)"
                hint="A lead reviewer settles those criteria; the others take the mean of the two."
                error={errorFor('moderationThreshold')}
              >
                {(control) => <input {...control} className="input input--narrow" inputMode="numeric" value={threshold} onChange={(e) => setThreshold(e.target.value)} />}
              </Field>
            ) : null}
          </fieldset>
          <Field id="asg-regrade" label="Regrade window in days" hint="How long after the grade is released a student may ask for a regrade. 0: never." error={errorFor('regradeWindowDays')}>
            {(control) => <input {...control} className="input input--narrow" inputMode="numeric" value={regradeDays} onChange={(e) => setRegradeDays(e.target.value)} />}
          </Field>
          <FormActions busy={isLoading} label="Assign" busyLabel="Assigning…" cancelTo={`/courses/${courseId}`} />
        </form>
      </div>
    </Page>
  );
}
