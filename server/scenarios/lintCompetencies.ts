import { nearest } from './issues';
import { codesOf, findFramework, frameworkLabel, isItemIdentifier, itemByIdentifier, type CompetencyLookup } from './competencyRefs';
import type { ScenarioManifestT } from './schema';

type Keyed = (p: PropertyKey[], message: string, key: string, params: Record<string, string | number>) => void;
type Plain = (p: PropertyKey[], message: string) => void;

/**
 * "is not in the framework …", with the codes that are (the nearest first) so the author can
 * pick one; and the same as a catalog message for readers of other languages.
 */
function unknownCompetency(code: string, framework: CompetencyLookup): { message: string; params?: Record<string, string | number> } {
  const base = `competency "${code}" is not in ${framework.where ?? `the framework ${framework.title}`}`;
  const codes = framework.byCode.keys ? [...framework.byCode.keys()].sort() : [];
  if (codes.length === 0) return { message: base };
  const near = nearest(code, codes, 3);
  const area = code.split('.')[0];
  const shown = [...new Set([...near, ...codes.filter((c) => c.split('.')[0] === area), ...codes])].slice(0, 15);
  const more = codes.length - shown.length;
  const nearText = near.map((c) => `"${c}"`).join(' or ');
  return {
    message: `${base}${near.length > 0 ? ` — did you mean ${nearText}?` : ''} Valid codes: ${shown.join(', ')}${more > 0 ? ` … and ${more} more` : ''}`,
    params: { code, hasNear: near.length > 0 ? 'yes' : 'no', near: near.join(' / '), valid: shown.join(', '), more },
  };
}

/**
 * Reads the package's competency references and reports what does not resolve: a code in the
 * framework `framework:` names (a code other frameworks also use is then no ambiguity), or in
 * every framework the author sees (where a shared code is ambiguous); an item identifier, as
 * that item's code. Returns the resolver, which gives the code a reference stands for.
 */
export function competencyResolver(manifest: ScenarioManifestT, lookup: CompetencyLookup, keyed: Keyed, at: Plain): (ref: string, p: PropertyKey[]) => string | undefined {
  // Without the frameworks (the browser editor before they load) neither a framework nor an identifier can be told wrong.
  const frameworks = lookup.frameworks;
  const scope = manifest.framework !== undefined && frameworks ? findFramework(frameworks, manifest.framework) : undefined;
  if (manifest.framework !== undefined && frameworks && !scope) {
    const known = frameworks.map(frameworkLabel).join('; ');
    keyed(
      ['framework'],
      `framework "${manifest.framework}" is not a framework you can use: write the identifier or exact title of one of ${frameworks.length > 0 ? known : '(none: import one first)'}`,
      'scenario.framework.unknown',
      { framework: manifest.framework, known, count: frameworks.length },
    );
    // Codes cannot be checked in a framework that is not there: the one problem says what to fix.
    return () => undefined;
  }
  const scoped: CompetencyLookup | undefined = scope && { title: scope.title, byCode: codesOf(scope) };

  return (ref, p) => {
    if (isItemIdentifier(ref) && frameworks) {
      const found = itemByIdentifier(scope ? [scope] : frameworks, ref);
      if (found) return found.code;
      const where = scope ? `the framework ${scope.title}` : 'any framework you can use';
      keyed(p, `competency "${ref}" is not the identifier of an item of ${where}`, 'scenario.competency.unknownIdentifier', { ref, framework: scope?.title ?? '', scoped: scope ? 'yes' : 'no' });
      return undefined;
    }
    if (scoped && scope) {
      if (scoped.byCode.has(ref)) return ref;
      const unknown = unknownCompetency(ref, scoped);
      keyed(p, unknown.message, 'scenario.competency.unknownInFramework', { code: ref, framework: scope.title, hasNear: 'no', near: '', valid: '', more: 0, ...unknown.params, hasValid: unknown.params ? 'yes' : 'no' });
      return undefined;
    }
    if (!lookup.byCode.has(ref)) {
      const unknown = unknownCompetency(ref, lookup);
      if (unknown.params) keyed(p, unknown.message, 'scenario.competency.unknownCode', unknown.params);
      else at(p, unknown.message);
      return undefined;
    }
    const among = lookup.ambiguous?.get(ref);
    if (among) {
      const list = among.join(', ');
      keyed(p, `competency "${ref}" is a code in more than one framework (${list}), so it does not say which competency it means`, 'scenario.competency.ambiguous', { code: ref, frameworks: list });
    }
    return ref;
  };
}
