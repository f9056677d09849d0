import { describe, expect, it } from 'vitest';
import { loadFrameworkFile, parseCaseFramework } from '../../server/competency/framework';

describe('the shipped CASE framework', () => {
  const framework = loadFrameworkFile();

  it('builds a tree from isChildOf associations', () => {
    expect(framework.byCode.get('js.debugging')).toMatchObject({ parentCode: 'software', title: 'Debugging' });
    expect(framework.byCode.get('software')!.parentCode).toBeNull();
    expect(framework.items.every((i) => i.parentCode === null || framework.byCode.has(i.parentCode))).toBe(true);
  });

  it('rejects a malformed package naming the item and field', () => {
    const { framework: f, problems } = parseCaseFramework({
      CFDocument: { identifier: 'doc', title: 'T' },
      CFItems: [{ identifier: 'a', fullStatement: 'A' }],
    });
    expect(f).toBeUndefined();
    expect(problems).toEqual(['CFItems[0] (identifier a) humanCodingScheme: Invalid input: expected string, received undefined']);
  });

  it('rejects associations to unknown items and duplicate codes', () => {
    const { problems } = parseCaseFramework({
      CFDocument: { identifier: 'doc', title: 'T' },
      CFItems: [
        { identifier: 'a', humanCodingScheme: 'x', fullStatement: 'A' },
        { identifier: 'b', humanCodingScheme: 'x', fullStatement: 'B' },
      ],
      CFAssociations: [{ identifier: 'l', associationType: 'isChildOf', originNodeURI: { identifier: 'zz' }, destinationNodeURI: { identifier: 'doc' } }],
    });
    expect(problems).toEqual(['CFAssociations l: origin zz is not a CFItem', 'CFItems b: humanCodingScheme x is used twice']);
  });
});
