import type { RubricCriterionView } from '../contract/review';
import type { ScenarioManifestT } from '../scenarios/schema';

/**
 * A review item keeps the rubric it was scored against (in the package's default language). A
 * bilingual package's reader gets its words in their language, from the manifest read in it;
 * only words move: scores, points and ids stay the snapshot's, and a criterion whose levels no
 * longer line up with the snapshot keeps its stored words.
 */
export function rubricInLanguage(stored: RubricCriterionView[], manifest: ScenarioManifestT): RubricCriterionView[] {
  const translated = new Map(manifest.tasks.flatMap((t) => t.rubric).map((c) => [c.id, c]));
  return stored.map((c) => {
    const t = translated.get(c.id);
    if (!t || t.levels.length !== c.levels.length || t.levels.some((l, i) => l.score !== c.levels[i]!.score)) return c;
    return { ...c, title: t.title, description: t.description ?? c.description, levels: c.levels.map((l, i) => ({ ...l, text: t.levels[i]!.text })) };
  });
}
