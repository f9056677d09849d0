import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { msg, render, type Msg } from '../messages';
import { ASSOCIATION_TYPES, CaseAssociation, CaseItem, CasePackageSchema, type ParsedPackage } from './caseSchema';

/** A competency's words in another language than the framework's own. */
export type CompetencyText = { title: string; statement: string };
/** Texts by language tag, for the languages the package carries besides its own. */
export type Translations<T> = Partial<Record<'zh-CN', T>>;

export type Competency = {
  identifier: string;
  code: string;
  statement: string;
  title: string;
  /** The isChildOf parent inside the package, when there is one (else a root). */
  parentIdentifier: string | null;
  sequence: number;
  translations: Translations<CompetencyText>;
};

export type Framework = { identifier: string; title: string; titles: Translations<string>; items: Competency[]; byCode: Map<string, Competency> };

/** Columns hold so many characters: a longer text is cut for display (the package keeps it whole). */
const cut = (value: string, max: number) => (value.length > max ? `${value.slice(0, max - 1)}…` : value);
const titleOf = (abbreviated: string | null | undefined, full: string, code: string) => cut(abbreviated || full || code, 300);

/**
 * The code an item is shown (and, until identity moves to identifiers, referenced) by: its
 * humanCodingScheme, which CASE 1.0 makes optional and lets repeat; an item without one is
 * shown by the first 8 hexadecimal digits of its identifier, short and stable across re-imports.
 */
export const displayCode = (item: { identifier: string; humanCodingScheme?: string | null | undefined }) =>
  item.humanCodingScheme?.trim() ? cut(item.humanCodingScheme.trim(), 100) : item.identifier.slice(0, 8).toLowerCase();

const VALID_TYPES = new Set<string>(ASSOCIATION_TYPES);

export const SHIPPED_FRAMEWORK = path.resolve(import.meta.dirname, '../../scenarios/framework.case.json');

/**
 * The framework in a CASE package, or what is wrong with it: `reasons` as catalog messages (each
 * naming where in the package), `problems` their English.
 */
export function parseCaseFramework(json: unknown): { framework?: Framework; problems: string[]; reasons: Msg[] } {
  const { framework, reasons } = readCase(json);
  return { ...(framework ? { framework } : {}), problems: reasons.map((reason) => render(reason)), reasons };
}

/**
 * The same reading as parseCaseFramework, in slices: the schema check runs over CFItems and
 * CFAssociations a few hundred entries at a time, giving the event loop a turn between slices,
 * so a 10 MB package's import does not hold up every other request while it is checked.
 */
export async function parseCaseFrameworkInSlices(json: unknown): Promise<{ framework?: Framework; problems: string[]; reasons: Msg[] }> {
  const parsed = await parseInSlices(json);
  const { framework, reasons } = parsed.success ? readParsed(parsed.data) : { reasons: fieldReasons(json, parsed.issues) };
  return { ...(framework ? { framework } : {}), problems: reasons.map((reason) => render(reason)), reasons };
}

const SLICE = 250;
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
type Issue = { path: PropertyKey[]; message: string };
const SLICED = { CFItems: z.array(CaseItem), CFAssociations: z.array(CaseAssociation) } as const;

/**
 * CasePackageSchema.safeParse, with the two long lists checked slice by slice. Issues come in
 * the schema's order (document, items, associations, the rest), as one safeParse gives them.
 */
async function parseInSlices(json: unknown): Promise<{ success: true; data: ParsedPackage } | { success: false; issues: Issue[] }> {
  const pkg = json as Record<string, unknown> | null;
  const sliced = (['CFItems', 'CFAssociations'] as const).filter((list) => Array.isArray(pkg?.[list]));
  if (!pkg || typeof pkg !== 'object' || Array.isArray(pkg) || sliced.length === 0) {
    const whole = CasePackageSchema.safeParse(json);
    return whole.success ? { success: true, data: whole.data } : { success: false, issues: whole.error.issues };
  }
  const head = CasePackageSchema.safeParse({ ...pkg, ...Object.fromEntries(sliced.map((list) => [list, []])) });
  const issues: Record<'CFDocument' | 'CFItems' | 'CFAssociations' | 'rest', Issue[]> = { CFDocument: [], CFItems: [], CFAssociations: [], rest: [] };
  for (const issue of head.success ? [] : head.error.issues) (issue.path[0] === 'CFDocument' || issue.path[0] === 'CFItems' || issue.path[0] === 'CFAssociations' ? issues[issue.path[0]] : issues.rest).push(issue);
  const lists: Partial<Record<'CFItems' | 'CFAssociations', unknown[]>> = {};
  for (const list of sliced) {
    const entries = pkg[list] as unknown[];
    const out: unknown[] = [];
    for (let start = 0; start < entries.length; start += SLICE) {
      await nextTurn();
      const slice = SLICED[list].safeParse(entries.slice(start, start + SLICE));
      if (slice.success) out.push(...slice.data);
      else for (const i of slice.error.issues) issues[list].push({ ...i, path: [list, start + Number(i.path[0]), ...i.path.slice(1)] });
    }
    lists[list] = out;
  }
  const all = [...issues.CFDocument, ...issues.CFItems, ...issues.CFAssociations, ...issues.rest];
  if (all.length > 0 || !head.success) return { success: false, issues: all };
  return { success: true, data: { ...head.data, ...lists } as ParsedPackage };
}

const fieldReasons = (json: unknown, issues: Issue[]) => issues.map((i) => msg('competency.case.field', { where: describeIssue(json, i.path), reason: i.message }));

function readCase(json: unknown): { framework?: Framework; reasons: Msg[] } {
  const parsed = CasePackageSchema.safeParse(json);
  return parsed.success ? readParsed(parsed.data) : { reasons: fieldReasons(json, parsed.error.issues) };
}

/** The spec's rules a schema cannot state, then the framework's competencies. Linear in the package's size. */
function readParsed(pkg: ParsedPackage): { framework?: Framework; reasons: Msg[] } {
  const { CFDocument, CFItems } = pkg;
  const problems = [...uniqueIdentifiers(pkg), ...associationProblems(pkg)];
  const parentOf = parents(pkg);
  const byId = new Map(CFItems.map((i) => [i.identifier, i]));
  // A forest has no cycles: following parents from any item must leave the items. A walk that
  // reaches an item already known to lead out stops there, so a deep tree costs one pass.
  const leadsOut = new Set<string>();
  for (const item of CFItems) {
    const path = new Set<string>([item.identifier]);
    let cycle = false;
    for (let p = parentOf.get(item.identifier)?.parent; p && byId.has(p) && !leadsOut.has(p); p = parentOf.get(p)?.parent) {
      if (path.has(p)) {
        problems.push(msg('competency.case.cycle', { where: `CFItems ${item.identifier}`, path: [...path, p].join(' → ') }));
        cycle = true;
        break;
      }
      path.add(p);
    }
    if (!cycle) for (const p of path) leadsOut.add(p);
  }
  // The same problem found twice (a cycle, from each of its items) is said once.
  if (problems.length > 0) return { reasons: [...new Map(problems.map((p) => [render(p), p])).values()] };
  const items: Competency[] = CFItems.map((i) => {
    const link = parentOf.get(i.identifier);
    const code = displayCode(i);
    const zh = i.extensions?.translations?.['zh-CN'];
    const zhStatement = zh?.fullStatement ?? zh?.abbreviatedStatement;
    return {
      identifier: i.identifier,
      code,
      statement: i.fullStatement,
      title: titleOf(i.abbreviatedStatement, i.fullStatement, code),
      parentIdentifier: link && byId.has(link.parent) ? link.parent : null,
      sequence: link?.seq ?? 0,
      translations: zhStatement ? { 'zh-CN': { title: titleOf(zh?.abbreviatedStatement, zhStatement, code), statement: zhStatement } } : {},
    };
  });
  const zhTitle = CFDocument.extensions?.translations?.['zh-CN']?.title;
  const titles: Translations<string> = zhTitle ? { 'zh-CN': cut(zhTitle, 300) } : {};
  // Codes may repeat (CASE allows it): the first item with a code is the one it finds.
  const byCode = new Map<string, Competency>();
  for (const item of items) if (!byCode.has(item.code)) byCode.set(item.code, item);
  return { framework: { identifier: CFDocument.identifier, title: cut(CFDocument.title, 300), titles, items, byCode }, reasons: [] };
}

/** Every identifier in the package names one thing: document, item, association, definition, rubric part. */
function uniqueIdentifiers(pkg: ParsedPackage): Msg[] {
  const entries: [string, string][] = [['CFDocument', pkg.CFDocument.identifier]];
  for (const list of ['CFItems', 'CFAssociations'] as const) for (const e of pkg[list]) entries.push([list, e.identifier]);
  for (const [list, defs] of Object.entries(pkg.CFDefinitions ?? {})) if (Array.isArray(defs)) for (const d of defs as { identifier: string }[]) entries.push([`CFDefinitions.${list}`, d.identifier]);
  for (const rubric of pkg.CFRubrics ?? []) {
    entries.push(['CFRubrics', rubric.identifier]);
    for (const c of rubric.CFRubricCriteria ?? []) {
      entries.push(['CFRubricCriteria', c.identifier]);
      for (const l of c.CFRubricCriterionLevels ?? []) entries.push(['CFRubricCriterionLevels', l.identifier]);
    }
  }
  const seen = new Set<string>();
  const problems: Msg[] = [];
  for (const [list, id] of entries) {
    // Identifiers are UUIDs, which compare without regard to case.
    const key = id.toLowerCase();
    if (seen.has(key)) problems.push(msg('competency.case.idTwice', { where: `${list} ${id}` }));
    seen.add(key);
  }
  return problems;
}

type Link = z.infer<typeof CasePackageSchema>['CFAssociations'][number]['originNodeURI'];

/**
 * Each association has a CASE 1.0 type, and each of its ends is a node of this package (the
 * document or an item) or an external node, which then says where it is (`uri`).
 */
function associationProblems(pkg: ParsedPackage): Msg[] {
  const nodes = new Set([pkg.CFDocument.identifier, ...pkg.CFItems.map((i) => i.identifier)]);
  const problems: Msg[] = [];
  const external = (link: Link) => !nodes.has(link.identifier) && !link.uri?.trim();
  for (const a of pkg.CFAssociations) {
    const where = `CFAssociations ${a.identifier}`;
    if (!VALID_TYPES.has(a.associationType)) problems.push(msg('competency.case.associationType', { where, type: a.associationType, valid: ASSOCIATION_TYPES.join(', ') }));
    for (const link of [a.originNodeURI, a.destinationNodeURI]) if (external(link)) problems.push(msg('competency.case.unknownNode', { where, node: link.identifier }));
  }
  const parentOf = new Map<string, string>();
  for (const a of pkg.CFAssociations) {
    if (a.associationType !== 'isChildOf') continue;
    const child = a.originNodeURI.identifier;
    const parent = a.destinationNodeURI.identifier;
    const before = parentOf.get(child);
    if (before !== undefined && before !== parent) problems.push(msg('competency.case.twoParents', { where: `CFAssociations ${a.identifier}`, child, parent: before }));
    parentOf.set(child, parent);
  }
  return problems;
}

/** Each item's isChildOf parent (an item, the document or an external node) and its place there. */
function parents(pkg: ParsedPackage): Map<string, { parent: string; seq: number }> {
  const parentOf = new Map<string, { parent: string; seq: number }>();
  for (const a of pkg.CFAssociations) {
    if (a.associationType === 'isChildOf') parentOf.set(a.originNodeURI.identifier, { parent: a.destinationNodeURI.identifier, seq: Number(a.sequenceNumber ?? 0) });
  }
  return parentOf;
}

/**
 * "CFItems[3] (identifier 9f1c…) humanCodingScheme: …": the list position and, when the entry
 * has one, its identifier, so an author finds the item in a file of hundreds.
 */
function describeIssue(json: unknown, path: PropertyKey[]): string {
  const [list, index, ...rest] = path;
  if (typeof list === 'string' && typeof index === 'number') {
    const entry = (json as Record<string, unknown[]> | null)?.[list]?.[index] as { identifier?: unknown } | undefined;
    const id = typeof entry?.identifier === 'string' ? ` (identifier ${entry.identifier})` : '';
    return `${list}[${index}]${id} ${rest.map(String).join('.') || '(the entry)'}`;
  }
  return path.map(String).join('.') || '(top level)';
}

export function loadFrameworkFile(file = SHIPPED_FRAMEWORK): Framework {
  const { framework, problems } = parseCaseFramework(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!framework) throw new Error(`${file} is not a valid CASE framework:\n  ${problems.join('\n  ')}`);
  return framework;
}
