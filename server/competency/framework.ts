import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

// Lengths the database keeps; NUL never reaches it (PostgreSQL text refuses it).
const str = (max: number) =>
  z
    .string()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !v.includes('\u0000'), 'must not contain NUL characters');

/** The slice of 1EdTech CASE 1.0 that Practicum reads: a document, its items and isChildOf links. */
/**
 * Other languages of an entity's texts, in CASE's extension point: `extensions.translations`,
 * keyed by language tag (`"zh-CN": { "title": … }` on the document; `abbreviatedStatement`,
 * `fullStatement` on an item). Unknown languages and keys pass through unread.
 */
const translationsOf = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object({ translations: z.object({ 'zh-CN': z.object(shape).partial().optional() }).passthrough().optional() })
    .passthrough()
    .optional();

const CaseJson = z.object({
  CFDocument: z.object({ identifier: str(100), uri: str(500).optional(), title: str(300), extensions: translationsOf({ title: str(300) }) }).passthrough(),
  CFItems: z
    .array(
      z
        .object({
          identifier: str(100),
          uri: str(500).optional(),
          humanCodingScheme: str(100),
          fullStatement: str(5_000),
          abbreviatedStatement: str(300).optional(),
          CFItemType: z.string().optional(),
          extensions: translationsOf({ fullStatement: str(5_000), abbreviatedStatement: str(300) }),
        })
        .passthrough(),
    )
    .min(1)
    .max(5_000, 'has more than 5000 items'),
  CFAssociations: z
    .array(
      z
        .object({
          identifier: str(100),
          associationType: z.string(),
          originNodeURI: z.object({ identifier: z.string() }).passthrough(),
          destinationNodeURI: z.object({ identifier: z.string() }).passthrough(),
          sequenceNumber: z.number().optional(),
        })
        .passthrough(),
    )
    .max(20_000)
    .default([]),
});

/** A competency's words in another language than the framework's own. */
export type CompetencyText = { title: string; statement: string };
/** Texts by language tag, for the languages the package carries besides its own. */
export type Translations<T> = Partial<Record<'zh-CN', T>>;

export type Competency = {
  identifier: string;
  code: string;
  statement: string;
  title: string;
  parentCode: string | null;
  sequence: number;
  translations: Translations<CompetencyText>;
};

export type Framework = { identifier: string; title: string; titles: Translations<string>; items: Competency[]; byCode: Map<string, Competency> };

/** The title column holds 300 characters: a long statement without a short form is cut. */
const titleOf = (abbreviated: string | undefined, full: string) => abbreviated ?? (full.length > 300 ? `${full.slice(0, 299)}…` : full);

export const SHIPPED_FRAMEWORK = path.resolve(import.meta.dirname, '../../scenarios/framework.case.json');

export function parseCaseFramework(json: unknown): { framework?: Framework; problems: string[] } {
  const parsed = CaseJson.safeParse(json);
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => describeIssue(json, i.path, i.message)) };
  const { CFDocument, CFItems, CFAssociations } = parsed.data;
  const byId = new Map(CFItems.map((i) => [i.identifier, i]));
  const problems: string[] = [];
  const parentOf = new Map<string, { parent: string; seq: number }>();
  const seen = new Set<string>();
  for (const a of CFAssociations) {
    if (seen.has(a.identifier)) problems.push(`CFAssociations ${a.identifier}: identifier is used twice`);
    seen.add(a.identifier);
    if (a.associationType !== 'isChildOf') continue;
    const child = a.originNodeURI.identifier;
    const parent = a.destinationNodeURI.identifier;
    if (!byId.has(child)) problems.push(`CFAssociations ${a.identifier}: origin ${child} is not a CFItem`);
    if (parent !== CFDocument.identifier && !byId.has(parent)) problems.push(`CFAssociations ${a.identifier}: destination ${parent} is not a CFItem or the document`);
    if (parentOf.has(child)) problems.push(`CFAssociations ${a.identifier}: ${child} already has a parent (${parentOf.get(child)!.parent}); an item sits in one place of the tree`);
    parentOf.set(child, { parent, seq: a.sequenceNumber ?? 0 });
  }
  const codes = new Set<string>();
  const ids = new Set<string>();
  for (const item of CFItems) {
    if (ids.has(item.identifier)) problems.push(`CFItems ${item.identifier}: identifier is used twice`);
    ids.add(item.identifier);
    if (codes.has(item.humanCodingScheme)) problems.push(`CFItems ${item.identifier}: humanCodingScheme ${item.humanCodingScheme} is used twice`);
    codes.add(item.humanCodingScheme);
  }
  // A tree has no cycles: following parents from any item must reach the document.
  for (const item of CFItems) {
    const path = new Set<string>([item.identifier]);
    for (let p = parentOf.get(item.identifier)?.parent; p && byId.has(p); p = parentOf.get(p)?.parent) {
      if (path.has(p)) {
        problems.push(`CFItems ${item.identifier}: isChildOf links form a cycle (${[...path, p].join(' → ')})`);
        break;
      }
      path.add(p);
    }
  }
  if (problems.length > 0) return { problems: [...new Set(problems)] };
  const items: Competency[] = CFItems.map((i) => {
    const link = parentOf.get(i.identifier);
    const parentItem = link ? byId.get(link.parent) : undefined;
    const zh = i.extensions?.translations?.['zh-CN'];
    const zhStatement = zh?.fullStatement ?? zh?.abbreviatedStatement;
    return {
      identifier: i.identifier,
      code: i.humanCodingScheme,
      statement: i.fullStatement,
      title: titleOf(i.abbreviatedStatement, i.fullStatement),
      parentCode: parentItem?.humanCodingScheme ?? null,
      sequence: link?.seq ?? 0,
      translations: zhStatement ? { 'zh-CN': { title: titleOf(zh?.abbreviatedStatement, zhStatement), statement: zhStatement } } : {},
    };
  });
  const zhTitle = CFDocument.extensions?.translations?.['zh-CN']?.title;
  const titles: Translations<string> = zhTitle ? { 'zh-CN': zhTitle } : {};
  return { framework: { identifier: CFDocument.identifier, title: CFDocument.title, titles, items, byCode: new Map(items.map((i) => [i.code, i])) }, problems };
}

/**
 * "CFItems[3] (identifier 9f1c…) humanCodingScheme: …": the list position and, when the entry
 * has one, its identifier, so an author finds the item in a file of hundreds.
 */
function describeIssue(json: unknown, path: PropertyKey[], message: string): string {
  const [list, index, ...rest] = path;
  if (typeof list === 'string' && typeof index === 'number') {
    const entry = (json as Record<string, unknown[]> | null)?.[list]?.[index] as { identifier?: unknown } | undefined;
    const id = typeof entry?.identifier === 'string' ? ` (identifier ${entry.identifier})` : '';
    return `${list}[${index}]${id} ${rest.map(String).join('.') || '(the entry)'}: ${message}`;
  }
  return `${path.map(String).join('.') || '(top level)'}: ${message}`;
}

export function loadFrameworkFile(file = SHIPPED_FRAMEWORK): Framework {
  const { framework, problems } = parseCaseFramework(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!framework) throw new Error(`${file} is not a valid CASE framework:\n  ${problems.join('\n  ')}`);
  return framework;
}
