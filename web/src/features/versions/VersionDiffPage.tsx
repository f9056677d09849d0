import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import type { FileDiff, VersionDiffView } from '../../../../server/contract/authoring';
import type { ReviewFile } from '../../../../server/contract/review';
import { formatDate } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { usePageHeading } from '../../components/Page';
import { languageLabel, languageOf } from '../../workspace/language';
import { DiffView, type DiffLabels } from '../reviews/DiffView';
import { useGetVersionDiffQuery } from './versionsApi';
import './versionDiff.css';

/**
 * What changed between two published versions of a scenario, for its authors and reviewers and
 * for teachers deciding whether to move an assignment to the newer one: the changelog lines in
 * between, the files by status, and Monaco's diff editor per file. Files the reader may not see
 * (the solution, hidden checks) are named as withheld. Lazily loaded with Monaco.
 */
export default function VersionDiffPage() {
  const { versionId = '' } = useParams();
  const [params] = useSearchParams();
  const against = params.get('against') ?? '';
  const { data, error, isLoading } = useGetVersionDiffQuery({ versionId, against }, { skip: !against });
  const problem = toProblem(error);
  const { t } = useTranslation('versions');

  if (!against) {
    return <DiffError>{t('error.noAgainst')}</DiffError>;
  }
  if (isLoading) {
    return (
      <div className="splash" role="status">
        {t('comparing')}
      </div>
    );
  }
  if (!data) {
    const message =
      problem?.status === 404
        ? t('error.notFound')
        : problem?.status === 400
          ? t('error.incomparable', { reason: problem.fields.against ?? problem.message })
          : (problem?.message ?? t('error.failed'));
    return <DiffError>{message}</DiffError>;
  }
  return <VersionDiff key={`${versionId}:${against}`} diff={data} />;
}

function DiffError({ children }: { children: ReactNode }) {
  const { t } = useTranslation('versions');
  const headingRef = usePageHeading(t('title'));
  return (
    <div className="ws-error">
      <h1 ref={headingRef} tabIndex={-1} className="page__title">
        {t('title')}
      </h1>
      <Banner tone="error">{children}</Banner>
      <p>
        <BackLink />
      </p>
    </div>
  );
}

function BackLink() {
  const navigate = useNavigate();
  const { key } = useLocation();
  const { t } = useTranslation('versions');
  // Arrived from a page of the app: back there. Opened directly: home.
  if (key === 'default') {
    return (
      <Link to="/" className="btn btn--quiet">
        {t('home')}
      </Link>
    );
  }
  return (
    <button type="button" className="btn btn--quiet" onClick={() => void navigate(-1)}>
      {t('back')}
    </button>
  );
}

const SIDE_BY_SIDE_KEY = 'practicum.versionDiff.layout';

function readSideBySide(): boolean {
  try {
    // Side by side by default: unlike a review, nothing else shares the width.
    return localStorage.getItem(SIDE_BY_SIDE_KEY) !== 'inline';
  } catch {
    return true;
  }
}

function VersionDiff({ diff }: { diff: VersionDiffView }) {
  const { from, to } = diff;
  const { t } = useTranslation('versions');
  const stateLabel: Record<FileDiff['status'], string> = { added: t('state.added'), removed: t('state.removed'), changed: t('state.changed'), same: t('state.same') };
  const headingRef = usePageHeading(t('pageTitle', { title: to.title }));
  const changed = diff.files.filter((f) => f.status !== 'same');
  const same = diff.files.filter((f) => f.status === 'same');
  const [activePath, setActivePath] = useState<string | null>(() => (changed[0] ?? same[0])?.path ?? null);
  const [sideBySide, setSideBySide] = useState(readSideBySide);
  const active = diff.files.find((f) => f.path === activePath) ?? null;
  const newer = to.seq >= from.seq;

  // DiffView shows starter → submitted; here the earlier version → the later one.
  const files = useMemo<ReviewFile[]>(
    () => diff.files.map((f) => ({ path: f.path, revision: 0, content: f.after ?? '', starter: f.status === 'added' ? null : (f.before ?? '') })),
    [diff.files],
  );
  const labels = useMemo<DiffLabels>(
    () => ({ original: t('side', { version: from.version }), modified: t('side', { version: to.version }), readOnlyMessage: t('readOnly') }),
    [from.version, to.version, t],
  );

  const toggleSideBySide = (value: boolean) => {
    setSideBySide(value);
    try {
      localStorage.setItem(SIDE_BY_SIDE_KEY, value ? 'side' : 'inline');
    } catch {
      // a preference only
    }
  };

  const describe = (f: FileDiff) =>
    t('describe', { status: f.status, layout: sideBySide ? 'side' : 'inline', from: from.version, to: to.version });

  // Unchanged files sit under their own heading: a label on each would only crowd the names.
  const fileButton = (f: FileDiff) => (
    <li key={f.path}>
      <button type="button" className="tree__file" aria-current={f.path === activePath ? 'true' : undefined} title={f.path} onClick={() => setActivePath(f.path)}>
        <span className="tree__name">{f.path}</span>
        <span className="tree__meta">
          <span className={`file-state file-state--${f.status}${f.status === 'same' ? ' visually-hidden' : ''}`}>{stateLabel[f.status]}</span>
        </span>
      </button>
    </li>
  );

  return (
    <div className="ws version-diff">
      <header className="ws-header">
        <div className="ws-header__title">
          <p className="ws-header__eyebrow">
            {t('eyebrow', { title: to.title, newer: newer ? 'yes' : 'no' })}
          </p>
          <h1 ref={headingRef} tabIndex={-1} className="ws-header__heading">
            {t('heading', { from: from.version, to: to.version })}
          </h1>
        </div>
        <div className="ws-header__status version-diff__dates">
          <span>
            {t('publishedOn', { version: from.version, date: formatDate(from.publishedAt) })}
          </span>
          <span>
            {t('publishedOn', { version: to.version, date: formatDate(to.publishedAt) })}
          </span>
        </div>
        <div className="ws-header__actions">
          <BackLink />
        </div>
      </header>

      <div className="version-diff__summary">
        <section aria-labelledby="version-diff-changelog" className="version-diff__changelog">
          <h2 id="version-diff-changelog" className="version-diff__subtitle">
            {t('changelog')}
          </h2>
          {diff.changelog.length === 0 ? (
            <p className="muted">{t('nothingBetween')}</p>
          ) : (
            <ol className="version-diff__changes">
              {diff.changelog.map((c) => (
                <li key={c.version}>
                  <span className="version-diff__version">{c.version}</span> {c.changelog ?? <span className="muted">{t('noChangelog')}</span>}
                </li>
              ))}
            </ol>
          )}
        </section>
        {diff.withheld.length > 0 ? (
          <details className="version-diff__withheld">
            <summary>
              {t('withheld', { count: diff.withheld.length })}
            </summary>
            <ul>
              {diff.withheld.map((p) => (
                <li key={p} className="version-diff__path">
                  {p}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>

      <div className="ws-body version-diff__body">
        <nav className="ws-files" aria-label={t('files')}>
          <h2 className="ws-pane-title">{t('changedFiles', { count: changed.length })}</h2>
          {changed.length > 0 ? (
            <ul className="tree" role="list">
              {changed.map(fileButton)}
            </ul>
          ) : null}
          {same.length > 0 ? (
            <details className="version-diff__same" open={changed.length === 0 || undefined}>
              <summary className="ws-pane-title">{t('sameFiles', { count: same.length })}</summary>
              <ul className="tree" role="list">
                {same.map(fileButton)}
              </ul>
            </details>
          ) : null}
        </nav>

        <section className="ws-editor" aria-label={active ? t('changesTo', { path: active.path }) : t('changes')}>
          <div className="review-toolbar">
            <span className="status-bar__path">{active?.path ?? t('noFile')}</span>
            {active ? (
              <span className="review-toolbar__meta">
                {languageLabel(languageOf(active.path))} · {describe(active)}
              </span>
            ) : null}
            <label className="check review-toolbar__toggle">
              <input type="checkbox" checked={sideBySide} onChange={(e) => toggleSideBySide(e.target.checked)} />
              {t('sideBySide')}
            </label>
          </div>
          <div className="ws-editor__surface">
            <DiffView itemId={`${from.id}.${to.id}`} files={files} activePath={activePath} sideBySide={sideBySide} comments={[]} onCursorLine={() => {}} labels={labels} />
            {!active ? (
              <div className="ws-editor__empty">
                <p>{t('noFiles')}</p>
              </div>
            ) : null}
          </div>
        </section>
      </div>
    </div>
  );
}
