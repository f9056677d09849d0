import { z } from 'zod';

/**
 * The structure of a 1EdTech CASE 1.0 package (CFPackage), written in zod after the CASE 1.0
 * REST binding's type definitions (CFPackage.Type and the types it names): the field types, the
 * UUID identifiers, the association types. Nothing stricter than the spec: every list may be
 * empty, humanCodingScheme is optional and may repeat, no length limits but the body's.
 *
 * A few deliberate departures, all looser, so packages that real publishers emit and Practicum's
 * own translated framework import: fields the spec does not name pass through untouched (CASE
 * 1.1's `extensions` carry translations); the spec's required bookkeeping fields (`uri`,
 * `creator`, `lastChangeDateTime`, a link's `title`) are type-checked when present but not
 * demanded, since nothing here reads them; an optional field may be `null` (as absent), and a
 * sequenceNumber may be a string of digits (OpenSALT's own sample export has both). An export
 * gives back whatever came in.
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
export const linkUri = z.object({ identifier: uuid, uri: text.nullish(), title: text.nullish() }).passthrough();
/** LinkGenURI.Type: an association's end; its identifier may be any string (an external node's). */
export const linkGenUri = z.object({ identifier: text.min(1, 'is required'), uri: text.nullish(), title: text.nullish() }).passthrough();

const common = { identifier: uuid, uri: text.nullish(), lastChangeDateTime: text.nullish() };

/**
 * Other languages of an entity's texts, in CASE's extension point: `extensions.translations`,
 * keyed by language tag (`"zh-CN": { "title": … }` on the document; `abbreviatedStatement`,
 * `fullStatement` on an item). Unknown languages and keys pass through unread.
 */
const translationsOf = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object({ translations: z.object({ 'zh-CN': z.object(shape).partial().nullish() }).passthrough().nullish() })
    .passthrough()
    .nullish();

export const CaseDocument = z
  .object({
    ...common,
    creator: text.nullish(),
    title: text.min(1, 'is required'),
    officialSourceURL: text.nullish(),
    publisher: text.nullish(),
    description: text.nullish(),
    subject: texts.nullish(),
    subjectURI: z.array(linkUri).nullish(),
    language: text.nullish(),
    version: text.nullish(),
    adoptionStatus: text.nullish(),
    statusStartDate: text.nullish(),
    statusEndDate: text.nullish(),
    licenseURI: linkUri.nullish(),
    notes: text.nullish(),
    extensions: translationsOf({ title: text }),
  })
  .passthrough();

export const CaseItem = z
  .object({
    ...common,
    fullStatement: text,
    alternativeLabel: text.nullish(),
    CFItemType: text.nullish(),
    humanCodingScheme: text.nullish(),
    listEnumeration: text.nullish(),
    abbreviatedStatement: text.nullish(),
    conceptKeywords: texts.nullish(),
    conceptKeywordsURI: linkUri.nullish(),
    notes: text.nullish(),
    language: text.nullish(),
    educationLevel: texts.nullish(),
    CFItemTypeURI: linkUri.nullish(),
    licenseURI: linkUri.nullish(),
    statusStartDate: text.nullish(),
    statusEndDate: text.nullish(),
    extensions: translationsOf({ fullStatement: text, abbreviatedStatement: text }),
  })
  .passthrough();

// The type is a string here: framework.ts refuses an unknown one with the list of valid ones.
export const CaseAssociation = z
  .object({
    ...common,
    associationType: text,
    // An integer; some exporters write it as a string of digits.
    sequenceNumber: z.union([z.number().int(), z.string().regex(/^-?\d+$/, 'must be an integer')]).nullish(),
    originNodeURI: linkGenUri,
    destinationNodeURI: linkGenUri,
    CFAssociationGroupingURI: linkUri.nullish(),
  })
  .passthrough();

const definition = (shape: z.ZodRawShape) => z.object({ ...common, title: text.nullish(), description: text.nullish(), ...shape }).passthrough();

const CaseDefinitions = z
  .object({
    CFConcepts: z.array(definition({ keywords: text.nullish(), hierarchyCode: text.nullish() })).nullish(),
    CFSubjects: z.array(definition({ hierarchyCode: text.nullish() })).nullish(),
    CFLicenses: z.array(definition({ licenseText: text.nullish() })).nullish(),
    CFItemTypes: z.array(definition({ hierarchyCode: text.nullish(), typeCode: text.nullish() })).nullish(),
    CFAssociationGroupings: z.array(definition({})).nullish(),
  })
  .passthrough();

const level = z.object({ ...common, description: text.nullish(), quality: text.nullish(), score: z.number().nullish(), feedback: text.nullish(), position: z.number().int().nullish() }).passthrough();
const criterion = z
  .object({
    ...common,
    category: text.nullish(),
    description: text.nullish(),
    CFItemURI: linkUri.nullish(),
    weight: z.number().nullish(),
    position: z.number().int().nullish(),
    CFRubricCriterionLevels: z.array(level).nullish(),
  })
  .passthrough();
const CaseRubric = z.object({ ...common, title: text.nullish(), description: text.nullish(), CFRubricCriteria: z.array(criterion).nullish() }).passthrough();

/** CFPackage.Type: only the document is required; every list may be empty. */
export const CasePackageSchema = z
  .object({
    CFDocument: CaseDocument,
    CFItems: z.array(CaseItem).default([]),
    CFAssociations: z.array(CaseAssociation).default([]),
    CFDefinitions: CaseDefinitions.nullish(),
    CFRubrics: z.array(CaseRubric).nullish(),
  })
  .passthrough();

export type ParsedPackage = z.infer<typeof CasePackageSchema>;
