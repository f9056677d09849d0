import type { DraftValidationView, PackageProblemView } from '../../../../server/contract/authoring';
import { useTranslation } from 'react-i18next';
import { rich } from './richText';
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
  const { t } = useTranslation('authoring');
  const liveKeys = new Set(live.map(key));
  // The validation repeats the package checks it ran first; only what it adds is listed again.
  const found = (validation?.problems ?? []).filter((p) => !liveKeys.has(key(p)));
  return (
    <div className="problems">
      <section aria-labelledby="problems-live">
        <h2 id="problems-live" className="problems__title">
          {t('problems.live')} <span className="problems__count">{t('problems.count', { count: live.length })}</span>
        </h2>
        <p className="problems__hint">{rich(t, 'problems.liveHint', { command: <code>scenarios check</code> })}</p>
        {!competenciesKnown ? <p className="problems__hint">{t('problems.competenciesPending')}</p> : null}
        {live.length === 0 ? <p className="problems__none">{t('problems.none')}</p> : <ProblemList problems={live} paths={paths} onOpen={onOpen} />}
      </section>
      {validation && found.length > 0 ? (
        <section aria-labelledby="problems-validation" className="problems__section">
          <h2 id="problems-validation" className="problems__title">
            {t('problems.fromValidation')} <span className="problems__count">{t('problems.count', { count: found.length })}</span>
          </h2>
          {!validationCurrent ? <p className="problems__hint">{t('problems.staleHint')}</p> : null}
          <ProblemList problems={found} paths={paths} onOpen={onOpen} />
        </section>
      ) : null}
    </div>
  );
}

export function ProblemList({ problems, paths, onOpen }: { problems: PackageProblemView[]; paths: Set<string>; onOpen: Props['onOpen'] }) {
  const { t } = useTranslation('authoring');
  return (
    <ul className="problem-list">
      {problems.map((p, i) => {
        const where = `${p.file}${p.line !== undefined ? `:${p.line}` : ''}`;
        const body = (
          <>
            <span className="problem__where">{where}</span>
            {/* The path is the file's own notation; only the "top level" mark is words. */}
            {p.path ? <span className="problem__path">{p.path === '(top level)' ? t('problems.topLevel') : p.path}</span> : null}
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
