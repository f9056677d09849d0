import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { OrgKind } from '../../../../server/contract/accounts';
import { fieldMessage, toProblem } from '../../app/problem';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { useCreateOrgMutation } from './adminApi';
import type { CreatedNotice } from './useCreatedNotice';
import { FormActions } from '../../components/FormActions';

/** "Guangzhou Port Group" → "guangzhou-port-group" (what the API accepts as a slug). */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

const FIELDS = { name: { label: 'Name', id: 'org-name' }, slug: { label: 'Slug', id: 'org-slug' }, kind: { label: 'Kind', id: 'org-kind-school' } } as const;
type FieldName = keyof typeof FIELDS;

export function NewOrgPage() {
  const navigate = useNavigate();
  const [createOrg, { isLoading, error }] = useCreateOrgMutation();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [kind, setKind] = useState<OrgKind | ''>('');

  const problem = toProblem(error);
  const errorFor = (field: FieldName): string | undefined => {
    const message = problem?.fields[field];
    if (!message) return undefined;
    if (field === 'kind' && !kind) return 'Choose whether it is a school or a company.';
    return fieldMessage(FIELDS[field].label, message);
  };
  const summary: SummaryItem[] = problem
    ? Object.keys(problem.fields).map((field) =>
        field in FIELDS
          ? { text: errorFor(field as FieldName)!, target: FIELDS[field as FieldName].id }
          : { text: fieldMessage(field, problem.fields[field]!) },
      )
    : [];

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (isLoading) return;
    const result = await createOrg({ name, slug, kind: kind as OrgKind });
    if ('data' in result && result.data) {
      const { org } = result.data;
      const state: CreatedNotice = { created: { name: org.name, detail: org.kind === 'school' ? 'school' : 'enterprise' } };
      await navigate('/admin/orgs', { state });
    }
  };

  const kindError = errorFor('kind');

  return (
    <Page title="New organisation" intro="Add a school or a partner company. Users are added to it afterwards.">
      <div className="form-layout">
        <p className="back-link">
          <Link to="/admin/orgs">Back to organisations</Link>
        </p>
        {problem ? <ErrorSummary focusKey={error} items={summary} message={summary.length === 0 ? problem.message : undefined} /> : null}
        <form className="form form--card" onSubmit={(e) => void onSubmit(e)} noValidate aria-label="New organisation">
          <Field id="org-name" label="Name" hint="The full name people know it by." error={errorFor('name')}>
            {(control) => (
              <input
                {...control}
                className="input"
                name="org-name"
                autoComplete="organization"
                value={name}
                onChange={(e) => {
                  setName(e.target.value);
                  if (!slugEdited) setSlug(slugify(e.target.value));
                }}
              />
            )}
          </Field>
          <Field
            id="org-slug"
            label="Slug"
            hint="A short identifier: lowercase letters, digits and hyphens, for example “guangzhou-port”."
            error={errorFor('slug')}
          >
            {(control) => (
              <input
                {...control}
                className="input input--mono"
                name="slug"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                value={slug}
                onChange={(e) => {
                  setSlug(e.target.value);
                  setSlugEdited(e.target.value !== '');
                }}
              />
            )}
          </Field>
          <fieldset className={`fieldset${kindError ? ' field--invalid' : ''}`} aria-describedby={kindError ? 'org-kind-error' : undefined}>
            <legend className="fieldset__legend">Kind</legend>
            {kindError ? (
              <p className="field__error" id="org-kind-error">
                <span className="visually-hidden">Error: </span>
                {kindError}
              </p>
            ) : null}
            <div className="choices">
              <label className="choice">
                <input id="org-kind-school" type="radio" name="kind" value="school" checked={kind === 'school'} onChange={() => setKind('school')} />
                <span>
                  <span className="choice__label">School</span>
                  <span className="choice__hint">Students and teachers</span>
                </span>
              </label>
              <label className="choice">
                <input type="radio" name="kind" value="enterprise" checked={kind === 'enterprise'} onChange={() => setKind('enterprise')} />
                <span>
                  <span className="choice__label">Enterprise</span>
                  <span className="choice__hint">Scenario authors and reviewers</span>
                </span>
              </label>
            </div>
          </fieldset>
          <FormActions busy={isLoading} label="Create organisation" busyLabel="Creating…" cancelTo="/admin/orgs" />
        </form>
      </div>
    </Page>
  );
}
