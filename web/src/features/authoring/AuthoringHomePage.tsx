import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { AuthoredScenario, VersionSummary } from '../../../../server/contract/authoring';
import { formatDateTime } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { useSession } from '../auth/useSession';
import { diffPath, exportUrl, useCreateDraftMutation, useDiscardDraftMutation, useGetAuthoringHomeQuery, useImportDraftMutation } from './authoringApi';
import { CopyScenarioDialog, DiscardDraftDialog, NewScenarioDialog } from './ScenarioDialogs';
import { rich } from './richText';
import { VisibilitySwitch } from './VisibilitySwitch';
import './authoring.css';

/** The import route takes at most 9 MB of zip (ImportZipBody). */
const MAX_ZIP_BYTES = 9 * 1024 * 1024;

/** The companies whose scenarios this user writes or reviews, and the one shown (`?enterprise=`). */
export function useAuthoringEnterprise() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const seen = new Set<string>();
  const enterprises = session.user.memberships.filter((m) => m.orgKind === 'enterprise' && (m.role === 'author' || m.role === 'reviewer') && !seen.has(m.orgId) && seen.add(m.orgId));
  const wanted = params.get('enterprise');
  const enterpriseId = enterprises.length > 1 ? (enterprises.find((e) => e.orgId === wanted)?.orgId ?? enterprises[0]!.orgId) : undefined;
  const choose = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('enterprise', id);
    next.delete('published');
    setParams(next, { replace: true });
  };
  return { enterpriseId, enterprises, choose };
}

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve((reader.result as string).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(file);
  });
}

/** The enterprise's scenarios: published versions, open drafts, and the ways to start a new one. */
export function AuthoringHomePage() {
  const { t } = useTranslation('authoring');
  const session = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const choice = useAuthoringEnterprise();
  const mayAuthor = choice.enterprises.length > 0;
  const { data, error, isLoading } = useGetAuthoringHomeQuery(choice.enterpriseId, { skip: !mayAuthor });
  const [createDraft] = useCreateDraftMutation();
  const [importDraft, importState] = useImportDraftMutation();
  const [discardDraft] = useDiscardDraftMutation();
  const [newOpen, setNewOpen] = useState(false);
  const [copyFrom, setCopyFrom] = useState<{ versionId: string; slug: string; version: string; title: string } | null>(null);
  const [discarding, setDiscarding] = useState<{ draftId: string; title: string; published: boolean } | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const zipRef = useRef<HTMLInputElement>(null);

  if (!mayAuthor) {
    return (
      <Page title={t('home.title')}>
        <p>{t('home.notAuthor', { email: session.user.email })}</p>
        <p>
          <Link to="/">{t('home.goHome')}</Link>
        </p>
      </Page>
    );
  }

  const canEdit = data?.canEdit ?? false;
  const enterpriseId = data?.enterprise.id;
  const problem = toProblem(error);
  const publishedId = params.get('published');
  const published = publishedId ? data?.scenarios.flatMap((s) => s.versions.map((v) => ({ s, v }))).find(({ v }) => v.id === publishedId) : undefined;

  const openDraft = async (body: Parameters<typeof createDraft>[0]) => {
    const result = await createDraft(body);
    if ('error' in result) return { error: result.error };
    await navigate(`/authoring/drafts/${result.data.id}`);
    return {};
  };

  const editNext = async (scenario: AuthoredScenario, version: VersionSummary) => {
    if (!enterpriseId || editing) return;
    setActionError(null);
    setEditing(version.id);
    const result = await openDraft({ enterpriseId, fromVersionId: version.id });
    setEditing(null);
    if (result.error) setActionError(toProblem(result.error)?.message ?? t('home.draftNotOpened', { title: scenario.title }));
  };

  const onImport = async (file: File | undefined) => {
    if (zipRef.current) zipRef.current.value = '';
    if (!file || !enterpriseId) return;
    setActionError(null);
    if (file.size > MAX_ZIP_BYTES) {
      setActionError(t('home.zipTooLarge', { name: file.name, megabytes: Math.round((file.size / 1024 / 1024) * 10) / 10 }));
      return;
    }
    let zipBase64: string;
    try {
      zipBase64 = await readAsBase64(file);
    } catch {
      setActionError(t('home.zipUnreadable', { name: file.name }));
      return;
    }
    const result = await importDraft({ enterpriseId, zipBase64 });
    if ('error' in result) {
      setActionError(t('home.zipNotImported', { name: file.name, reason: toProblem(result.error)?.message ?? t('home.zipRefused') }));
      return;
    }
    await navigate(`/authoring/drafts/${result.data.id}`);
  };

  const dismissPublished = () => {
    const next = new URLSearchParams(params);
    next.delete('published');
    setParams(next, { replace: true });
  };

  return (
    <Page
      title={t('home.title')}
      intro={data ? t('home.intro', { company: data.enterprise.name, role: canEdit ? 'author' : 'reviewer' }) : t('home.introLoading')}
      actions={
        canEdit ? (
          <>
            <button type="button" className="btn btn--primary" onClick={() => setNewOpen(true)}>
              {t('home.newScenario')}
            </button>
            <button type="button" className="btn" onClick={() => zipRef.current?.click()} aria-disabled={importState.isLoading || undefined}>
              {importState.isLoading ? t('home.importing') : t('home.importZip')}
            </button>
            <input ref={zipRef} type="file" accept=".zip,application/zip" className="visually-hidden" tabIndex={-1} aria-label={t('home.zipInput')} onChange={(e) => void onImport(e.target.files?.[0])} />
          </>
        ) : null
      }
    >
      {choice.enterprises.length > 1 ? (
        <div className="filters">
          <div className="field">
            <label className="field__label" htmlFor="authoring-enterprise">
              {t('home.company')}
            </label>
            <select id="authoring-enterprise" className="input" value={choice.enterpriseId} onChange={(e) => choice.choose(e.target.value)}>
              {choice.enterprises.map((e) => (
                <option key={e.orgId} value={e.orgId}>
                  {e.orgName}
                </option>
              ))}
            </select>
          </div>
        </div>
      ) : null}

      {published ? (
        <Banner tone="success" onDismiss={dismissPublished}>
          {t('home.published', { version: published.v.version, title: published.s.title })}
        </Banner>
      ) : null}
      {problem ? <Banner tone="error">{problem.status === 403 ? t('home.forbidden') : problem.message}</Banner> : null}
      {actionError ? (
        <Banner tone="error" onDismiss={() => setActionError(null)}>
          {actionError}
        </Banner>
      ) : null}

      {isLoading ? <p className="result-count">{t('home.loading')}</p> : null}
      {data && data.scenarios.length === 0 ? (
        <EmptyState title={t('home.empty.title')}>
          {canEdit ? t('home.empty.author') : t('home.empty.reviewer')}
        </EmptyState>
      ) : null}

      {data && data.scenarios.length > 0 ? (
        <ul className="authored-list">
          {data.scenarios.map((scenario) => (
            <ScenarioCard
              key={scenario.id}
              scenario={scenario}
              canEdit={canEdit}
              highlight={publishedId}
              editing={editing}
              onEditNext={(v) => void editNext(scenario, v)}
              onCopy={(v) => setCopyFrom({ versionId: v.id, slug: scenario.slug, version: v.version, title: scenario.title })}
              onDiscard={() => scenario.draft && setDiscarding({ draftId: scenario.draft.id, title: scenario.title, published: scenario.versions.length > 0 })}
            />
          ))}
        </ul>
      ) : null}

      {enterpriseId ? (
        <>
          <NewScenarioDialog open={newOpen} onClose={() => setNewOpen(false)} create={({ slug, title }) => openDraft({ enterpriseId, template: { slug, title } })} />
          <CopyScenarioDialog from={copyFrom} onClose={() => setCopyFrom(null)} copy={({ fromVersionId, slug }) => openDraft({ enterpriseId, fromVersionId, slug })} />
        </>
      ) : null}
      <DiscardDraftDialog
        target={discarding}
        onClose={() => setDiscarding(null)}
        discard={async (draftId) => {
          const result = await discardDraft(draftId);
          return 'error' in result ? { error: result.error } : {};
        }}
      />
    </Page>
  );
}

type CardProps = {
  scenario: AuthoredScenario;
  canEdit: boolean;
  highlight: string | null;
  editing: string | null;
  onEditNext: (version: VersionSummary) => void;
  onCopy: (version: VersionSummary) => void;
  onDiscard: () => void;
};

function ScenarioCard({ scenario, canEdit, highlight, editing, onEditNext, onCopy, onDiscard }: CardProps) {
  const { t } = useTranslation('authoring');
  const headingId = `scenario-${scenario.id}`;
  // Newest first: the version teachers are most likely to assign next.
  const versions = [...scenario.versions].reverse();
  const latest = versions[0];
  const { draft } = scenario;
  return (
    <li className="authored" aria-labelledby={headingId}>
      <div className="authored__head">
        <div>
          <h2 id={headingId} className="authored__title">
            {scenario.title}
          </h2>
          <p className="authored__meta">
            <code>{scenario.slug}</code>
            {' · '}
            {scenario.versions.length > 0 ? t('card.latest', { version: latest!.version, count: scenario.versions.length }) : t('card.neverPublished')}
          </p>
        </div>
        <VisibilitySwitch scenario={scenario} canEdit={canEdit} />
      </div>

      {draft ? (
        <div className="authored__draft">
          <p>
            <span className="pill pill--in_progress">{t('card.draft')}</span>{' '}
            {t('card.draftState', {
              base: draft.baseVersion ?? '',
              hasBase: draft.baseVersion ? 'yes' : 'no',
              saved: formatDateTime(draft.updatedAt),
              by: draft.updatedBy ?? '',
              hasBy: draft.updatedBy ? 'yes' : 'no',
            })}
          </p>
          <div className="authored__actions">
            <Link to={`/authoring/drafts/${draft.id}`} className={`btn btn--small${canEdit ? ' btn--primary' : ''}`}>
              {canEdit ? t('card.openDraft') : t('card.viewDraft')}
              <span className="visually-hidden">{t('card.ofTitle', { title: scenario.title })}</span>
            </Link>
            {canEdit ? (
              <button type="button" className="btn btn--small btn--quiet" onClick={onDiscard}>
                {t('card.discard')}
                <span className="visually-hidden">{t('card.discardOf', { title: scenario.title })}</span>
              </button>
            ) : null}
          </div>
        </div>
      ) : null}

      {versions.length > 0 ? (
        <div className="table-wrap" role="region" aria-label={t('card.versionsOf', { title: scenario.title })} tabIndex={0}>
          <table className="table table--versions">
            <thead>
              <tr>
                <th scope="col">{t('card.col.version')}</th>
                <th scope="col">{t('card.col.changelog')}</th>
                <th scope="col">{t('card.col.published')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('card.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v, i) => {
                const previous = versions[i + 1];
                const label = `${scenario.title} ${v.version}`;
                return (
                  <tr key={v.id} data-version={v.version} className={v.id === highlight ? 'row--new' : undefined}>
                    <th scope="row" className="table__name">
                      {v.version}
                      {v.id === highlight ? <span className="tag tag--new">{t('card.new')}</span> : null}
                    </th>
                    <td className="authored__changelog">{v.changelog ?? <span className="muted">{previous ? t('card.noChangelog') : t('card.firstVersion')}</span>}</td>
                    <td className="table__date">
                      <time dateTime={v.publishedAt}>{formatDateTime(v.publishedAt)}</time>
                      {v.publishedBy ? <span className="table__sub">{t('card.by', { name: v.publishedBy })}</span> : null}
                    </td>
                    <td className="table__action authored__version-actions">
                      {canEdit && !draft && i === 0 ? (
                        <button type="button" className="btn btn--small btn--primary" onClick={() => onEditNext(v)} aria-disabled={editing !== null || undefined}>
                          {editing === v.id ? t('card.opening') : t('card.editNext')}
                          <span className="visually-hidden">{t('card.ofTitle', { title: scenario.title })}</span>
                        </button>
                      ) : null}
                      {previous ? (
                        <Link to={diffPath(v.id, previous.id)} className="btn btn--small">
                          {rich(t, 'card.compare', { label: <span className="visually-hidden">{label}</span> }, { version: previous.version })}
                        </Link>
                      ) : null}
                      <a href={exportUrl(v.id)} className="btn btn--small btn--quiet" download>
                        {t('card.export')}
                        <span className="visually-hidden">{t('card.ofTitle', { title: label })}</span>
                      </a>
                      {canEdit ? (
                        <button type="button" className="btn btn--small btn--quiet" onClick={() => onCopy(v)}>
                          {t('card.copy')}
                          <span className="visually-hidden">{t('card.copyFrom', { label })}</span>
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </li>
  );
}
