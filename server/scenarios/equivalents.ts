import { isMap, isSeq, parseDocument, YAMLSeq } from 'yaml';
import { z } from 'zod';

/**
 * Surviving mutants an author judged equivalent (they behave exactly as the solution, so no
 * check can catch them), kept in the package as `mutants.yaml` beside scenario.yaml: a file of
 * its own, so marking one never rewrites the author's manifest, and it travels with the package
 * through zip export and git. Validation leaves marked mutants out of the check strength.
 *
 * A mark names its mutant by `id`: a hash of the file, the mutation and the full text it changes
 * (server/scenarios/validate.ts), never a line number, so editing other lines keeps it and
 * changing the mutated line un-marks it. `file`, `mutation`, `before` and `after` are there for
 * people reading the file or its git diff. Pure (no Node APIs): the editor writes marks too.
 */

export const EQUIVALENTS_FILE = 'mutants.yaml';

export const MUTANT_ID = /^[0-9a-f]{16}$/;

export const EquivalentMark = z.strictObject({
  id: z.string().regex(MUTANT_ID, 'must be the 16-character id validation gave the mutant'),
  file: z.string().min(1).max(300),
  mutation: z.string().min(1).max(300),
  before: z.string().max(2000),
  after: z.string().max(2000),
  reason: z.string().trim().min(3, 'say why the mutant changes nothing (at least 3 characters)').max(1000, 'must be at most 1000 characters'),
});

export const EquivalentsFile = z.strictObject({ equivalent: z.array(EquivalentMark).default([]) });

export type EquivalentMarkT = z.infer<typeof EquivalentMark>;

const HEADER = [
  '# Surviving mutants judged equivalent: each behaves exactly as the reference solution, so no',
  '# check can catch it. Validation leaves them out of the check strength. A mark names its mutant',
  '# by id (file, mutation and the changed text): when that line changes, the mark stops counting.',
  '',
].join('\n');

/** The marks of a file's text; an unreadable file has none (the package checks report why). */
export function readEquivalents(text: string | undefined): EquivalentMarkT[] {
  if (text === undefined || text.trim() === '') return [];
  try {
    const parsed = EquivalentsFile.safeParse(parseDocument(text).toJS());
    return parsed.success ? parsed.data.equivalent : [];
  } catch {
    return [];
  }
}

/** The file's text with `mark` added (or its reason replaced when the id is marked already). */
export function withEquivalent(text: string | undefined, mark: EquivalentMarkT): string {
  const doc = parseDocument(text && text.trim() !== '' ? text : `${HEADER}equivalent: []\n`);
  if (!isMap(doc.contents)) throw new Error(`${EQUIVALENTS_FILE} must be a mapping with the key "equivalent"`);
  let list = doc.get('equivalent', true);
  if (!isSeq(list)) {
    list = new YAMLSeq();
    doc.set('equivalent', list);
  }
  const seq = list as YAMLSeq;
  seq.flow = false;
  const entry = { id: mark.id, file: mark.file, mutation: mark.mutation, before: mark.before, after: mark.after, reason: mark.reason.trim() };
  const at = seq.items.findIndex((item) => isMap(item) && item.get('id') === mark.id);
  if (at === -1) seq.add(doc.createNode(entry));
  else seq.items[at] = doc.createNode(entry);
  return doc.toString({ lineWidth: 0 });
}

/** The file's text without the mark for `id`. */
export function withoutEquivalent(text: string, id: string): string {
  const doc = parseDocument(text);
  const list = doc.get('equivalent', true);
  if (!isSeq(list)) return text;
  list.items = list.items.filter((item) => !(isMap(item) && item.get('id') === id));
  return doc.toString({ lineWidth: 0 });
}
