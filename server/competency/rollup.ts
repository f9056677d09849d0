import type { RollUp } from '../contract/competency';
import { levelOf, type ProficiencyLevel } from './mastery';

type Entry = { code: string; parent: string | null; value: number | null; attempts: number };

/**
 * Roll-ups for the parents of a record's tree: a parent (a framework's "Data and SQL") rarely
 * has evidence of its own, while its children do. Its roll-up is the mean of its children's
 * mastery weighted by the pieces of work behind each, so a child assessed once weighs less
 * than one assessed four times. A child counts with its own mastery when it has one, else with
 * its own roll-up (and the work under it). Children without evidence do not count: nothing is
 * known of them, which is not the same as zero. Only parents with some evidence below them
 * get one; it never replaces a competency's own mastery.
 */
export function rollUps(entries: Entry[], levels: ProficiencyLevel[]): Map<string, RollUp> {
  const childrenOf = new Map<string, Entry[]>();
  for (const e of entries) if (e.parent !== null) (childrenOf.get(e.parent) ?? childrenOf.set(e.parent, []).get(e.parent)!).push(e);
  const out = new Map<string, RollUp>();
  const seen = new Set<string>();
  // Children before parents, whatever order the entries came in (the import refuses cycles; `seen` guards anyway).
  const visit = (entry: Entry): void => {
    if (seen.has(entry.code)) return;
    seen.add(entry.code);
    const children = childrenOf.get(entry.code) ?? [];
    let sum = 0;
    let work = 0;
    let competencies = 0;
    for (const child of children) {
      visit(child);
      if (child.value !== null && child.attempts > 0) {
        sum += child.value * child.attempts;
        work += child.attempts;
        competencies += 1;
      } else {
        const below = out.get(child.code);
        if (!below) continue;
        sum += below.value * below.work;
        work += below.work;
        competencies += below.competencies;
      }
    }
    if (work === 0) return;
    const value = sum / work;
    out.set(entry.code, { value, level: levelOf(value, levels)?.id ?? null, competencies, work });
  };
  for (const e of entries) visit(e);
  return out;
}
