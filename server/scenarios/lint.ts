import { LineCounter, parseDocument, isNode } from 'yaml';
import { filePathProblem } from '../contract/paths';
import { ANSWERS_FILE, ScenarioManifest, type ScenarioManifestT } from './schema';

export type PackageFiles = Map<string, string>;

export type PackageProblem = { file: string; path?: string; line?: number; message: string };

/**
 * What the checks need to know of the competency frameworks: which codes exist, and how to name
 * where they were looked up (`the framework <title>`, or `where` when given).
 */
export type CompetencyLookup = { title: string; where?: string; byCode: { has(code: string): boolean } };

const pathToString = (p: PropertyKey[]) =>
  p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');

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
): { manifest?: ScenarioManifestT; problems: PackageProblem[] } {
  const problems = [...readProblems];
  // Files stored before the path rule (a draft's .git/config) must not be published again.
  for (const path of files.keys()) {
    const problem = filePathProblem(path);
    if (problem && !readProblems.some((p) => p.file === path)) problems.push({ file: path, message: `cannot be part of a package: ${problem}; delete it` });
  }
  const yamlText = files.get('scenario.yaml');
  if (yamlText === undefined) return { problems: [...problems, { file: 'scenario.yaml', message: 'is missing: every package needs one' }] };

  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      problems: [
        ...problems,
        ...doc.errors.map((e) => ({ file: 'scenario.yaml', line: lineCounter.linePos(e.pos[0]).line, message: `YAML: ${e.message.split('\n')[0]}` })),
      ],
    };
  }
  const lineOf = (p: PropertyKey[]): number | undefined => {
    for (let n = p.length; n >= 0; n--) {
      const node = doc.getIn(p.slice(0, n) as (string | number)[], true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };

  const parsed = ScenarioManifest.safeParse(doc.toJS());
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ file: 'scenario.yaml', path: pathToString(issue.path) || '(top level)', line: lineOf(issue.path), message: issue.message });
    }
    return { problems };
  }
  const manifest = parsed.data;
  const at = (p: PropertyKey[], message: string, file = 'scenario.yaml') =>
    problems.push({ file, path: pathToString(p), line: file === 'scenario.yaml' ? lineOf(p) : undefined, message });
  const mustExist = (p: PropertyKey[], file: string | undefined, what: string) => {
    if (file !== undefined && !files.has(file)) at(p, `${what} ${file} does not exist in the package`);
  };

  if (manifest.id !== slug) at(['id'], `must stay "${slug}": it names the package folder, and the scenario once published`);
  mustExist(['brief'], manifest.brief, 'the brief');
  if (![...files.keys()].some((f) => f.startsWith('workspace/'))) at([], 'the package needs a workspace/ folder with the starter files', 'workspace/');
  if (![...files.keys()].some((f) => f.startsWith('solution/'))) at([], 'the package needs a solution/ folder with the reference solution', 'solution/');

  for (const [i, c] of manifest.competencies.entries()) {
    if (!framework.byCode.has(c)) at(['competencies', i], `competency "${c}" is not in ${framework.where ?? `the framework ${framework.title}`}`);
  }
  const declared = new Set(manifest.competencies);
  const checkWeights = (p: PropertyKey[], weights: Record<string, number>) => {
    for (const code of Object.keys(weights)) {
      if (!declared.has(code)) at([...p, code], `competency "${code}" is not listed in the scenario's competencies`);
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
    mustExist([...tp, 'instructions'], task.instructions, 'the instructions file');
    if (task.checks.length + task.rubric.length === 0) at(tp, `task "${task.id}" needs at least one check or rubric criterion`);
    for (const [ci, check] of task.checks.entries()) {
      const cp = [...tp, 'checks', ci];
      unique('check', check.id, [...cp, 'id']);
      checkWeights([...cp, 'competencies'], check.competencies);
      switch (check.kind) {
        case 'js':
        case 'ts':
          mustExist([...cp, 'file'], check.file, 'the check file');
          break;
        case 'sql':
          for (const [fi, f] of check.fixture.entries()) mustExist([...cp, 'fixture', fi], f, 'the fixture');
          mustExist([...cp, 'submission'], `workspace/${check.submission}`, 'the starter file');
          mustExist([...cp, 'submission'], `solution/${check.submission}`, 'the solution file');
          if (check.mode === 'state' && !check.verify) at([...cp, 'verify'], 'mode state needs a verify query file');
          mustExist([...cp, 'verify'], check.verify, 'the verify query');
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
          mustExist([...cp, 'file'], `workspace/${check.file}`, 'the starter file');
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
      for (const [fi, f] of task.data.fixture.entries()) mustExist([...tp, 'data', 'fixture', fi], f, 'the fixture');
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
      if (top !== criterion.points) at([...rp, 'levels'], `the highest level scores ${top} but the criterion is worth ${criterion.points} points`);
    }
  }
  for (const [ei, event] of manifest.events.entries()) {
    const ep = ['events', ei];
    unique('event', event.id, [...ep, 'id']);
    mustExist([...ep, 'body'], event.body, 'the message body');
    for (const key of ['after', 'unlocks'] as const) {
      const ref = event[key]?.match(/^task:(.+)$/)?.[1];
      if (ref && !taskIds.has(ref)) at([...ep, key], `task "${ref}" does not exist`);
    }
  }
  const hasAnswers = manifest.tasks.some((t) => t.checks.some((c) => c.kind === 'answer'));
  if (hasAnswers && !files.has(`workspace/${ANSWERS_FILE}`)) {
    at([], `the package has answer checks, so workspace/${ANSWERS_FILE} must exist (the student's answers are kept there)`, `workspace/${ANSWERS_FILE}`);
  }
  if (problems.length > 0) return { problems };
  return { manifest, problems };
}

export function formatProblem(p: PackageProblem): string {
  const where = [p.file, p.line !== undefined ? `line ${p.line}` : undefined].filter(Boolean).join(':');
  return `${where}${p.path ? ` at ${p.path}` : ''}: ${p.message}`;
}
