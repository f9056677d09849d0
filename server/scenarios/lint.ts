import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { filePathProblem } from '../contract/paths';
import { EQUIVALENTS_FILE, EquivalentsFile } from './equivalents';
import { explainIssues, issueMap, nearest, pathToString, type KeyIssue, type ProblemText } from './issues';
import { pathReferences, referenceExists } from './references';
import { fileIn, languagesOf, localizeRaw, missingTranslations } from './languages';
import { ANSWERS_FILE, ScenarioManifest, type ScenarioManifestT } from './schema';
import { plural } from '../contract/plural';
import { isItemIdentifier, type CompetencyLookup } from './competencyRefs';
import { competencyResolver } from './lintCompetencies';

export type PackageFiles = Map<string, string>;

/**
 * `key` and `params`, where a problem has them: its message in server/messages' catalogs
 * (`scenario.*`), so the editor shows it in the author's language; `message` is the English.
 */
export type PackageProblem = { file: string; path?: string; line?: number; message: string; key?: string; params?: Record<string, string | number> };

const withText = (text: ProblemText | undefined) => (text ? (text.params ? { key: text.key, params: text.params } : { key: text.key }) : {});

export type { CompetencyLookup } from './competencyRefs';

/** Where the package's name comes from: a folder (`scenarios check`) or the scenario a draft belongs to. */
export type LintOptions = { nameFrom?: 'folder' | 'scenario' };

type YamlRead<T> = { data?: T; problems: PackageProblem[]; lineOf: (p: PropertyKey[]) => number | undefined };

/**
 * Parses one YAML file of the package against its schema: YAML errors with their line, then
 * every schema problem with the path and line it is about (an unknown key at its own line).
 */
function readYaml<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
  top: string,
  /** Turns the parsed document into what the schema reads (per-language texts into one language), with its own problems. */
  prepare?: (raw: unknown) => { value: unknown; problems: KeyIssue[] },
): YamlRead<z.output<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => {
        const detail = e.message.split('\n')[0]!;
        return { file, line: lineCounter.linePos(e.pos[0]).line, message: `YAML: ${detail}`, key: 'scenario.yaml.syntax', params: { detail } };
      }),
      lineOf: () => undefined,
    };
  }
  const lineOf = (p: PropertyKey[], key?: string): number | undefined => {
    if (key !== undefined) {
      const map = nodeAt(doc, p);
      const pair = isMap(map) ? map.items.find((i) => isPair(i) && isScalar(i.key) && i.key.value === key) : undefined;
      if (pair && isScalar(pair.key) && pair.key.range) return lineCounter.linePos(pair.key.range[0]).line;
    }
    for (let n = p.length; n >= 0; n--) {
      const node = nodeAt(doc, p.slice(0, n));
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const { error, knownKeys, texts } = issueMap();
  const prepared = prepare ? prepare(doc.toJS()) : { value: doc.toJS(), problems: [] };
  const early = prepared.problems.map((i) => ({ file, path: pathToString(i.path) || '(top level)', line: lineOf(i.path, i.key), message: i.message, ...withText(i.text) }));
  const parsed = schema.safeParse(prepared.value, { error, reportInput: true });
  // Problems of per-language texts leave the document readable: the package's other checks still run.
  if (parsed.success) return { data: parsed.data, problems: early, lineOf };
  const isFlow = (p: PropertyKey[]) => {
    const node = nodeAt(doc, p);
    return isMap(node) && node.flow === true;
  };
  const problems = [
    ...early,
    ...explainIssues(parsed.error.issues, knownKeys, top, isFlow, texts).map((i) => ({
      file,
      path: pathToString(i.path) || '(top level)',
      line: lineOf(i.path, i.key),
      message: i.message,
      ...withText(i.text),
    })),
  ];
  return { problems, lineOf };
}

/** The files the manifest names, by role, in the words of the English message. */
const FILE_ROLES = {
  brief: 'the brief',
  instructions: 'the instructions file',
  checkFile: 'the check file',
  fixture: 'the fixture',
  starter: 'the starter file',
  solution: 'the solution file',
  verify: 'the verify query',
  body: 'the message body',
} as const;

const nodeAt = (doc: Document, p: PropertyKey[]) => (p.length === 0 ? doc.contents : doc.getIn(p as (string | number)[], true));

/**
 * Checks a package held in memory. Every problem is collected (not only the first), each naming
 * the file, the path inside it, the line where we can find it, and what was expected. Pure (no
 * Node APIs), so the authoring editor runs the very same checks in the browser as the author types.
 */
export function lintPackage(
  slug: string,
  files: PackageFiles,
  framework: CompetencyLookup,
  readProblems: PackageProblem[] = [],
  opts: LintOptions = {},
): { manifest?: ScenarioManifestT; problems: PackageProblem[] } {
  const problems = [...readProblems];
  // Files stored before the path rule (a draft's .git/config) must not be published again.
  for (const path of files.keys()) {
    const problem = filePathProblem(path);
    if (problem && !readProblems.some((p) => p.file === path)) problems.push({ file: path, message: `cannot be part of a package: ${problem}; delete it` });
  }
  const yamlText = files.get('scenario.yaml');
  if (yamlText === undefined) return { problems: [...problems, { file: 'scenario.yaml', message: 'is missing: every package needs one' }] };

  const read = readYaml('scenario.yaml', yamlText, ScenarioManifest, 'the scenario', (raw) => localizeRaw(raw));
  if (!read.data) return { problems: [...problems, ...read.problems] };
  problems.push(...read.problems);
  const manifest = read.data;
  const lineOf = read.lineOf;
  const at = (p: PropertyKey[], message: string, file = 'scenario.yaml') =>
    problems.push({ file, path: pathToString(p), line: file === 'scenario.yaml' ? lineOf(p) : undefined, message });
  const keyed = (p: PropertyKey[], message: string, key: string, params: Record<string, string | number>) =>
    problems.push({ file: 'scenario.yaml', path: pathToString(p), line: lineOf(p), message, key, params });
  /** `what`: the file's role, as `scenario.file.missing` names it (brief, instructions, checkFile…). */
  const mustExist = (p: PropertyKey[], file: string | undefined, what: keyof typeof FILE_ROLES) => {
    if (file !== undefined && !files.has(file)) keyed(p, `${FILE_ROLES[what]} ${file} does not exist in the package`, 'scenario.file.missing', { what, file });
  };

  if (manifest.id !== slug) {
    at(
      ['id'],
      opts.nameFrom === 'folder'
        ? `is "${manifest.id}" but the package folder is named "${slug}": they must be the same (write id: ${slug}, or rename the folder to ${manifest.id})`
        : `is "${manifest.id}" but this scenario's id is "${slug}", and it cannot change once the scenario exists: write id: ${slug} (to make a new scenario, copy this one under a new id)`,
    );
  }
  mustExist(['brief'], manifest.brief, 'brief');
  if (![...files.keys()].some((f) => f.startsWith('workspace/'))) at([], 'the package needs a workspace/ folder with the starter files', 'workspace/');
  if (![...files.keys()].some((f) => f.startsWith('solution/'))) at([], 'the package needs a solution/ folder with the reference solution', 'solution/');

  const resolve = competencyResolver(manifest, framework, keyed, at);
  manifest.competencies = manifest.competencies.map((c, i) => resolve(c, ['competencies', i]) ?? c);
  const declared = new Set(manifest.competencies);
  /** Weights may name a competency by identifier too: read as its code, so evidence is kept by code. */
  const checkWeights = (p: PropertyKey[], weights: Record<string, number>) => {
    for (const [ref, weight] of Object.entries(weights)) {
      const code = isItemIdentifier(ref) ? resolve(ref, [...p, ref]) : ref;
      // An identifier that names no competency is reported once, as unknown.
      if (code === undefined) continue;
      if (code !== ref) {
        delete weights[ref];
        weights[code] = weight;
      }
      if (!declared.has(code)) {
        const listed = [...declared].join(', ');
        keyed([...p, ref], `competency "${ref}" is not listed in the scenario's competencies (${listed}): add it there, or use one of those`, 'scenario.competency.notListed', { code: ref, listed });
      }
    }
  };

  const ids = new Map<string, string>();
  const unique = (kind: string, value: string, p: PropertyKey[]) => {
    const seen = ids.get(`${kind}:${value}`);
    if (seen) at(p, `${kind} id "${value}" is used twice (also at ${seen})`);
    else ids.set(`${kind}:${value}`, pathToString(p));
  };
  const taskIds = new Set(manifest.tasks.map((t) => t.id));

  for (const [ti, task] of manifest.tasks.entries()) {
    const tp = ['tasks', ti];
    unique('task', task.id, [...tp, 'id']);
    mustExist([...tp, 'instructions'], task.instructions, 'instructions');
    if (task.checks.length + task.rubric.length === 0) at(tp, `task "${task.id}" needs at least one check or rubric criterion`);
    for (const [ci, check] of task.checks.entries()) {
      const cp = [...tp, 'checks', ci];
      unique('check', check.id, [...cp, 'id']);
      checkWeights([...cp, 'competencies'], check.competencies);
      switch (check.kind) {
        case 'js':
        case 'ts':
          mustExist([...cp, 'file'], check.file, 'checkFile');
          break;
        case 'sql':
          for (const [fi, f] of check.fixture.entries()) mustExist([...cp, 'fixture', fi], f, 'fixture');
          mustExist([...cp, 'submission'], `workspace/${check.submission}`, 'starter');
          mustExist([...cp, 'submission'], `solution/${check.submission}`, 'solution');
          if (check.mode === 'state' && !check.verify) at([...cp, 'verify'], 'mode state needs a verify query file');
          mustExist([...cp, 'verify'], check.verify, 'verify');
          break;
        case 'answer':
          if (check.answer.type === 'choice') {
            const optionIds = new Set(check.answer.options.map((o) => o.id));
            for (const [k, c] of check.answer.correct.entries()) {
              if (!optionIds.has(c)) at([...cp, 'answer', 'correct', k], `"${c}" is not one of the options`);
            }
          }
          if (check.answer.type === 'text' && check.answer.match === 'regex') {
            try {
              new RegExp(check.answer.value);
            } catch (e) {
              at([...cp, 'answer', 'value'], `is not a valid regular expression: ${(e as Error).message}`);
            }
          }
          break;
        case 'file':
          mustExist([...cp, 'file'], `workspace/${check.file}`, 'starter');
          for (const [ai, a] of check.assertions.entries()) {
            if ('regex' in a) {
              try {
                new RegExp(a.regex, a.flags);
              } catch (e) {
                at([...cp, 'assertions', ai, 'regex'], `is not a valid regular expression: ${(e as Error).message}`);
              }
            }
          }
          break;
      }
    }
    if (task.data) {
      for (const [fi, f] of task.data.fixture.entries()) mustExist([...tp, 'data', 'fixture', fi], f, 'fixture');
      const seen = new Set<string>();
      for (const [k, name] of (task.data.tables ?? []).entries()) {
        if (seen.has(name.toLowerCase())) at([...tp, 'data', 'tables', k], `table "${name}" is listed twice`);
        seen.add(name.toLowerCase());
      }
    }
    for (const [ri, criterion] of task.rubric.entries()) {
      const rp = [...tp, 'rubric', ri];
      unique('rubric criterion', criterion.id, [...rp, 'id']);
      checkWeights([...rp, 'competencies'], criterion.competencies);
      const top = Math.max(...criterion.levels.map((l) => l.score));
      if (top !== criterion.points) at([...rp, 'levels'], `the highest level scores ${top} but the criterion is worth ${plural(criterion.points, 'point')}`);
    }
  }
  for (const [ei, event] of manifest.events.entries()) {
    const ep = ['events', ei];
    unique('event', event.id, [...ep, 'id']);
    mustExist([...ep, 'body'], event.body, 'body');
    for (const key of ['after', 'unlocks'] as const) {
      const ref = event[key]?.match(/^task:(.+)$/)?.[1];
      if (ref && !taskIds.has(ref)) at([...ep, key], `task "${ref}" does not exist`);
    }
  }
  // A bilingual package: every file a student reads has its translation beside it.
  const { language, languages } = languagesOf(manifest);
  if (manifest.languages && !manifest.languages.includes(language)) {
    at(['languages'], `lists the languages the package is complete in, so it includes its default language ${language} (\`language\`): languages: [${languages.join(', ')}]`);
  }
  for (const m of missingTranslations(manifest, files)) {
    problems.push({
      file: m.translation,
      message: `is missing: the package says it is complete in ${m.language} (\`languages\`), so ${m.file} needs its ${m.language} version ${m.translation}`,
      key: 'scenario.language.missingFile',
      params: { language: m.language, file: m.file, translation: m.translation },
    });
  }
  const answerIds = manifest.tasks.flatMap((t) => t.checks.filter((c) => c.kind === 'answer').map((c) => c.id));
  if (answerIds.length > 0 && !files.has(`workspace/${ANSWERS_FILE}`)) {
    at([], `the package has answer checks, so workspace/${ANSWERS_FILE} must exist (the student's answers are kept there)`, `workspace/${ANSWERS_FILE}`);
  }
  problems.push(...answersKeyProblems(files, answerIds));
  problems.push(...referenceProblems(manifest, files));
  const equivalents = files.get(EQUIVALENTS_FILE);
  if (equivalents !== undefined) problems.push(...equivalentsProblems(equivalents));
  if (problems.length > 0) return { problems };
  return { manifest, problems };
}

export function formatProblem(p: PackageProblem): string {
  const where = [p.file, p.line !== undefined ? `line ${p.line}` : undefined].filter(Boolean).join(':');
  return `${where}${p.path ? ` at ${p.path}` : ''}: ${p.message}`;
}

/**
 * answers.json holds one answer per answer check, under the check's id: a key that is no
 * check's id (a typo, a question's title) would leave the check with "No answer given".
 */
function answersKeyProblems(files: PackageFiles, answerIds: string[]): PackageProblem[] {
  const problems: PackageProblem[] = [];
  for (const folder of ['workspace', 'solution']) {
    const file = `${folder}/${ANSWERS_FILE}`;
    const text = files.get(file);
    if (text === undefined || text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      problems.push({ file, message: `is not valid JSON (${(e as Error).message})` });
      continue;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      problems.push({ file, message: 'must hold a JSON object with one key per answer check, e.g. { "<check id>": "" }' });
      continue;
    }
    const expected = answerIds.length > 0 ? `the ids of the answer checks: ${answerIds.join(', ')}` : 'the ids of answer checks, and this package has none';
    for (const key of Object.keys(parsed)) {
      if (answerIds.includes(key)) continue;
      const [near] = nearest(key, answerIds);
      problems.push({ file, message: `key "${key}" is not the id of an answer check${near ? ` — did you mean "${near}"?` : ''} Answers are kept under ${expected}` });
    }
  }
  return problems;
}

/** A brief, task or message that names a file (`data/orders.sql`) the package does not have. */
function referenceProblems(manifest: ScenarioManifestT, files: PackageFiles): PackageProblem[] {
  const { language, languages } = languagesOf(manifest);
  const texts = new Set(
    [manifest.brief, ...manifest.tasks.map((t) => t.instructions), ...manifest.events.map((e) => e.body)].flatMap((f) => languages.map((l) => fileIn(f, l, language))),
  );
  const problems: PackageProblem[] = [];
  for (const file of texts) {
    const text = files.get(file);
    if (text === undefined) continue;
    for (const ref of pathReferences(text)) {
      if (referenceExists(ref.path, files)) continue;
      problems.push({
        file,
        line: ref.line,
        message: `names \`${ref.path}\`, which is not in the package (neither in workspace/ nor in solution/): correct the path, add the file to workspace/, or reword the sentence`,
      });
    }
  }
  return problems;
}

function equivalentsProblems(text: string): PackageProblem[] {
  const read = readYaml(EQUIVALENTS_FILE, text, EquivalentsFile, EQUIVALENTS_FILE);
  if (!read.data) return read.problems;
  const seen = new Map<string, number>();
  const problems: PackageProblem[] = [];
  for (const [i, mark] of read.data.equivalent.entries()) {
    const first = seen.get(mark.id);
    if (first !== undefined) problems.push({ file: EQUIVALENTS_FILE, path: `equivalent[${i}].id`, line: read.lineOf(['equivalent', i, 'id']), message: `marks the same mutant as equivalent[${first}]` });
    else seen.set(mark.id, i);
  }
  return problems;
}
