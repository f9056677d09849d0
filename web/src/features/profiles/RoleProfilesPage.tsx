import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LevelView, RoleProfilesView } from '../../../../server/contract/profiles';
import { formatDateTime } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { Page } from '../../components/Page';
import { useListAuthoringCompetenciesQuery } from '../authoring/authoringApi';
import { useGetSessionQuery } from '../auth/authApi';
import { CompetencyPicker } from '../competency/CompetencyPicker';
import { levelName } from '../competency/levels';
import { useGetRoleProfilesQuery, usePutRoleProfileMutation } from './profilesApi';
import './profiles.css';

/**
 * An enterprise's requirement profiles (岗位能力要求): per role, the level it requires of each
 * competency, at every base or at one base (which then wins there). Its admin edits them here;
 * the page reads them to anyone else the server lets read them.
 */
export function RoleProfilesPage() {
  const { t } = useTranslation('profiles');
  const { data: session } = useGetSessionQuery();
  const mine = (session?.user.memberships ?? []).filter((m) => m.orgKind === 'enterprise' && m.role === 'admin');
  const [enterpriseId, setEnterpriseId] = useState<string | undefined>(undefined);
  const chosen = enterpriseId ?? mine[0]?.orgId;
  const { data, error, isLoading } = useGetRoleProfilesQuery(chosen);
  const problem = toProblem(error);
  const pickId = useId();

  return (
    <Page title={t('page.title')} intro={data ? t('page.intro', { enterprise: data.enterprise.name }) : undefined}>
      {mine.length > 1 ? (
        <Field id={pickId} label={t('page.enterprise')}>
          {(props) => (
            <select {...props} className="input" value={chosen} onChange={(e) => setEnterpriseId(e.target.value)}>
              {mine.map((m) => (
                <option key={m.orgId} value={m.orgId}>
                  {m.orgName}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {isLoading ? <p className="muted">{t('page.loading')}</p> : null}
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {data ? <ProfileList view={data} /> : null}
      {data?.canEdit ? <ProfileEditor key={data.enterprise.id} view={data} /> : null}
    </Page>
  );
}

const scopeLabel = (t: (k: string, p?: Record<string, unknown>) => string, role: string, base: { name: string } | null) =>
  base ? t('list.atBase', { role, base: base.name }) : t('list.everyBase', { role });

function ProfileList({ view }: { view: RoleProfilesView }) {
  const { t } = useTranslation('profiles');
  return (
    <section className="section" aria-labelledby="profiles-list">
      <h2 id="profiles-list" className="section__title">
        {t('list.title')}
      </h2>
      {view.profiles.length === 0 ? (
        <EmptyState title={t('list.none')}>{view.canEdit ? t('list.noneEdit') : null}</EmptyState>
      ) : (
        <ul className="profile-list">
          {view.profiles.map((p) => (
            <li key={`${p.role}|${p.base?.id ?? ''}`} className="panel">
              <h3 className="panel__title">{scopeLabel(t, p.role, p.base)}</h3>
              <ul>
                {p.entries.map((e) => (
                  <li key={e.code}>{t('list.entry', { title: e.title, level: levelName(e.level) })}</li>
                ))}
              </ul>
              {p.updatedAt ? <p className="muted">{t('list.updated', { at: formatDateTime(p.updatedAt) })}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type Entry = { code: string; level: string };

/** Choose a role and where it applies; the form then holds that profile's entries to change. */
function ProfileEditor({ view }: { view: RoleProfilesView }) {
  const { t } = useTranslation('profiles');
  const uid = useId();
  const roles = [...new Set(view.bases.flatMap((b) => b.roles))].sort();
  const [role, setRole] = useState(roles[0] ?? '');
  const [baseId, setBaseId] = useState('');
  const entriesOf = (r: string, b: string): Entry[] =>
    view.profiles.find((p) => p.role === r && (p.base?.id ?? '') === b)?.entries.map((e) => ({ code: e.code, level: e.level.id })) ?? [];
  const [entries, setEntries] = useState<Entry[]>(() => entriesOf(role, baseId));
  const [saved, setSaved] = useState<string | null>(null);
  const competencies = useListAuthoringCompetenciesQuery();
  const [put, putting] = usePutRoleProfileMutation();
  const problem = toProblem(putting.error);

  if (roles.length === 0) return <p>{t('edit.noBases')}</p>;
  const basesWithRole = view.bases.filter((b) => b.roles.includes(role));
  const choose = (r: string, b: string) => {
    setRole(r);
    setBaseId(b);
    setEntries(entriesOf(r, b));
    setSaved(null);
  };
  const levelsOf = (code: string): LevelView[] => view.levelChoices[code] ?? [];
  const titleOf = (code: string) => competencies.data?.find((c) => c.code === code)?.title ?? code;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (putting.isLoading) return;
    const result = await put({ enterpriseId: view.enterprise.id, role, ...(baseId ? { baseId } : {}), entries });
    if ('data' in result) setSaved(t('edit.saved', { what: scopeLabel(t, role, view.bases.find((b) => b.id === baseId) ?? null) }));
  };

  const summary = Object.entries(problem?.fields ?? {}).map(([field, text]) => {
    const at = /^entries\.(\d+)\./.exec(field);
    const code = at ? entries[Number(at[1])]?.code : undefined;
    return { text: code ? `${titleOf(code)}: ${text}` : text, target: code ? `${uid}-level-${code}` : undefined };
  });

  return (
    <section className="section profile-editor" aria-labelledby={`${uid}-title`}>
      <h2 id={`${uid}-title`} className="section__title">
        {t('edit.title')}
      </h2>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        {problem ? <ErrorSummary items={summary} message={problem.message} focusKey={putting.error} /> : null}
        {saved ? <Banner tone="success">{saved}</Banner> : null}
        <Field id={`${uid}-role`} label={t('edit.role')}>
          {(props) => (
            <select {...props} className="input" value={role} onChange={(e) => choose(e.target.value, '')}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${uid}-base`} label={t('edit.where')} hint={t('edit.whereHint')}>
          {(props) => (
            <select {...props} className="input" value={baseId} onChange={(e) => choose(role, e.target.value)}>
              <option value="">{t('edit.everyBase')}</option>
              {basesWithRole.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <CompetencyPicker
          items={competencies.data ?? []}
          knownTitles={{}}
          value={entries.map((e) => ({ code: e.code, weight: 1 }))}
          onChange={(next) =>
            setEntries(next.map((n) => entries.find((e) => e.code === n.code) ?? { code: n.code, level: levelsOf(n.code).find((l) => l.id === 'proficient')?.id ?? levelsOf(n.code)[0]?.id ?? '' }))
          }
          loading={competencies.isLoading}
          loadError={toProblem(competencies.error)?.message ?? null}
          weights={false}
          legend={t('edit.competencies')}
          emptyHint={t('edit.emptyHint')}
        />
        {entries.length > 0 ? (
          <fieldset className="fieldset">
            <legend className="fieldset__legend">{t('edit.levels')}</legend>
            <ul className="profile-editor__levels">
              {entries.map((entry, i) => {
                const fieldError = problem?.fields[`entries.${i}.level`] ?? problem?.fields[`entries.${i}.code`];
                return (
                  <li key={entry.code} className="profile-editor__level">
                    <Field id={`${uid}-level-${entry.code}`} label={t('edit.levelFor', { title: titleOf(entry.code) })} error={fieldError}>
                      {(props) => (
                        <select
                          {...props}
                          className="input"
                          value={entry.level}
                          onChange={(e) => setEntries(entries.map((x) => (x.code === entry.code ? { ...x, level: e.target.value } : x)))}
                        >
                          {levelsOf(entry.code).map((l) => (
                            <option key={l.id} value={l.id}>
                              {levelName(l)}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                  </li>
                );
              })}
            </ul>
          </fieldset>
        ) : null}
        <FormActions busy={putting.isLoading} label={entries.length ? t('edit.save') : t('edit.saveEmpty')} busyLabel={t('edit.saving')} />
      </form>
    </section>
  );
}
