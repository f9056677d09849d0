import { createHash } from 'node:crypto';

/**
 * A CASE identifier (a UUID, as CASE 1.0 requires) derived from a readable name, so a test can
 * write `caseId('school-a')` and find the same identifier again. Shaped like a version-5 UUID.
 */
export function caseId(name: string): string {
  const h = createHash('sha1').update(`practicum-test:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A small valid CASE item: `code` is its humanCodingScheme and the name its identifier comes from. */
export const caseItem = (code: string, statement = code) => ({ identifier: caseId(code), humanCodingScheme: code, fullStatement: statement });

/** A CASE isChildOf association from one identifier to another (item or document). */
export const childOf = (name: string, child: string, parent: string, sequenceNumber?: number) => ({
  identifier: caseId(`association:${name}`),
  associationType: 'isChildOf',
  originNodeURI: { identifier: child, uri: `urn:test:${child}`, title: 'child' },
  destinationNodeURI: { identifier: parent, uri: `urn:test:${parent}`, title: 'parent' },
  ...(sequenceNumber === undefined ? {} : { sequenceNumber }),
});
