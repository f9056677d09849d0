import i18next from 'i18next';
import { isMap, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, type Document } from 'yaml';
import { editYaml, parseForEdit } from './yamlEdit';

/**
 * Reading and editing the rubric criteria of a task in `scenario.yaml` text, for the rubric form.
 * Every edit goes through the `yaml` Document API and `editYaml`, so comments, key order and the
 * author's formatting of everything else survive. Values are read loosely (a half-written
 * criterion still shows in the form, with its problems) and written as the schema wants them.
 */

export type LevelDraft = { score: number | null; text: string };
export type WeightDraft = { code: string; weight: number | null };
export type CriterionDraft = {
  id: string;
  title: string;
  description: string;
  points: number | null;
  levels: LevelDraft[];
  competencies: WeightDraft[];
};

export type TaskRef = { id: string; title: string };

export type ManifestOutline = { tasks: TaskRef[]; competencies: string[] };

export const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

function tasksSeq(doc: Document): YAMLSeq | null {
  const tasks = doc.get('tasks', true);
  return isSeq(tasks) ? tasks : null;
}

function taskMap(doc: Document, taskId: string): YAMLMap | null {
  const task = tasksSeq(doc)?.items.find((t) => isMap(t) && text(t.get('id')) === taskId);
  return isMap(task) ? task : null;
}

function rubricSeq(task: YAMLMap): YAMLSeq | null {
  const rubric = task.get('rubric', true);
  return isSeq(rubric) ? rubric : null;
}

/** The tasks (id and title) and the scenario's competency codes; throws YamlSyntaxError when the text does not parse. */
export function readOutline(yamlText: string): ManifestOutline {
  const doc = parseForEdit(yamlText);
  const tasks = (tasksSeq(doc)?.items ?? []).filter(isMap).map((t) => ({ id: text(t.get('id')), title: text(t.get('title')) }));
  const listed = doc.get('competencies', true);
  const competencies = isSeq(listed) ? listed.items.map((c) => (isScalar(c) ? text(c.value) : '')).filter(Boolean) : [];
  return { tasks, competencies };
}

function criterionOf(node: unknown): CriterionDraft {
  const m = isMap(node) ? node : new YAMLMap();
  const levels = m.get('levels', true);
  const weights = m.get('competencies', true);
  return {
    id: text(m.get('id')),
    title: text(m.get('title')),
    description: text(m.get('description')),
    points: num(m.get('points')),
    levels: isSeq(levels) ? levels.items.map((l) => (isMap(l) ? { score: num(l.get('score')), text: text(l.get('text')) } : { score: null, text: '' })) : [],
    competencies: isMap(weights) ? weights.items.map((p) => ({ code: isScalar(p.key) ? text(p.key.value) : '', weight: num(isScalar(p.value) ? p.value.value : null) })) : [],
  };
}

/** The task's criteria in file order, or null when there is no task with that id. */
export function readRubric(yamlText: string, taskId: string): CriterionDraft[] | null {
  const task = taskMap(parseForEdit(yamlText), taskId);
  if (!task) return null;
  return (rubricSeq(task)?.items ?? []).map(criterionOf);
}

/** Every rubric criterion id of the scenario with where it is, for the uniqueness rule. */
export function criterionIds(yamlText: string): { taskId: string; id: string; index: number }[] {
  const doc = parseForEdit(yamlText);
  return (tasksSeq(doc)?.items ?? []).filter(isMap).flatMap((t) =>
    (rubricSeq(t)?.items ?? []).map((c, index) => ({ taskId: text(t.get('id')), id: isMap(c) ? text(c.get('id')) : '', index })),
  );
}

function mustTask(doc: Document, taskId: string): YAMLMap {
  const task = taskMap(doc, taskId);
  if (!task) throw new Error(i18next.t('authoring:rubric.noSuchTask', { task: taskId }));
  return task;
}

/** Sets a key only when its value changed, so an untouched scalar keeps its quoting and comment. */
function setIfChanged(map: YAMLMap, key: string, value: string | number, after?: string): void {
  const current = map.get(key, true);
  if (isScalar(current)) {
    if (current.value !== value) current.value = value;
    return;
  }
  const pair = new Pair(new Scalar(key), new Scalar(value));
  const at = after ? map.items.findIndex((p) => isScalar(p.key) && p.key.value === after) : -1;
  if (at >= 0) map.items.splice(at + 1, 0, pair);
  else map.items.push(pair);
}

function flowMap(doc: Document, value: Record<string, unknown>): YAMLMap {
  const node = doc.createNode(value) as YAMLMap;
  node.flow = true;
  return node;
}

const levelValue = (l: LevelDraft) => ({ score: l.score ?? 0, text: l.text });
const weightsValue = (c: CriterionDraft) => Object.fromEntries(c.competencies.map((w) => [w.code, w.weight ?? 0]));

/** The scenario must list every competency a criterion weighs: codes new to it are appended. */
function declareCompetencies(doc: Document, codes: string[]): void {
  const listed = doc.get('competencies', true);
  if (!isSeq(listed)) {
    if (codes.length > 0 && listed === undefined) {
      const seq = doc.createNode(codes) as YAMLSeq;
      seq.flow = true;
      doc.set('competencies', seq);
    }
    return;
  }
  const have = new Set(listed.items.map((c) => (isScalar(c) ? text(c.value) : '')));
  for (const code of codes) if (!have.has(code)) listed.items.push(doc.createNode(code));
}

function writeCriterion(doc: Document, node: YAMLMap, c: CriterionDraft): void {
  setIfChanged(node, 'id', c.id.trim());
  setIfChanged(node, 'title', c.title.trim(), 'id');
  if (c.description.trim()) setIfChanged(node, 'description', c.description.trim(), 'title');
  else node.delete('description');
  setIfChanged(node, 'points', c.points ?? 0, c.description.trim() ? 'description' : 'title');

  const levels: unknown = node.get('levels', true);
  const seq = isSeq(levels) ? levels : new YAMLSeq();
  if (seq !== levels) node.set('levels', seq);
  const flowItems = seq.items.length === 0 || seq.items.some((l) => isMap(l) && l.flow);
  c.levels.forEach((l, i) => {
    const item = seq.items[i];
    if (isMap(item)) {
      setIfChanged(item, 'score', l.score ?? 0);
      setIfChanged(item, 'text', l.text, 'score');
    } else {
      const created = doc.createNode(levelValue(l)) as YAMLMap;
      created.flow = flowItems;
      if (i < seq.items.length) seq.items[i] = created;
      else seq.items.push(created);
    }
  });
  seq.items.splice(c.levels.length);

  const weights = node.get('competencies', true);
  if (!isMap(weights)) {
    node.set('competencies', flowMap(doc, weightsValue(c)));
  } else {
    const wanted = new Set(c.competencies.map((w) => w.code));
    weights.items = weights.items.filter((p) => isScalar(p.key) && wanted.has(text(p.key.value)));
    for (const w of c.competencies) setIfChanged(weights, w.code, w.weight ?? 0);
  }
  declareCompetencies(
    doc,
    c.competencies.map((w) => w.code),
  );
}

/** Appends a criterion to the task's rubric (creating the rubric), laid out like the sample scenarios. */
export function addCriterion(yamlText: string, taskId: string, c: CriterionDraft): string {
  return editYaml(yamlText, (doc) => {
    const task = mustTask(doc, taskId);
    const node = doc.createNode({
      id: c.id.trim(),
      title: c.title.trim(),
      ...(c.description.trim() ? { description: c.description.trim() } : {}),
      points: c.points ?? 0,
    }) as YAMLMap;
    writeCriterion(doc, node, c);
    const rubric = rubricSeq(task);
    if (rubric) rubric.items.push(node);
    else {
      const seq = new YAMLSeq();
      seq.items.push(node);
      task.set('rubric', seq);
    }
  });
}

/** Rewrites the criterion at `index` of the task's rubric, changing only what differs. */
export function updateCriterion(yamlText: string, taskId: string, index: number, c: CriterionDraft): string {
  return editYaml(yamlText, (doc) => {
    const node = rubricSeq(mustTask(doc, taskId))?.items[index];
    if (!isMap(node)) throw new Error(i18next.t('authoring:yaml.noCriterion', { task: taskId, n: index + 1 }));
    writeCriterion(doc, node, c);
  });
}

/** Removes the criterion at `index`; a rubric left empty goes with it. */
export function removeCriterion(yamlText: string, taskId: string, index: number): string {
  return editYaml(yamlText, (doc) => {
    const task = mustTask(doc, taskId);
    const rubric = rubricSeq(task);
    if (!rubric || index < 0 || index >= rubric.items.length) return;
    rubric.items.splice(index, 1);
    if (rubric.items.length === 0) task.delete('rubric');
  });
}

/** Moves a criterion (with its comments) to another place in the task's rubric. */
export function moveCriterion(yamlText: string, taskId: string, from: number, to: number): string {
  return editYaml(yamlText, (doc) => {
    const rubric = rubricSeq(mustTask(doc, taskId));
    if (!rubric || from === to || from < 0 || to < 0 || from >= rubric.items.length || to >= rubric.items.length) return;
    // A comment above the first item is parsed as the list's; it reads as the item's, so it moves with it.
    const first = rubric.items[0];
    if (rubric.commentBefore && isMap(first)) {
      first.commentBefore = [rubric.commentBefore, first.commentBefore].filter(Boolean).join('\n');
      rubric.commentBefore = undefined;
    }
    const [item] = rubric.items.splice(from, 1);
    rubric.items.splice(to, 0, item);
  });
}

export type CriterionErrors = Partial<Record<'id' | 'title' | 'points' | 'levels' | 'competencies', string>> & {
  level?: Record<number, { score?: string; text?: string }>;
  weight?: Record<number, string>;
};

/**
 * The rules the package checks apply to a criterion, said for the form: the top level scores the
 * points, at least two levels, weights above 0 and at most 1, an id no other criterion uses.
 */
export function validateCriterion(c: CriterionDraft, idsInUse: string[] = []): CriterionErrors {
  const errors: CriterionErrors = {};
  const id = c.id.trim();
  if (!id) errors.id = i18next.t('authoring:criterion.errors.idMissing');
  else if (!ID_PATTERN.test(id)) errors.id = i18next.t('authoring:criterion.errors.idPattern');
  else if (idsInUse.includes(id)) errors.id = i18next.t('authoring:criterion.errors.idTaken', { id });

  if (!c.title.trim()) errors.title = i18next.t('authoring:criterion.errors.titleMissing');
  else if (c.title.trim().length > 200) errors.title = i18next.t('authoring:criterion.errors.titleLong');

  if (c.points === null) errors.points = i18next.t('authoring:criterion.errors.pointsMissing');
  else if (!(c.points > 0)) errors.points = i18next.t('authoring:criterion.errors.pointsPositive');

  const level: NonNullable<CriterionErrors['level']> = {};
  c.levels.forEach((l, i) => {
    const e: { score?: string; text?: string } = {};
    if (l.score === null) e.score = i18next.t('authoring:criterion.errors.score');
    else if (l.score < 0) e.score = i18next.t('authoring:criterion.errors.scoreNegative');
    if (!l.text.trim()) e.text = i18next.t('authoring:criterion.errors.levelText');
    if (e.score || e.text) level[i] = e;
  });
  if (Object.keys(level).length > 0) errors.level = level;
  if (c.levels.length < 2) errors.levels = i18next.t('authoring:criterion.errors.twoLevels');
  else if (c.points !== null && c.points > 0 && !errors.level) {
    const top = Math.max(...c.levels.map((l) => l.score ?? 0));
    if (top !== c.points) errors.levels = i18next.t('authoring:criterion.errors.topMismatch', { top, points: c.points });
  }

  const weight: Record<number, string> = {};
  c.competencies.forEach((w, i) => {
    if (w.weight === null || !(w.weight > 0) || w.weight > 1) weight[i] = i18next.t('authoring:criterion.errors.oneWeight');
  });
  if (Object.keys(weight).length > 0) errors.weight = weight;
  if (c.competencies.length === 0) errors.competencies = i18next.t('authoring:criterion.errors.competencyMissing');
  else if (errors.weight) errors.competencies = i18next.t('authoring:criterion.errors.weight');
  return errors;
}

export const hasErrors = (e: CriterionErrors) => Object.keys(e).length > 0;

/** A new criterion's starting point: three levels, as most rubrics in the samples have. */
export function blankCriterion(): CriterionDraft {
  return {
    id: '',
    title: '',
    description: '',
    points: 10,
    levels: [
      { score: 0, text: i18next.t('authoring:criterion.missingLevel') },
      { score: 5, text: '' },
      { score: 10, text: '' },
    ],
    competencies: [],
  };
}

/** An id from a title: "Explains the fix" → "explains-the-fix". */
export function idFromTitle(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}
