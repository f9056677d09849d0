import type { DraftValidationView, PackageProblemView } from '../../../../server/contract/authoring';
import { plural } from '../../app/format';
import { detailText } from '../../app/serverText';

type Props = {
  live: PackageProblemView[];
  /** The last validation, and whether it checked the content as it is now. */
  validation: DraftValidationView | null;
  validationCurrent: boolean;
  competenciesKnown: boolean;
  /** Files that exist: a problem about one of them opens it; `checks/` or `workspace/` are folders. */
  paths: Set<string>;
  onOpen: (path: string, line: number) => void;
};

const key = (p: PackageProblemView) => `${p.file}|${p.line ?? ''}|${p.path ?? ''}|${p.message}`;

/**
 * What is wrong with the package: the checks `scenarios check` runs first, live as the author
 * types, then what the last validation found on top (the reference solution failing a check,
 * too weak checks). Each problem names its file and line and opens it there.
 */
export function ProblemsPanel({ live, validation, validationCurrent, competenciesKnown, paths, onOpen }: Props) {
  const liveKeys = new Set(live.map(key));
  // The validation repeats the package checks it ran first; only what it adds is listed again.
  const found = (validation?.problems ?? []).filter((p) => !liveKeys.has(key(p)));
  return (
    <div className="problems">
      <section aria-labelledby="problems-live">
        <h2 id="problems-live" className="problems__title">
          Package checks <span className="problems__count">{live.length === 0 ? 'no problems' : plural(live.length, 'problem')}</span>
        </h2>
        <p className="problems__hint">The checks of <code>scenarios check</code>, run in this page each time you pause typing, saved or not.</p>
        {!competenciesKnown ? <p className="problems__hint">Competency codes are not checked until the frameworks have loaded.</p> : null}
        {live.length === 0 ? <p className="problems__none">The package loads: the manifest is valid and every file it names exists.</p> : <ProblemList problems={live} paths={paths} onOpen={onOpen} />}
      </section>
      {validation && found.length > 0 ? (
        <section aria-labelledby="problems-validation" className="problems__section">
          <h2 id="problems-validation" className="problems__title">
            From the last validation <span className="problems__count">{plural(found.length, 'problem')}</span>
          </h2>
          {!validationCurrent ? <p className="problems__hint">The files have changed since: validate again to see whether these still hold.</p> : null}
          <ProblemList problems={found} paths={paths} onOpen={onOpen} />
        </section>
      ) : null}
    </div>
  );
}

export function ProblemList({ problems, paths, onOpen }: { problems: PackageProblemView[]; paths: Set<string>; onOpen: Props['onOpen'] }) {
  return (
    <ul className="problem-list">
      {problems.map((p, i) => {
        const where = `${p.file}${p.line !== undefined ? `:${p.line}` : ''}`;
        const body = (
          <>
            <span className="problem__where">{where}</span>
            {p.path ? <span className="problem__path">{p.path}</span> : null}
            <span className="problem__message">{detailText(p) ?? p.message}</span>
          </>
        );
        return (
          <li key={`${i}:${key(p)}`} className="problem">
            {paths.has(p.file) ? (
              <button type="button" className="problem__open" onClick={() => onOpen(p.file, p.line ?? 1)}>
                {body}
              </button>
            ) : (
              <div className="problem__open problem__open--static">{body}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
