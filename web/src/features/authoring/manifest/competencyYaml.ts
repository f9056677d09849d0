import i18next from 'i18next';
import { isMap, isScalar, isSeq, YAMLMap, type Document } from 'yaml';
import { editYaml, parseForEdit } from './yamlEdit';

/**
 * The scenario's `competencies` list and the competency weights of its checks, read from and
 * written to `scenario.yaml` text (comments and formatting kept, as for the rubric).
 */

export type WeightUse = { code: string; where: string };

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Which checks and criteria weigh each competency ("check rounding-hidden"), for removal warnings. */
export function weightUses(yamlText: string): WeightUse[] {
  const doc = parseForEdit(yamlText);
  const tasks = doc.get('tasks', true);
  if (!isSeq(tasks)) return [];
  const uses: WeightUse[] = [];
  for (const task of tasks.items) {
    if (!isMap(task)) continue;
    for (const [listKey, label] of [
      ['checks', 'check'],
      ['rubric', 'criterion'],
    ] as const) {
      const list = task.get(listKey, true);
      if (!isSeq(list)) continue;
      for (const item of list.items) {
        if (!isMap(item)) continue;
        const weights = item.get('competencies', true);
        if (!isMap(weights)) continue;
        for (const pair of weights.items) {
          if (isScalar(pair.key)) uses.push({ code: str(pair.key.value), where: i18next.t('authoring:yaml.where', { kind: label, id: str(item.get('id')) || i18next.t('authoring:yaml.noId') }) });
        }
      }
    }
  }
  return uses;
}

/** Makes the scenario's list exactly `codes`: kept entries keep their comments, new ones are appended. */
export function setScenarioCompetencies(yamlText: string, codes: string[]): string {
  return editYaml(yamlText, (doc: Document) => {
    const listed = doc.get('competencies', true);
    if (!isSeq(listed)) {
      const seq = doc.createNode(codes);
      seq.flow = true;
      doc.set('competencies', seq);
      return;
    }
    const wanted = new Set(codes);
    listed.items = listed.items.filter((c) => isScalar(c) && wanted.has(str(c.value)));
    const have = new Set(listed.items.map((c) => (isScalar(c) ? str(c.value) : '')));
    for (const code of codes) if (!have.has(code)) listed.items.push(doc.createNode(code));
  });
}

export type CheckWeights = { taskId: string; checkId: string; title: string; weights: { code: string; weight: number | null }[] };

/** Every check with its competency weights, in file order. */
export function readCheckWeights(yamlText: string): CheckWeights[] {
  const doc = parseForEdit(yamlText);
  const tasks = doc.get('tasks', true);
  if (!isSeq(tasks)) return [];
  return tasks.items.filter(isMap).flatMap((task) => {
    const checks = task.get('checks', true);
    if (!isSeq(checks)) return [];
    return checks.items.filter(isMap).map((check) => {
      const weights = check.get('competencies', true);
      return {
        taskId: str(task.get('id')),
        checkId: str(check.get('id')),
        title: str(check.get('title')),
        weights: isMap(weights)
          ? weights.items.map((p) => {
              const v = isScalar(p.value) ? p.value.value : null;
              return { code: isScalar(p.key) ? str(p.key.value) : '', weight: typeof v === 'number' ? v : null };
            })
          : [],
      };
    });
  });
}

/** Sets a check's weights (codes new to the scenario are added to its list, as for criteria). */
export function setCheckWeights(yamlText: string, taskId: string, checkId: string, weights: { code: string; weight: number }[]): string {
  return editYaml(yamlText, (doc) => {
    const tasks = doc.get('tasks', true);
    const task = isSeq(tasks) ? tasks.items.find((t) => isMap(t) && str(t.get('id')) === taskId) : undefined;
    const checks = isMap(task) ? task.get('checks', true) : undefined;
    const check = isSeq(checks) ? checks.items.find((c) => isMap(c) && str(c.get('id')) === checkId) : undefined;
    if (!isMap(check)) throw new Error(i18next.t('authoring:yaml.noCheck', { check: checkId, task: taskId }));
    const current = check.get('competencies', true);
    if (!isMap(current)) {
      const map = doc.createNode(Object.fromEntries(weights.map((w) => [w.code, w.weight]))) as YAMLMap;
      map.flow = true;
      check.set('competencies', map);
    } else {
      const wanted = new Set(weights.map((w) => w.code));
      current.items = current.items.filter((p) => isScalar(p.key) && wanted.has(str(p.key.value)));
      for (const w of weights) {
        const node = current.get(w.code, true);
        if (isScalar(node)) {
          if (node.value !== w.weight) node.value = w.weight;
        } else current.set(w.code, w.weight);
      }
    }
    const listed = doc.get('competencies', true);
    if (isSeq(listed)) {
      const have = new Set(listed.items.map((c) => (isScalar(c) ? str(c.value) : '')));
      for (const w of weights) if (!have.has(w.code)) listed.items.push(doc.createNode(w.code));
    }
  });
}
