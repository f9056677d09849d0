/**
 * Schema-driven editing of `scenario.yaml` in Monaco: completion of keys and values at the
 * cursor's YAML path, hover with what each key means, and markers from the package checks.
 *
 *   const yaml = installScenarioYamlSupport(monaco);   // once; later calls return the same handle
 *   yaml.setCompetencies(options);                      // codes offered for competencies and weights
 *   setManifestMarkers(model, problems);                // after each lint run (problems of any file)
 *
 * It applies to models in the `yaml` language whose file name is `scenario.yaml`. File names for
 * `instructions`, `file`, `fixture`… are offered from the other models under the same folder of
 * the same URI (the draft's files), or from `setPackageFiles` when the editor keeps no models.
 *
 * Written instead of using monaco-yaml: its 5.5.1 release cannot start its worker with Monaco
 * 0.55+ (createWebWorker changed, and its worker imports `monaco-editor/esm/vs/editor/editor.worker.js`,
 * which the 0.56 exports map no longer resolves); it would also pull in a YAML language server and
 * prettier for what a few hundred lines over the `yaml` package do here.
 */
import i18next from 'i18next';
import type * as MonacoNs from 'monaco-editor';
import type { CompetencyOption, PackageProblemView } from '../../../../../server/contract/authoring';
import { optionsForFramework } from '../../../../../server/scenarios/competencyRefs';
import { manifestJsonSchema, type JsonSchema } from './manifestSchema';
import { markerMessage, problemRange } from './markers';
import { describeExpected, propertiesOf, schemasAt, shapeOf, valuesOf, type Segment } from './schemaNav';
import { cursorContext, nodeAt } from './yamlCursor';

type Monaco = typeof MonacoNs;
type Model = MonacoNs.editor.ITextModel;

export type ScenarioYamlSupport = {
  /** The competencies of the imported frameworks (GET /api/competencies). */
  setCompetencies: (options: CompetencyOption[]) => void;
  /** The package's file paths (`tasks/a.md`, `checks/x.test.js`…), when they are not Monaco models. */
  setPackageFiles: (paths: string[] | null) => void;
  dispose: () => void;
};

export const MARKER_OWNER = 'scenario-checks';

const isManifest = (model: Model) => model.getLanguageId() === 'yaml' && model.uri.path.split('/').pop() === 'scenario.yaml';

const folderOf = (uri: MonacoNs.Uri) => uri.path.slice(0, uri.path.lastIndexOf('/') + 1);

let installed: { monaco: Monaco; support: ScenarioYamlSupport } | null = null;
let competencies: CompetencyOption[] = [];
let packageFiles: string[] | null = null;

function filesBeside(monaco: Monaco, model: Model): string[] {
  if (packageFiles) return packageFiles;
  const folder = folderOf(model.uri);
  return monaco.editor
    .getModels()
    .filter((m) => m.uri.scheme === model.uri.scheme && m.uri.authority === model.uri.authority && m.uri.path.startsWith(folder) && m !== model)
    .map((m) => m.uri.path.slice(folder.length));
}

const plainData = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function taskIds(data: unknown): string[] {
  const tasks = plainData(data).tasks;
  return Array.isArray(tasks) ? tasks.map((t) => plainData(t).id).filter((id): id is string => typeof id === 'string') : [];
}

function checkKind(data: unknown, path: Segment[]): unknown {
  let cur: unknown = data;
  for (const seg of path.slice(0, 4)) cur = Array.isArray(cur) ? cur[seg as number] : plainData(cur)[seg as string];
  return plainData(cur).kind;
}

/** Words of the completion and hover, in the interface's language. */
const hint = (key: string, params?: Record<string, unknown>) => i18next.t(`authoring:schema.hints.${key}`, params ?? {});

type Hint = { value: string; detail?: string; documentation?: string; kind: 'file' | 'reference' | 'value' };

/** Values the schema cannot list but the package can: file names, task references, competency codes. */
function valueHints(monaco: Monaco, model: Model, pattern: string, path: Segment[], data: unknown): Hint[] {
  const files = () => filesBeside(monaco, model);
  const inFolder = (folder: string, strip = false) =>
    files()
      .filter((f) => f.startsWith(`${folder}/`))
      .map((f): Hint => ({ value: strip ? f.slice(folder.length + 1) : f, kind: 'file' }));
  switch (pattern) {
    case 'brief':
      return files()
        .filter((f) => !f.includes('/') && f.endsWith('.md'))
        .map((f) => ({ value: f, kind: 'file' }));
    case 'tasks[].instructions':
      return inFolder('tasks');
    case 'tasks[].checks[].file':
      return checkKind(data, path) === 'file' ? inFolder('workspace', true) : inFolder('checks');
    case 'tasks[].checks[].submission':
      return inFolder('workspace', true);
    case 'tasks[].checks[].fixture':
    case 'tasks[].checks[].fixture[]':
      return inFolder('fixtures');
    case 'tasks[].checks[].verify':
      return inFolder('checks');
    case 'events[].body':
      return inFolder('events');
    case 'events[].after':
      return [{ value: 'start', detail: hint('start'), kind: 'value' }, ...taskIds(data).map((id): Hint => ({ value: `task:${id}`, detail: hint('afterTask'), kind: 'reference' }))];
    case 'events[].unlocks':
      return taskIds(data).map((id) => ({ value: `task:${id}`, detail: hint('unlocks'), kind: 'reference' }));
    case 'competencies[]': {
      const listed = new Set((plainData(data).competencies as unknown[] | undefined)?.filter((c) => typeof c === 'string') ?? []);
      return offered(data).filter((c) => !listed.has(c.code)).map((c) => ({ value: c.code, detail: c.title, documentation: c.framework, kind: 'reference' }));
    }
    default:
      return [];
  }
}

/** The competencies the package can name: its `framework:`'s when it has one. */
function offered(data: unknown): CompetencyOption[] {
  const framework = plainData(data).framework;
  return optionsForFramework(competencies, typeof framework === 'string' ? framework : undefined);
}

/** Competency codes for a weights map: the scenario's own first (the only ones the checks accept). */
function weightKeys(data: unknown, siblings: string[]): Hint[] {
  const declared = ((plainData(data).competencies as unknown[] | undefined) ?? []).filter((c): c is string => typeof c === 'string');
  const options = offered(data);
  const title = new Map(options.map((c) => [c.code, c]));
  const taken = new Set(siblings);
  const own = declared
    .filter((c) => !taken.has(c))
    .map((code): Hint => ({ value: code, detail: title.get(code)?.title ?? hint('listed'), kind: 'reference' }));
  const others = options
    .filter((c) => !taken.has(c.code) && !declared.includes(c.code))
    .map((c): Hint => ({ value: c.code, detail: c.title, documentation: hint('notListed'), kind: 'reference' }));
  return [...own, ...others];
}

function docOf(schemas: JsonSchema[]): string {
  return schemas.find((s) => s.description)?.description ?? '';
}

function keyInsert(schemas: JsonSchema[], key: string, column: number, flow: boolean): { text: string; suggestAgain: boolean } {
  const shape = shapeOf(schemas);
  const pad = ' '.repeat(column + 2);
  if (flow || shape === 'scalar') return { text: `${key}: $0`, suggestAgain: valuesOf(schemas).length > 0 };
  if (shape === 'map') return { text: `${key}:\n${pad}$0`, suggestAgain: true };
  return { text: `${key}:\n${pad}- $0`, suggestAgain: shape === 'listOfMaps' };
}

function completionProvider(monaco: Monaco): MonacoNs.languages.CompletionItemProvider {
  const { CompletionItemKind, CompletionItemInsertTextRule } = monaco.languages;
  const suggestAgain = { id: 'editor.action.triggerSuggest', title: hint('suggest') };
  return {
    triggerCharacters: [' ', ':', '-'],
    provideCompletionItems(model, position) {
      if (!isManifest(model)) return { suggestions: [] };
      const ctx = cursorContext(model.getValue(), model.getOffsetAt(position));
      if (!ctx) return { suggestions: [] };
      const start = model.getPositionAt(ctx.wordStart);
      const end = model.getPositionAt(ctx.wordEnd);
      const range = new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column);
      const root = manifestJsonSchema();
      const here = schemasAt(root, ctx.path, ctx.data, { anyBranch: ctx.role === 'value' });
      const order = (i: number) => String(i).padStart(4, '0');
      const suggestions: MonacoNs.languages.CompletionItem[] = [];

      // A dash line in a list of plain values parses as a one-key map: the value is being typed.
      const listItemValue = ctx.role === 'key' && typeof ctx.path.at(-1) === 'number' && shapeOf(here.schemas) !== 'map';
      if (ctx.role === 'key' && !listItemValue) {
        const isWeights = here.schemas.some((s) => !s.properties && typeof s.additionalProperties === 'object') && here.pattern.endsWith('competencies');
        if (isWeights) {
          weightKeys(ctx.data, ctx.siblings).forEach((h, i) =>
            suggestions.push({
              label: { label: h.value, description: h.detail },
              kind: CompletionItemKind.Reference,
              insertText: `${h.value}: `,
              range,
              sortText: order(i),
              documentation: { value: h.documentation ?? hint('weight', { code: h.value }) },
            }),
          );
          return { suggestions };
        }
        propertiesOf(here.schemas)
          .filter((p) => !ctx.siblings.includes(p.key))
          .forEach((p, i) => {
            const sub = schemasAt(root, [...ctx.path, p.key], ctx.data).schemas;
            const insert = keyInsert(sub.length > 0 ? sub : [p.schema], p.key, ctx.column, ctx.flow);
            suggestions.push({
              label: { label: p.key, description: p.required ? hint('required') : undefined },
              kind: CompletionItemKind.Property,
              detail: describeExpected(sub.length > 0 ? sub : [p.schema]),
              documentation: { value: docOf(sub.length > 0 ? sub : [p.schema]) },
              insertText: insert.text,
              insertTextRules: CompletionItemInsertTextRule.InsertAsSnippet | CompletionItemInsertTextRule.KeepWhitespace,
              range,
              sortText: order(i),
              ...(insert.suggestAgain ? { command: suggestAgain } : {}),
            });
          });
        return { suggestions };
      }

      valuesOf(here.schemas).forEach((v, i) =>
        suggestions.push({
          label: String(v.value),
          kind: CompletionItemKind.EnumMember,
          documentation: v.description ? { value: v.description } : undefined,
          insertText: String(v.value),
          range,
          sortText: order(i),
        }),
      );
      valueHints(monaco, model, here.pattern, ctx.path, ctx.data).forEach((h, i) =>
        suggestions.push({
          label: { label: h.value, description: h.detail },
          kind: h.kind === 'file' ? CompletionItemKind.File : h.kind === 'reference' ? CompletionItemKind.Reference : CompletionItemKind.Value,
          documentation: h.documentation ? { value: h.documentation } : undefined,
          insertText: h.value,
          range,
          sortText: order(1000 + i),
        }),
      );
      return { suggestions };
    },
  };
}

function hoverProvider(monaco: Monaco): MonacoNs.languages.HoverProvider {
  return {
    provideHover(model, position) {
      if (!isManifest(model)) return null;
      const hit = nodeAt(model.getValue(), model.getOffsetAt(position));
      if (!hit) return null;
      const { schemas, pattern } = schemasAt(manifestJsonSchema(), hit.path, hit.data);
      const last = hit.path.at(-1);
      const name = typeof last === 'number' ? hint('item', { name: String(hit.path.at(-2) ?? '') }) : String(last ?? '');
      const contents: MonacoNs.IMarkdownString[] = [];
      if (schemas.length === 0) {
        if (hit.role === 'key') contents.push({ value: hint('unknownKey', { name }) });
      } else {
        contents.push({ value: `**${name}** · ${describeExpected(schemas)}` });
        const doc = docOf(schemas);
        if (doc) contents.push({ value: doc });
        if (hit.role === 'value') {
          const value = valuesOf(schemas).find((v) => String(v.value) === String(hit.value));
          if (value?.description) contents.push({ value: `\`${String(hit.value)}\`: ${value.description}` });
        }
      }
      // Competency codes, as a list item, a weights key or a value, say what they stand for.
      const code = pattern === 'competencies[]' || pattern.endsWith('competencies.*') ? String(hit.value) : null;
      const known = code ? competencies.find((c) => c.code === code) : undefined;
      if (known) contents.push({ value: `\`${known.code}\` ${known.title} (${known.framework})` });
      if (contents.length === 0) return null;
      const start = model.getPositionAt(hit.start);
      const end = model.getPositionAt(hit.end);
      return { range: new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column), contents };
    },
  };
}

/** Registers completion and hover for `scenario.yaml` models; safe to call more than once. */
export function installScenarioYamlSupport(monaco: Monaco): ScenarioYamlSupport {
  if (installed?.monaco === monaco) return installed.support;
  const registrations = [
    monaco.languages.registerCompletionItemProvider('yaml', completionProvider(monaco)),
    monaco.languages.registerHoverProvider('yaml', hoverProvider(monaco)),
  ];
  const support: ScenarioYamlSupport = {
    setCompetencies: (options) => void (competencies = options),
    setPackageFiles: (paths) => void (packageFiles = paths),
    dispose: () => {
      for (const r of registrations) r.dispose();
      if (installed?.support === support) installed = null;
    },
  };
  installed = { monaco, support };
  return support;
}

/**
 * Shows the package checks' problems with `scenario.yaml` as markers on its model (problems of
 * other files are skipped, so the whole list can be passed). Replaces the previous markers.
 */
export function setManifestMarkers(model: Model, problems: PackageProblemView[]): void {
  if (!installed) throw new Error('installScenarioYamlSupport(monaco) must run before setManifestMarkers');
  const monaco = installed.monaco;
  const text = model.getValue();
  monaco.editor.setModelMarkers(
    model,
    MARKER_OWNER,
    problems
      .filter((p) => p.file === 'scenario.yaml')
      .map((p) => ({ ...problemRange(text, p), message: markerMessage(p), severity: monaco.MarkerSeverity.Error, source: 'scenario checks' })),
  );
}
