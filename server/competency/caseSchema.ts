import { z } from 'zod';

/**
 * The structure of a 1EdTech CASE 1.0 package (CFPackage), written in zod after the CASE 1.0
 * REST binding's type definitions (CFPackage.Type and the types it names): the field types, the
 * UUID identifiers, the association types. Nothing stricter than the spec: every list may be
 * empty, humanCodingScheme is optional and may repeat, no length limits but the body's.
 *
 * Two deliberate departures, both looser, so packages that real publishers emit and Practicum's
 * own translated framework import: fields the spec does not name pass through untouched (CASE
 * 1.1's `extensions` carry translations), and the spec's required bookkeeping fields (`uri`,
 * `creator`, `lastChangeDateTime`, a link's `title`) are type-checked when present but not
 * demanded, since nothing here reads them: an export gives back whatever came in.
 *
 * The semantic rules the spec states (identifiers unique, associations pointing at nodes that
 * exist or at external URIs, isChildOf a forest) are in framework.ts, which names the item.
 */

/** CASE 1.0's association types (CFAssociation.associationType); CASE 1.1 added isTranslationOf. */
export const ASSOCIATION_TYPES = ['isChildOf', 'isPeerOf', 'isPartOf', 'exactMatchOf', 'precedes', 'isRelatedTo', 'replacedBy', 'exemplar', 'hasSkillLevel'] as const;

// The spec's pattern is lower-case hex with a version 1-5; real exporters write upper case too.
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const uuid = z.string().regex(UUID_PATTERN, 'must be a UUID (8-4-4-4-12 hexadecimal digits)');

// NUL never reaches the database (PostgreSQL text refuses it).
const text = z.string().refine((v) => !v.includes('\u0000'), 'must not contain NUL characters');
const texts = z.array(text);

/** LinkURI.Type: a link to a definition or document by identifier (a UUID) and uri. */
const linkUri = z.object({ identifier: uuid, uri: text.optional(), title: text.optional() }).passthrough();
/** LinkGenURI.Type: an association's end; its identifier may be any string (an external node's). */
export const linkGenUri = z.object({ identifier: text.min(1, 'is required'), uri: text.optional(), title: text.optional() }).passthrough();

const common = { identifier: uuid, uri: text.optional(), lastChangeDateTime: text.optional() };

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

export const CaseDocument = z
  .object({
    ...common,
    creator: text.optional(),
    title: text.min(1, 'is required'),
    officialSourceURL: text.optional(),
    publisher: text.optional(),
    description: text.optional(),
    subject: texts.optional(),
    subjectURI: z.array(linkUri).optional(),
    language: text.optional(),
    version: text.optional(),
    adoptionStatus: text.optional(),
    statusStartDate: text.optional(),
    statusEndDate: text.optional(),
    licenseURI: linkUri.optional(),
    notes: text.optional(),
    extensions: translationsOf({ title: text }),
  })
  .passthrough();

export const CaseItem = z
  .object({
    ...common,
    fullStatement: text,
    alternativeLabel: text.optional(),
    CFItemType: text.optional(),
    humanCodingScheme: text.optional(),
    listEnumeration: text.optional(),
    abbreviatedStatement: text.optional(),
    conceptKeywords: texts.optional(),
    conceptKeywordsURI: linkUri.optional(),
    notes: text.optional(),
    language: text.optional(),
    educationLevel: texts.optional(),
    CFItemTypeURI: linkUri.optional(),
    licenseURI: linkUri.optional(),
    statusStartDate: text.optional(),
    statusEndDate: text.optional(),
    extensions: translationsOf({ fullStatement: text, abbreviatedStatement: text }),
  })
  .passthrough();

// The type is a string here: framework.ts refuses an unknown one with the list of valid ones.
export const CaseAssociation = z
  .object({
    ...common,
    associationType: text,
    sequenceNumber: z.number().int().optional(),
    originNodeURI: linkGenUri,
    destinationNodeURI: linkGenUri,
    CFAssociationGroupingURI: linkUri.optional(),
  })
  .passthrough();

const definition = (shape: z.ZodRawShape) => z.object({ ...common, title: text.optional(), description: text.optional(), ...shape }).passthrough();

const CaseDefinitions = z
  .object({
    CFConcepts: z.array(definition({ keywords: text.optional(), hierarchyCode: text.optional() })).optional(),
    CFSubjects: z.array(definition({ hierarchyCode: text.optional() })).optional(),
    CFLicenses: z.array(definition({ licenseText: text.optional() })).optional(),
    CFItemTypes: z.array(definition({ hierarchyCode: text.optional(), typeCode: text.optional() })).optional(),
    CFAssociationGroupings: z.array(definition({})).optional(),
  })
  .passthrough();

const level = z.object({ ...common, description: text.optional(), quality: text.optional(), score: z.number().optional(), feedback: text.optional(), position: z.number().int().optional() }).passthrough();
const criterion = z
  .object({
    ...common,
    category: text.optional(),
    description: text.optional(),
    CFItemURI: linkUri.optional(),
    weight: z.number().optional(),
    position: z.number().int().optional(),
    CFRubricCriterionLevels: z.array(level).optional(),
  })
  .passthrough();
const CaseRubric = z.object({ ...common, title: text.optional(), description: text.optional(), CFRubricCriteria: z.array(criterion).optional() }).passthrough();

/** CFPackage.Type: only the document is required; every list may be empty. */
export const CasePackageSchema = z
  .object({
    CFDocument: CaseDocument,
    CFItems: z.array(CaseItem).default([]),
    CFAssociations: z.array(CaseAssociation).default([]),
    CFDefinitions: CaseDefinitions.optional(),
    CFRubrics: z.array(CaseRubric).optional(),
  })
  .passthrough();

export type ParsedPackage = z.infer<typeof CasePackageSchema>;
