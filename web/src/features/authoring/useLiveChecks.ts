import i18next from 'i18next';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CompetencyOption, PackageProblemView } from '../../../../server/contract/authoring';
import { ambiguousIn, frameworksFromOptions, type LookupFramework } from '../../../../server/scenarios/competencyRefs';
import { lintPackage } from '../../../../server/scenarios/lint';
import type { FileEntry } from '../../workspace/fileSet';
import { hashFiles } from './contentHash';

/** Long enough to wait out a burst of typing, short enough to feel live. */
const CHECK_DEBOUNCE_MS = 350;

export type LiveChecks = {
  /** What `scenarios check` says of the files as the author sees them (saved or not). */
  problems: PackageProblemView[];
  /** The server's content hash of those files: equal to a validation's when it checked exactly this. */
  contentHash: string;
  /** The checks know the competency codes (until they load, unknown codes are not reported). */
  competenciesKnown: boolean;
};

type Known = { codes: Set<string>; frameworks: LookupFramework[]; ambiguous: Map<string, string[]> };

function check(slug: string, files: Record<string, FileEntry>, known: Known | null): Omit<LiveChecks, 'competenciesKnown'> {
  const map = new Map(Object.values(files).map((f) => [f.path, f.content]));
  // Without the codes yet, every code passes rather than every code failing.
  const byCode = known?.codes ?? { has: () => true };
  const lookup = { title: i18next.t('authoring:liveChecks.frameworks'), where: i18next.t('authoring:liveChecks.anyFramework'), byCode, frameworks: known?.frameworks, ambiguous: known?.ambiguous };
  const { problems } = lintPackage(slug, map, lookup);
  return { problems, contentHash: hashFiles(map) };
}

/**
 * The package checks of server/scenarios/lint.ts, run here on every pause in typing: the
 * problems panel says what `scenarios check` would say, file and line, before any save.
 */
export function useLiveChecks(slug: string, files: Record<string, FileEntry>, competencies: CompetencyOption[] | undefined): LiveChecks {
  const codes = useMemo(() => {
    if (!competencies) return null;
    const frameworks = frameworksFromOptions(competencies);
    return { codes: new Set(competencies.map((c) => c.code)), frameworks, ambiguous: ambiguousIn(frameworks) };
  }, [competencies]);
  const [result, setResult] = useState(() => check(slug, files, codes));
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => setResult(check(slug, files, codes)), CHECK_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [slug, files, codes]);

  return { ...result, competenciesKnown: codes !== null };
}
