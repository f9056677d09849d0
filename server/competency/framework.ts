import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The slice of 1EdTech CASE 1.0 that Practicum reads: a document, its items and isChildOf links. */
const CaseJson = z.object({
  CFDocument: z.object({ identifier: z.string().min(1), uri: z.string().optional(), title: z.string().min(1) }).passthrough(),
  CFItems: z
    .array(
      z
        .object({
          identifier: z.string().min(1),
          uri: z.string().optional(),
          humanCodingScheme: z.string().min(1),
          fullStatement: z.string().min(1),
          abbreviatedStatement: z.string().optional(),
          CFItemType: z.string().optional(),
        })
        .passthrough(),
    )
    .min(1),
  CFAssociations: z
    .array(
      z
        .object({
          identifier: z.string().min(1),
          associationType: z.string(),
          originNodeURI: z.object({ identifier: z.string() }).passthrough(),
          destinationNodeURI: z.object({ identifier: z.string() }).passthrough(),
          sequenceNumber: z.number().optional(),
        })
        .passthrough(),
    )
    .default([]),
});

export type Competency = {
  identifier: string;
  code: string;
  statement: string;
  title: string;
  parentCode: string | null;
  sequence: number;
};

export type Framework = { identifier: string; title: string; items: Competency[]; byCode: Map<string, Competency> };

export const SHIPPED_FRAMEWORK = path.resolve(import.meta.dirname, '../../scenarios/framework.case.json');

export function parseCaseFramework(json: unknown): { framework?: Framework; problems: string[] } {
  const parsed = CaseJson.safeParse(json);
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => describeIssue(json, i.path, i.message)) };
  const { CFDocument, CFItems, CFAssociations } = parsed.data;
  const byId = new Map(CFItems.map((i) => [i.identifier, i]));
  const problems: string[] = [];
  const parentOf = new Map<string, { parent: string; seq: number }>();
  for (const a of CFAssociations) {
    if (a.associationType !== 'isChildOf') continue;
    const child = a.originNodeURI.identifier;
    const parent = a.destinationNodeURI.identifier;
    if (!byId.has(child)) problems.push(`CFAssociations ${a.identifier}: origin ${child} is not a CFItem`);
    if (parent !== CFDocument.identifier && !byId.has(parent)) problems.push(`CFAssociations ${a.identifier}: destination ${parent} is not a CFItem or the document`);
    parentOf.set(child, { parent, seq: a.sequenceNumber ?? 0 });
  }
  const codes = new Set<string>();
  for (const item of CFItems) {
    if (codes.has(item.humanCodingScheme)) problems.push(`CFItems ${item.identifier}: humanCodingScheme ${item.humanCodingScheme} is used twice`);
    codes.add(item.humanCodingScheme);
  }
  if (problems.length > 0) return { problems };
  const items: Competency[] = CFItems.map((i) => {
    const link = parentOf.get(i.identifier);
    const parentItem = link ? byId.get(link.parent) : undefined;
    return {
      identifier: i.identifier,
      code: i.humanCodingScheme,
      statement: i.fullStatement,
      title: i.abbreviatedStatement ?? i.fullStatement,
      parentCode: parentItem?.humanCodingScheme ?? null,
      sequence: link?.seq ?? 0,
    };
  });
  return { framework: { identifier: CFDocument.identifier, title: CFDocument.title, items, byCode: new Map(items.map((i) => [i.code, i])) }, problems };
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
