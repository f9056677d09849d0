/**
 * How a scenario package names a competency: by code, in the framework its `framework:` names
 * or else in every framework the author can see; or by the CASE item's identifier (a UUID),
 * which names one item whatever the codes. Pure (no Node APIs): the browser editor runs it too.
 */

/** A framework as the package checks see it: enough to find it by name and its items by code or identifier. */
export type LookupFramework = {
  /** CFDocument.identifier */
  identifier: string;
  title: string;
  /** Other titles it answers to (its translations). */
  titles?: string[];
  items: { identifier: string; code: string }[];
};

/**
 * What the checks need to know of the competency frameworks: which codes exist, and how to name
 * where they were looked up (`the framework <title>`, or `where` when given). With `keys`, an
 * unknown code's message lists the valid ones.
 */
export type CompetencyLookup = {
  title: string;
  where?: string;
  byCode: { has(code: string): boolean; keys?(): Iterable<string> };
  /** Codes that more than one framework uses, with those frameworks' titles: a reference by code alone is ambiguous. */
  ambiguous?: { get(code: string): string[] | undefined };
  /**
   * The frameworks the author can see, for `framework:` and references by item identifier;
   * without them (the browser editor before they load) neither is checked.
   */
  frameworks?: LookupFramework[];
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isItemIdentifier = (ref: string) => UUID.test(ref);

/** `framework:` by identifier (any case, as UUIDs are) or exact title. */
export function findFramework(frameworks: LookupFramework[], name: string): LookupFramework | undefined {
  return (
    frameworks.find((f) => f.identifier.toLowerCase() === name.toLowerCase()) ?? frameworks.find((f) => f.title === name || (f.titles ?? []).includes(name))
  );
}

/** "Title (identifier)", for lists the author picks from. */
export const frameworkLabel = (f: LookupFramework) => `${f.title} (${f.identifier})`;

/** The item an identifier names, among `frameworks`. */
export function itemByIdentifier(frameworks: LookupFramework[], ref: string): { code: string; framework: LookupFramework } | undefined {
  const id = ref.toLowerCase();
  for (const framework of frameworks) {
    const item = framework.items.find((i) => i.identifier.toLowerCase() === id);
    if (item) return { code: item.code, framework };
  }
  return undefined;
}

/** The codes of one framework, as the lint's `byCode` reads them. */
export const codesOf = (framework: LookupFramework) => new Set(framework.items.map((i) => i.code));

/**
 * Frameworks from a flat list of competencies (what the browser loads from GET /api/competencies),
 * grouped by their framework's identifier.
 */
export function frameworksFromOptions(options: { code: string; identifier: string; framework: string; frameworkId: string; frameworkTitle: string }[]): LookupFramework[] {
  const byId = new Map<string, LookupFramework>();
  for (const o of options) {
    const f = byId.get(o.frameworkId) ?? { identifier: o.frameworkId, title: o.frameworkTitle, titles: [o.framework], items: [] };
    f.items.push({ identifier: o.identifier, code: o.code });
    byId.set(o.frameworkId, f);
  }
  return [...byId.values()];
}

/**
 * The picker's options for a package: those of the framework its `framework:` names, or, without
 * one (or one the options do not hold), one option per code as before frameworks could share codes.
 */
export function optionsForFramework<T extends { code: string; framework: string; frameworkId: string; frameworkTitle: string }>(options: T[], name: string | undefined): T[] {
  if (name !== undefined) {
    const id = name.toLowerCase();
    const scoped = options.filter((o) => o.frameworkId.toLowerCase() === id || o.frameworkTitle === name || o.framework === name);
    if (scoped.length > 0) return scoped;
  }
  const seen = new Set<string>();
  return options.filter((o) => !seen.has(o.code) && Boolean(seen.add(o.code)));
}

/** Codes more than one framework uses, with their titles (sorted): as the server's ambiguousCodes, for the browser. */
export function ambiguousIn(frameworks: LookupFramework[]): Map<string, string[]> {
  const titles = new Map<string, Set<string>>();
  for (const f of frameworks) for (const i of f.items) titles.set(i.code, (titles.get(i.code) ?? new Set()).add(f.title));
  return new Map([...titles].filter(([, t]) => t.size > 1).map(([code, t]) => [code, [...t].sort()]));
}
