import { caseId } from './case';

/**
 * A synthetic but valid CASE 1.0 package the size of a real national framework: a document,
 * `items` items in a tree (areas, units, outcomes and criteria below them, joined by isChildOf),
 * some peer and precedes associations besides, and definitions of item types and concepts.
 * Statements run to a few hundred characters (with a Chinese translation), one item in ten has no humanCodingScheme, as in
 * published packages. Deterministic: the same arguments give the same bytes. `version` changes
 * a tenth of the statements and drops the last items, as a publisher's next edition would.
 */
export function syntheticCasePackage({ items = 4000, statementChars = 600, version = 1, prefix = 'bench' } = {}) {
  const at = `2026-0${version}-01T00:00:00+00:00`;
  const id = (name: string) => caseId(`${prefix}:${name}`);
  const link = (name: string, title: string) => ({ identifier: id(name), uri: `https://frameworks.example.org/uri/${id(name)}`, title });
  const doc = {
    identifier: id('doc'),
    uri: link('doc', 'doc').uri,
    creator: 'Synthetic Standards Board',
    title: `Synthetic vocational framework (${prefix})`,
    lastChangeDateTime: at,
    language: 'en',
    version: String(version),
    adoptionStatus: 'Adopted',
    subject: ['Logistics'],
    description: 'A generated framework for measuring imports.',
  };
  const types = ['Area', 'Unit', 'Outcome', 'Criterion'];
  const kept = version === 1 ? items : items - Math.floor(items / 50);
  const words = 'the learner plans checks records and explains each step of the work safely accurately and on time using the tools documents and systems of the workplace '.split(' ');
  const statement = (i: number) => {
    const out: string[] = [];
    for (let n = 0; out.join(' ').length < statementChars; n++) out.push(words[(i * 7 + n * 3 + version * (i % 10 === 0 ? 1 : 0)) % words.length]!);
    return `${i}: ${out.join(' ')}`.slice(0, statementChars);
  };
  const zhWords = '学习者按时安全准确地计划检查记录并说明工作的每一步使用工作场所的工具文件和系统';
  const zh = (i: number) => Array.from({ length: Math.floor(statementChars / 2) }, (_, n) => zhWords[(i + n * 5) % zhWords.length]).join('');
  // Item i's parent: the first 20 are areas under the document; then each item hangs below an
  // earlier one, so the tree is a few levels deep and wide.
  const parentOf = (i: number) => (i < 20 ? -1 : Math.floor((i - 20) / 8));
  const CFItems = Array.from({ length: kept }, (_, i) => ({
    identifier: id(`item-${i}`),
    uri: link(`item-${i}`, '').uri,
    fullStatement: statement(i),
    abbreviatedStatement: `Competency ${i}`,
    ...(i % 10 === 9 ? {} : { humanCodingScheme: `${prefix.toUpperCase()}.${i}` }),
    CFItemType: types[Math.min(3, Math.floor(Math.log(i + 1) / Math.log(8)))],
    CFItemTypeURI: link('type', 'Competency'),
    language: 'en',
    educationLevel: ['11', '12'],
    conceptKeywords: ['logistics', `topic-${i % 40}`],
    extensions: { translations: { 'zh-CN': { fullStatement: zh(i), abbreviatedStatement: `能力 ${i}` } } },
    notes: i % 5 === 0 ? 'Assessed in the workplace.' : null,
    lastChangeDateTime: at,
  }));
  const association = (name: string, type: string, from: string, to: string, sequenceNumber?: number) => ({
    identifier: id(`association:${name}`),
    associationType: type,
    uri: link(`association:${name}`, '').uri,
    lastChangeDateTime: at,
    originNodeURI: { identifier: from, uri: `https://frameworks.example.org/uri/${from}`, title: 'origin' },
    destinationNodeURI: { identifier: to, uri: `https://frameworks.example.org/uri/${to}`, title: 'destination' },
    ...(sequenceNumber === undefined ? {} : { sequenceNumber }),
  });
  const CFAssociations = [
    ...CFItems.map((item, i) => association(`child-${i}`, 'isChildOf', item.identifier, parentOf(i) < 0 ? doc.identifier : id(`item-${parentOf(i)}`), i % 8)),
    ...CFItems.filter((_, i) => i % 4 === 1 && i + 1 < kept).map((item, n) => association(`peer-${n}`, n % 2 ? 'isPeerOf' : 'precedes', item.identifier, id(`item-${n * 4 + 2}`))),
  ];
  const definition = (name: string, extra: Record<string, unknown>) => ({ ...link(name, name), lastChangeDateTime: at, ...extra });
  return {
    CFDocument: doc,
    CFItems,
    CFAssociations,
    CFDefinitions: {
      CFItemTypes: [definition('type', { description: 'Competency', hierarchyCode: '1', typeCode: 'competency' })],
      CFConcepts: Array.from({ length: 40 }, (_, i) => definition(`concept-${i}`, { keywords: `topic-${i}`, hierarchyCode: String(i) })),
    },
  };
}
