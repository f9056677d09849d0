import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { OrgKind } from '../../../../server/contract/accounts';
import { orgKindLabel } from '../../app/format';
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

const FIELDS = { name: { label: 'newOrg.name', id: 'org-name' }, slug: { label: 'newOrg.slug', id: 'org-slug' }, kind: { label: 'newOrg.kind', id: 'org-kind-school' } } as const;
type FieldName = keyof typeof FIELDS;

export function NewOrgPage() {
  const { t } = useTranslation('admin');
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
    if (field === 'kind' && !kind) return t('newOrg.kindError');
    return fieldMessage(t(FIELDS[field].label), message);
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
      const state: CreatedNotice = { created: { name: org.name, detail: org.kind } };
      await navigate('/admin/orgs', { state });
    }
  };

  const kindError = errorFor('kind');

  return (
    <Page title={t('newOrg.title')} intro={t('newOrg.intro')}>
      <div className="form-layout">
        <p className="back-link">
          <Link to="/admin/orgs">{t('backToOrgs')}</Link>
        </p>
        {problem ? <ErrorSummary focusKey={error} items={summary} message={summary.length === 0 ? problem.message : undefined} /> : null}
        <form className="form form--card" onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('newOrg.title')}>
          <Field id="org-name" label={t('newOrg.name')} hint={t('newOrg.nameHint')} error={errorFor('name')}>
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
            label={t('newOrg.slug')}
            hint={t('newOrg.slugHint')}
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
            <legend className="fieldset__legend">{t('newOrg.kind')}</legend>
            {kindError ? (
              <p className="field__error" id="org-kind-error">
                <span className="visually-hidden">{t('components:field.errorPrefix')}</span>
                {kindError}
              </p>
            ) : null}
            <div className="choices">
              <label className="choice">
                <input id="org-kind-school" type="radio" name="kind" value="school" checked={kind === 'school'} onChange={() => setKind('school')} />
                <span>
                  <span className="choice__label">{orgKindLabel('school')}</span>
                  <span className="choice__hint">{t('newOrg.schoolHint')}</span>
                </span>
              </label>
              <label className="choice">
                <input type="radio" name="kind" value="enterprise" checked={kind === 'enterprise'} onChange={() => setKind('enterprise')} />
                <span>
                  <span className="choice__label">{orgKindLabel('enterprise')}</span>
                  <span className="choice__hint">{t('newOrg.enterpriseHint')}</span>
                </span>
              </label>
            </div>
          </fieldset>
          <FormActions busy={isLoading} label={t('newOrg.submit')} busyLabel={t('newOrg.submitting')} cancelTo="/admin/orgs" />
        </form>
      </div>
    </Page>
  );
}
