import { useMemo, useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import type { FileDiff, VersionDiffView } from '../../../../server/contract/authoring';
import type { ReviewFile } from '../../../../server/contract/review';
import { formatDate, plural } from '../../app/format';
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

  if (!against) {
    return (
      <DiffError>
        This link does not say which version to compare with. Open “What changed” from a course’s assignments or from the scenario’s versions.
      </DiffError>
    );
  }
  if (isLoading) {
    return (
      <div className="splash" role="status">
        Comparing the versions…
      </div>
    );
  }
  if (!data) {
    const message =
      problem?.status === 404
        ? 'There is no such version, or it is not open to you.'
        : problem?.status === 400
          ? `These versions cannot be compared: ${problem.fields.against ?? problem.message}.`
          : (problem?.message ?? 'The versions could not be compared.');
    return <DiffError>{message}</DiffError>;
  }
  return <VersionDiff key={`${versionId}:${against}`} diff={data} />;
}

function DiffError({ children }: { children: ReactNode }) {
  const headingRef = usePageHeading('What changed');
  return (
    <div className="ws-error">
      <h1 ref={headingRef} tabIndex={-1} className="page__title">
        What changed
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
  // Arrived from a page of the app: back there. Opened directly: home.
  if (key === 'default') {
    return (
      <Link to="/" className="btn btn--quiet">
        Home
      </Link>
    );
  }
  return (
    <button type="button" className="btn btn--quiet" onClick={() => void navigate(-1)}>
      Back
    </button>
  );
}

const STATE_LABEL: Record<FileDiff['status'], string> = { added: 'new', removed: 'removed', changed: 'changed', same: 'unchanged' };
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
  const headingRef = usePageHeading(`${to.title}: what changed`);
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
    () => ({ original: `version ${from.version}`, modified: `version ${to.version}`, readOnlyMessage: 'Published versions are read-only.' }),
    [from.version, to.version],
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
    f.status === 'added'
      ? `new in ${to.version}`
      : f.status === 'removed'
        ? `removed in ${to.version}`
        : f.status === 'same'
          ? 'the same in both versions'
          : sideBySide
            ? `${from.version} on the left, ${to.version} on the right`
            : `${from.version} in red, ${to.version} in green`;

  // Unchanged files sit under their own heading: a label on each would only crowd the names.
  const fileButton = (f: FileDiff) => (
    <li key={f.path}>
      <button type="button" className="tree__file" aria-current={f.path === activePath ? 'true' : undefined} title={f.path} onClick={() => setActivePath(f.path)}>
        <span className="tree__name">{f.path}</span>
        <span className="tree__meta">
          <span className={`file-state file-state--${f.status}${f.status === 'same' ? ' visually-hidden' : ''}`}>{STATE_LABEL[f.status]}</span>
        </span>
      </button>
    </li>
  );

  return (
    <div className="ws version-diff">
      <header className="ws-header">
        <div className="ws-header__title">
          <p className="ws-header__eyebrow">
            {to.title} · what changed{newer ? '' : ' (going back to an earlier version)'}
          </p>
          <h1 ref={headingRef} tabIndex={-1} className="ws-header__heading">
            Version {from.version} → {to.version}
          </h1>
        </div>
        <div className="ws-header__status version-diff__dates">
          <span>
            {from.version}: {formatDate(from.publishedAt)}
          </span>
          <span>
            {to.version}: {formatDate(to.publishedAt)}
          </span>
        </div>
        <div className="ws-header__actions">
          <BackLink />
        </div>
      </header>

      <div className="version-diff__summary">
        <section aria-labelledby="version-diff-changelog" className="version-diff__changelog">
          <h2 id="version-diff-changelog" className="version-diff__subtitle">
            Changelog
          </h2>
          {diff.changelog.length === 0 ? (
            <p className="muted">No versions were published in between.</p>
          ) : (
            <ol className="version-diff__changes">
              {diff.changelog.map((c) => (
                <li key={c.version}>
                  <span className="version-diff__version">{c.version}</span> {c.changelog ?? <span className="muted">no changelog line</span>}
                </li>
              ))}
            </ol>
          )}
        </section>
        {diff.withheld.length > 0 ? (
          <details className="version-diff__withheld">
            <summary>
              Not shown: the checks, the data they use and the solution ({plural(diff.withheld.length, 'file')}). The enterprise shares them only with the schools it chooses.
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
        <nav className="ws-files" aria-label="Files">
          <h2 className="ws-pane-title">{changed.length === 0 ? 'No file changed' : `Changed files (${changed.length})`}</h2>
          {changed.length > 0 ? (
            <ul className="tree" role="list">
              {changed.map(fileButton)}
            </ul>
          ) : null}
          {same.length > 0 ? (
            <details className="version-diff__same" open={changed.length === 0 || undefined}>
              <summary className="ws-pane-title">Unchanged files ({same.length})</summary>
              <ul className="tree" role="list">
                {same.map(fileButton)}
              </ul>
            </details>
          ) : null}
        </nav>

        <section className="ws-editor" aria-label={active ? `Changes to ${active.path}` : 'Changes'}>
          <div className="review-toolbar">
            <span className="status-bar__path">{active?.path ?? 'No file'}</span>
            {active ? (
              <span className="review-toolbar__meta">
                {languageLabel(languageOf(active.path))} · {describe(active)}
              </span>
            ) : null}
            <label className="check review-toolbar__toggle">
              <input type="checkbox" checked={sideBySide} onChange={(e) => toggleSideBySide(e.target.checked)} />
              Side by side
            </label>
          </div>
          <div className="ws-editor__surface">
            <DiffView itemId={`${from.id}.${to.id}`} files={files} activePath={activePath} sideBySide={sideBySide} comments={[]} onCursorLine={() => {}} labels={labels} />
            {!active ? (
              <div className="ws-editor__empty">
                <p>The versions have no files to compare.</p>
              </div>
            ) : null}
          </div>
        </section>
      </div>
    </div>
  );
}
