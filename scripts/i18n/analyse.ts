import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TS from 'typescript5';

/**
 * The i18n completeness check (issue #15, "Keeping it complete"), as a library: the report script
 * (scripts/i18n-report.ts) prints it, tests/web/i18n/report.test.ts asserts it.
 *
 * - Catalogs: every web/src/**\/locales/{en,zh-CN}.json (namespace = the folder holding `locales`)
 *   and server/messages/locales (namespace `messages`), flattened to dotted keys.
 * - Keys used: read from web/src with the TypeScript 5 parser (`typescript5`; the project's own
 *   `typescript` 7 has no JavaScript API): `t('key')` in the namespace of the `useTranslation()`
 *   that made that `t`, `t('ns:key')`, `i18next.t('ns:key')`, `<Trans i18nKey>`; a template or
 *   concatenated key (t(`status.${s}`)) uses every key under its static prefix; a string literal
 *   equal to a key of a namespace the file uses counts too (keys kept in a map of literals).
 *   Server: `msg('key')` and any string literal equal to a `messages` key in server/**\/*.ts.
 * - missing: a key the code names that a catalog lacks (a prefix no key starts with too), and
 *   each key one locale has and another lacks. unused: a catalog key nothing uses.
 * - untranslated literals: text the reader sees that does not go through t(): JSX text, string
 *   and template literals in user-visible props (and a prop's default), in JSX expression
 *   children, in object properties named like those props (`{ label: 'Open' }`), in what a
 *   function returns, in usePageHeading(), plural(), fieldMessage() and notice setters (the last
 *   four only when they look like text, not a token), minus strings without letters, text in
 *   <code>/<kbd>/<pre>/<samp>, and the reviewed allow-list (scripts/i18n-allow.json). On the
 *   server: English text given to an error (`errors.conflict('…')`, `new AppError(code, '…')`)
 *   where a message key belongs.
 */

const ts = createRequire(import.meta.url)('typescript5') as typeof TS;

export const LOCALES = ['en', 'zh-CN'] as const;
/** i18next's defaultNS (web/src/app/i18n.ts): where `i18next.t('key')` without a namespace looks. */
export const DEFAULT_NS = 'shell';
export const SERVER_NS = 'messages';

export type FindingKind = 'missing' | 'unused' | 'literal';
export type Finding = { kind: FindingKind; file: string; line: number; text: string };

/** namespace → locale → flattened key → message */
export type Catalogs = Map<string, Map<string, Map<string, string>>>;
/** Where each namespace's catalogs live, for file:line of unused keys. */
export type CatalogFiles = Map<string, Map<string, string>>;

/** A key the code names. `prefix` keys (from templates) use every key under them. */
export type KeyUse = { ns: string; key: string; prefix: boolean; file: string; line: number };
/**
 * A string literal that may be a key of one of `namespaces` (a map of keys): marks it used, never
 * missing. A `prefix` mention (the head of `status.${s}`, or `'status.' + s`, anywhere) marks every
 * key under it.
 */
export type KeyMention = { namespaces: string[]; key: string; prefix?: boolean };
export type Literal = { file: string; line: number; text: string };

export type SourceScan = { uses: KeyUse[]; mentions: KeyMention[]; literals: Literal[] };

export type Allow = Set<string>;

// ---------------------------------------------------------------------------------------------
// Catalogs

/** Nested JSON to dotted keys, as i18next reads them. */
export function flatten(node: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    for (const [key, value] of Object.entries(node)) flatten(value, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, typeof node === 'string' ? node : JSON.stringify(node));
  }
  return out;
}

function walk(dir: string, accept: (file: string) => boolean, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, accept, out);
    else if (accept(full)) out.push(full);
  }
  return out.sort();
}

/** Every folder named `locales` under web/src, and server/messages/locales. */
export function catalogFolders(root: string): string[] {
  const folders = new Set<string>();
  for (const file of walk(path.join(root, 'web/src'), (f) => f.endsWith('.json') && path.basename(path.dirname(f)) === 'locales')) {
    folders.add(path.dirname(file));
  }
  const server = path.join(root, 'server/messages/locales');
  if (fs.existsSync(server)) folders.add(server);
  return [...folders].sort();
}

/** The namespace of a catalog folder: the name of the folder holding `locales`. */
export function namespaceOf(localesFolder: string): string {
  return path.basename(path.dirname(localesFolder));
}

export function loadCatalogs(root: string): { catalogs: Catalogs; files: CatalogFiles } {
  const catalogs: Catalogs = new Map();
  const files: CatalogFiles = new Map();
  for (const folder of catalogFolders(root)) {
    const ns = namespaceOf(folder);
    const byLocale = new Map<string, Map<string, string>>();
    const paths = new Map<string, string>();
    for (const locale of LOCALES) {
      const file = path.join(folder, `${locale}.json`);
      paths.set(locale, path.relative(root, file));
      byLocale.set(locale, fs.existsSync(file) ? flatten(JSON.parse(fs.readFileSync(file, 'utf8'))) : new Map());
    }
    catalogs.set(ns, byLocale);
    files.set(ns, paths);
  }
  return { catalogs, files };
}

// ---------------------------------------------------------------------------------------------
// Web sources

/** What a literal may name: itself as a key, and when it ends in a dot, the keys under it. */
function mentionsOf(text: string, template: boolean, namespaces: string[] = []): KeyMention[] {
  if (text === '' || /\s/.test(text)) return [];
  const out: KeyMention[] = [];
  if (!template) out.push({ namespaces, key: text });
  if (text.endsWith('.') && text.length > 1) out.push({ namespaces, key: text, prefix: true });
  return out;
}

/**
 * Props whose text the reader sees or hears. Read from web/src/components/*.tsx and the pages:
 * the ARIA text props, the HTML ones, and the design system's own (label, hint, busyLabel…).
 */
export const VISIBLE_PROPS = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'aria-placeholder',
  'title',
  'placeholder',
  'alt',
  'label',
  'hint',
  'description',
  'heading',
  'intro',
  'legend',
  'caption',
  'summary',
  'message',
  'text',
  'emptyText',
  'emptyHint',
  'weightHint',
  'confirmLabel',
  'cancelLabel',
  'busyLabel',
  'changedBy',
  'elsewhere',
  'error',
]);

/** Any other prop named like these is visible text too (submitLabel, helpText, dialogTitle…). */
const VISIBLE_SUFFIX = /(Label|Hint|Text|Title|Heading|Message|Caption|Description|Placeholder)$/;

/** Props that never hold reader text: code, ids, references, enums. */
const CODE_PROPS = new Set([
  'className', 'id', 'key', 'type', 'role', 'scope', 'tone', 'to', 'href', 'src', 'rel', 'target', 'name', 'value',
  'htmlFor', 'form', 'method', 'action', 'accept', 'autoComplete', 'autoCapitalize', 'autoCorrect', 'inputMode',
  'lang', 'dir', 'd', 'fill', 'stroke', 'viewBox', 'xmlns', 'focusable', 'kind', 'size', 'step', 'part', 'mode',
  'variant', 'initialFocus', 'cancelId', 'cancelTo', 'aria-labelledby', 'aria-describedby', 'aria-controls',
  'aria-hidden', 'aria-live', 'aria-atomic', 'aria-current', 'aria-keyshortcuts', 'aria-haspopup', 'aria-relevant',
  'aria-sort', 'aria-owns', 'aria-errormessage', 'aria-activedescendant', 'aria-autocomplete', 'language', 'theme',
  'path', 'defaultValue', 'pattern', 'min', 'max', 'accessKey', 'enterKeyHint', 'wrap', 'loading', 'decoding',
]);

/** Elements whose text is code, a file name or a key on the keyboard: never translated. */
const CODE_ELEMENTS = new Set(['code', 'kbd', 'pre', 'samp', 'var']);

/** Calls whose string arguments the reader sees (a page title, a notice, a dialog, a counted noun). */
const VISIBLE_CALLS = /^(usePageHeading|announce|alert|confirm|prompt|toast|notify|plural|fieldMessage)$|^set(Notice|Message|Status|Announcement|Toast|Flash|Title|Label|Hint|Feedback|Info|Warning|Success)$/;

const HAS_LETTER = /\p{L}/u;
/**
 * Where a string may as well be a token (an object's value, a function's result), it is taken
 * for text when it starts with a capital and has a small letter ('Open', not 'GET'), or is
 * prose without code punctuation ('no time left', not 'mastery-level mastery-level--').
 */
function looksLikeText(value: string): boolean {
  const text = normaliseText(value);
  if (/^[\p{Lu}]/u.test(text) && /\p{Ll}/u.test(text)) return true;
  if (/[\u3000-\u9fff]/u.test(text)) return true;
  return PROSE.test(text) && !/[-_/=#<>{}|\\$]/.test(text);
}
/** Prose, not a token: two words, or any CJK. A prop outside the visible list is text only then. */
const PROSE = /\p{L}[\p{L}\p{N}'’,.;:!?)]*\s+[\p{L}\p{N}(]|[\u3000-\u9fff\uff00-\uffef]/u;

/** JSX text as the reader sees it: HTML entities (`&amp;`, `&#8212;`) are characters, not letters. */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', middot: '·', times: '×', rarr: '→', larr: '←', copy: '©' };

export function normaliseText(text: string): string {
  return text
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name] ?? entity;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** A reader-visible string that must go through t(): has a letter and is not allow-listed. */
export function needsTranslation(text: string, allow: Allow): boolean {
  const normal = normaliseText(text);
  return HAS_LETTER.test(normal) && !allow.has(normal);
}

/** The namespace a file belongs to by its folder: the nearest ancestor with a `locales` folder. */
export function folderNamespace(file: string, root: string): string | null {
  let dir = path.dirname(path.resolve(root, file));
  const top = path.resolve(root);
  while (dir.startsWith(top) && dir !== top) {
    if (fs.existsSync(path.join(dir, 'locales'))) return path.basename(dir);
    dir = path.dirname(dir);
  }
  return null;
}

/** What a translating function resolves keys against: its namespaces and a prefix put before each key. */
type Binding = { namespaces: string[]; keyPrefix: string };

function stringValue(node: TS.Node | undefined): string | null {
  if (!node) return null;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return null;
}

/** The static text of a key expression: a literal (exact), or a template/concatenation (prefix). */
function keyShapes(node: TS.Expression): { text: string; prefix: boolean }[] {
  const inner = skipParens(node);
  const literal = stringValue(inner);
  if (literal !== null) return [{ text: literal, prefix: false }];
  if (ts.isTemplateExpression(inner)) return [{ text: inner.head.text, prefix: true }];
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = keyShapes(inner.left);
    if (left.length === 1 && !left[0]!.prefix) return [{ text: left[0]!.text, prefix: true }];
    return left.map((shape) => ({ ...shape, prefix: true }));
  }
  if (ts.isConditionalExpression(inner)) return [...keyShapes(inner.whenTrue), ...keyShapes(inner.whenFalse)];
  if (ts.isBinaryExpression(inner) && isFallbackOperator(inner.operatorToken.kind)) return [...keyShapes(inner.left), ...keyShapes(inner.right)];
  return [];
}

function isFallbackOperator(kind: TS.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.AmpersandAmpersandToken;
}

function skipParens(node: TS.Expression): TS.Expression {
  let inner = node;
  while (ts.isParenthesizedExpression(inner) || ts.isAsExpression(inner) || ts.isSatisfiesExpression(inner) || ts.isNonNullExpression(inner)) {
    inner = inner.expression;
  }
  return inner;
}

/** The namespaces of `useTranslation('a')`, `useTranslation(['a', 'b'])`, and its keyPrefix option. */
function useTranslationBinding(call: TS.CallExpression): Binding {
  const [first, options] = call.arguments;
  const namespaces: string[] = [];
  if (first) {
    const single = stringValue(first);
    if (single !== null) namespaces.push(single);
    else if (ts.isArrayLiteralExpression(first)) {
      for (const element of first.elements) {
        const value = stringValue(element);
        if (value !== null) namespaces.push(value);
      }
    }
  }
  let keyPrefix = '';
  if (options && ts.isObjectLiteralExpression(options)) {
    for (const property of options.properties) {
      if (ts.isPropertyAssignment(property) && property.name.getText() === 'keyPrefix') keyPrefix = stringValue(property.initializer) ?? '';
    }
  }
  return { namespaces: namespaces.length > 0 ? namespaces : [DEFAULT_NS], keyPrefix: keyPrefix ? `${keyPrefix}.` : '' };
}

/** The namespace t()'s options name: `t('key', { ns: 'competency', ...params })`. */
function optionsNamespace(options: TS.Expression | undefined): string[] | null {
  if (!options || !ts.isObjectLiteralExpression(options)) return null;
  for (const property of options.properties) {
    if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && property.name.text === 'ns') {
      const ns = stringValue(property.initializer);
      if (ns !== null) return [ns];
    }
  }
  return null;
}

/** `'a' | 'b'` → ['a', 'b']; anything else → null. */
function literalUnion(type: TS.TypeNode | undefined): string[] | null {
  if (!type) return null;
  const members = ts.isUnionTypeNode(type) ? type.types : [type];
  const out: string[] = [];
  for (const member of members) {
    if (!ts.isLiteralTypeNode(member) || !ts.isStringLiteral(member.literal)) return null;
    out.push(member.literal.text);
  }
  return out;
}

function isExported(node: TS.Node): boolean {
  const statement = ts.isVariableDeclaration(node) ? node.parent.parent : node;
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function calleeName(expression: TS.Expression): string | null {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return null;
}

function isFunctionLike(node: TS.Node): node is TS.FunctionLikeDeclaration {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node);
}

/** `TFunction<'reviews'>` on a parameter names the namespace of the `t` a helper receives. */
function namespaceOfType(type: TS.TypeNode | undefined): string[] | null {
  if (!type || !ts.isTypeReferenceNode(type) || type.typeName.getText() !== 'TFunction') return null;
  const argument = type.typeArguments?.[0];
  if (argument && ts.isLiteralTypeNode(argument) && ts.isStringLiteral(argument.literal)) return [argument.literal.text];
  if (argument && ts.isTupleTypeNode(argument)) {
    const names = argument.elements.flatMap((e) => (ts.isLiteralTypeNode(e) && ts.isStringLiteral(e.literal) ? [e.literal.text] : []));
    if (names.length > 0) return names;
  }
  return null;
}

/**
 * Reads one web source file: the keys it uses and the literals a reader would see untranslated.
 * `file` is the path printed in findings; `fallbackNs` is the namespace of the file's folder.
 */
export function scanWebSource(file: string, text: string, allow: Allow, fallbackNs: string | null): SourceScan {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const uses: KeyUse[] = [];
  const mentions: KeyMention[] = [];
  const literals: Literal[] = [];
  const lineOf = (node: TS.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;

  // Which `t` is which: bindings per scope (the function, or the file), from useTranslation()
  // destructuring (`const { t } = …`, `const { t: tc } = …`) and TFunction<'ns'> parameters.
  const bindings = new Map<TS.Node, Map<string, Binding>>();
  const fileNamespaces = new Set<string>();
  const bind = (scope: TS.Node, name: string, binding: Binding) => {
    let names = bindings.get(scope);
    if (!names) bindings.set(scope, (names = new Map()));
    names.set(name, binding);
    for (const ns of binding.namespaces) fileNamespaces.add(ns);
  };
  const scopeOf = (node: TS.Node): TS.Node => {
    for (let up = node.parent; up; up = up.parent) if (isFunctionLike(up)) return up;
    return source;
  };

  const collect = (node: TS.Node) => {
    if (ts.isVariableDeclaration(node) && node.initializer) {
      const init = skipParens(node.initializer);
      if (ts.isCallExpression(init) && calleeName(init.expression) === 'useTranslation') {
        const binding = useTranslationBinding(init);
        if (ts.isObjectBindingPattern(node.name)) {
          for (const element of node.name.elements) {
            const property = (element.propertyName ?? element.name).getText(source);
            if (property === 't' && ts.isIdentifier(element.name)) bind(scopeOf(node), element.name.text, binding);
          }
        } else {
          for (const ns of binding.namespaces) fileNamespaces.add(ns);
        }
      }
      // `const tc = i18next.getFixedT(null, 'components', 'prefix')`
      if (ts.isCallExpression(init) && calleeName(init.expression) === 'getFixedT' && ts.isIdentifier(node.name)) {
        const ns = stringValue(init.arguments[1]);
        const prefix = stringValue(init.arguments[2]);
        bind(scopeOf(node), node.name.text, { namespaces: [ns ?? DEFAULT_NS], keyPrefix: prefix ? `${prefix}.` : '' });
      }
    }
    if (ts.isParameter(node) && ts.isIdentifier(node.name)) {
      const namespaces = namespaceOfType(node.type);
      if (namespaces) bind(node.parent, node.name.text, { namespaces, keyPrefix: '' });
    }
    ts.forEachChild(node, collect);
  };
  collect(source);

  const defaultNamespaces = fileNamespaces.size > 0 ? [...fileNamespaces] : fallbackNs ? [fallbackNs] : [DEFAULT_NS];
  const resolve = (node: TS.Node, name: string): Binding | null => {
    for (let up: TS.Node | undefined = node.parent; up; up = up.parent) {
      const found = bindings.get(up)?.get(name);
      if (found) return found;
    }
    return null;
  };

  // Small wrappers are translating functions too: `const t = (key: string) =>
  // i18next.t(`authoring:schema.expected.${key}`)`, `const label = (s) => t(`status.${s}`)`.
  const wrappers = (node: TS.Node) => {
    const declared =
      ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))
        ? { name: node.name.text, fn: node.initializer }
        : ts.isFunctionDeclaration(node) && node.name
          ? { name: node.name.text, fn: node }
          : null;
    const parameter = declared?.fn.parameters[0];
    if (declared && parameter && ts.isIdentifier(parameter.name)) {
      const binding = wrappedBinding(declared.fn, parameter.name.text);
      if (binding) {
        bind(scopeOf(node), declared.name, binding);
        // The keys a typed parameter allows (`key: 'offline' | 'timeout'`) are used; an exported
        // wrapper with a plain string key may be called from anywhere: every key under it is.
        const allowed = literalUnion(parameter.type);
        for (const key of allowed ?? []) {
          uses.push({ ns: binding.namespaces[0]!, key: `${binding.keyPrefix}${key}`, prefix: false, file, line: lineOf(parameter) });
        }
        if (!allowed && isExported(node)) for (const call of wrapperCalls) if (call.pos >= declared.fn.pos && call.end <= declared.fn.end) keyArguments.delete(skipParens((call as TS.CallExpression).arguments[0]!));
      }
    }
    ts.forEachChild(node, wrappers);
  };
  /** The calls inside wrappers: their key is the wrapper's parameter, the wrapper's calls tell the keys. */
  const wrapperCalls = new Set<TS.Node>();
  /** Key arguments already read as uses: their templates are not also "the start of keys built elsewhere". */
  const keyArguments = new Set<TS.Node>();
  const wrappedBinding = (fn: TS.FunctionLikeDeclaration, parameter: string): Binding | null => {
    let found: Binding | null = null;
    const look = (node: TS.Node) => {
      if (found) return;
      if (ts.isCallExpression(node) && node.arguments[0]) {
        const callee = node.expression;
        const inner = ts.isPropertyAccessExpression(callee) && callee.name.text === 't' ? { namespaces: [DEFAULT_NS], keyPrefix: '' } : ts.isIdentifier(callee) ? resolve(callee, callee.text) ?? (callee.text === 't' ? { namespaces: defaultNamespaces, keyPrefix: '' } : null) : null;
        const key = skipParens(node.arguments[0]);
        let head: string | null = null;
        if (ts.isIdentifier(key) && key.text === parameter) head = '';
        else if (ts.isTemplateExpression(key) && key.templateSpans.length === 1 && key.templateSpans[0]!.literal.text === '') {
          const span = skipParens(key.templateSpans[0]!.expression);
          if (ts.isIdentifier(span) && span.text === parameter) head = key.head.text;
        }
        if (inner && head !== null) {
          wrapperCalls.add(node);
          keyArguments.add(key);
          const colon = head.indexOf(':');
          const namespaces = optionsNamespace(node.arguments[1]) ?? inner.namespaces;
          found = colon > 0 ? { namespaces: [head.slice(0, colon)], keyPrefix: head.slice(colon + 1) } : { namespaces, keyPrefix: inner.keyPrefix + head };
          return;
        }
      }
      ts.forEachChild(node, look);
    };
    if (fn.body) look(fn.body);
    return found;
  };
  wrappers(source);

  const addUse = (node: TS.Node, keyNode: TS.Expression, binding: Binding, options: TS.Expression | undefined) => {
    keyArguments.add(skipParens(keyNode));
    const namespaces = optionsNamespace(options) ?? binding.namespaces;
    for (const shape of keyShapes(keyNode)) {
      let ns = namespaces[0]!;
      let key = shape.text;
      const colon = key.indexOf(':');
      if (colon > 0 && !/\s/.test(key.slice(0, colon))) {
        ns = key.slice(0, colon);
        key = key.slice(colon + 1);
        fileNamespaces.add(ns);
      } else {
        key = `${binding.keyPrefix}${key}`;
      }
      // A key built from nothing but a variable (`messages:${key}`) says nothing about which keys.
      if (shape.prefix && key === '') continue;
      uses.push({ ns, key, prefix: shape.prefix, file, line: lineOf(node) });
    }
  };

  const reportLiteral = (node: TS.Node, value: string) => {
    if (needsTranslation(value, allow)) literals.push({ file, line: lineOf(node), text: normaliseText(value) });
  };

  /** String and template literals an expression can evaluate to (through ?:, ??, ||, &&). */
  const visibleStrings = (expression: TS.Expression, report: (node: TS.Node, value: string) => void) => {
    const inner = skipParens(expression);
    if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) report(inner, inner.text);
    else if (ts.isTemplateExpression(inner)) report(inner, [inner.head.text, ...inner.templateSpans.map((s) => s.literal.text)].join(' '));
    else if (ts.isConditionalExpression(inner)) {
      visibleStrings(inner.whenTrue, report);
      visibleStrings(inner.whenFalse, report);
    } else if (ts.isBinaryExpression(inner) && isFallbackOperator(inner.operatorToken.kind)) {
      visibleStrings(inner.right, report);
      if (inner.operatorToken.kind !== ts.SyntaxKind.AmpersandAmpersandToken) visibleStrings(inner.left, report);
    } else if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      visibleStrings(inner.left, report);
      visibleStrings(inner.right, report);
    }
  };

  const insideCode = (node: TS.Node): boolean => {
    for (let up = node.parent; up; up = up.parent) {
      if (ts.isJsxElement(up) && CODE_ELEMENTS.has(up.openingElement.tagName.getText(source))) return true;
    }
    return false;
  };

  const isVisibleProp = (name: string) => VISIBLE_PROPS.has(name) || VISIBLE_SUFFIX.test(name);

  const visit = (node: TS.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const [keyArg, options] = node.arguments;
      if (wrapperCalls.has(node)) {
        // Its keys are counted at the wrapper's calls.
      } else if (keyArg && ts.isIdentifier(callee)) {
        const binding = resolve(node, callee.text) ?? (callee.text === 't' ? { namespaces: defaultNamespaces, keyPrefix: '' } : null);
        if (binding) addUse(node, keyArg, binding, options);
      } else if (keyArg && ts.isPropertyAccessExpression(callee) && callee.name.text === 't') {
        // i18next.t, i18n.t: i18next's default namespace unless the key names one.
        addUse(node, keyArg, { namespaces: [DEFAULT_NS], keyPrefix: '' }, options);
      }
      const name = calleeName(callee);
      if (name && VISIBLE_CALLS.test(name)) {
        // A setter's argument may be a state token ('idle'): only prose counts there.
        const proseOnly = name.startsWith('set');
        for (const argument of node.arguments) {
          visibleStrings(argument, (n, value) => {
            if (!proseOnly || PROSE.test(value)) reportLiteral(n, value);
          });
        }
      }
    }

    if (ts.isJsxSelfClosingElement(node) || ts.isJsxOpeningElement(node)) {
      const tag = node.tagName.getText(source);
      if (tag === 'Trans') transUse(node);
      for (const attribute of node.attributes.properties) {
        if (!ts.isJsxAttribute(attribute) || !attribute.initializer) continue;
        const name = attribute.name.getText(source);
        if (CODE_PROPS.has(name) || name.startsWith('data-') || /^on[A-Z]/.test(name) || (tag === 'Trans' && (name === 'i18nKey' || name === 'ns'))) continue;
        const visible = isVisibleProp(name);
        const check = (n: TS.Node, value: string) => {
          if (visible || PROSE.test(value)) reportLiteral(n, value);
        };
        if (ts.isStringLiteral(attribute.initializer)) check(attribute.initializer, attribute.initializer.text);
        else if (ts.isJsxExpression(attribute.initializer) && attribute.initializer.expression) visibleStrings(attribute.initializer.expression, check);
      }
    }

    if (ts.isJsxText(node) && !insideCode(node)) reportLiteral(node, node.text);

    if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent)) && !insideCode(node)) {
      visibleStrings(node.expression, reportLiteral);
    }

    // Text kept in objects for the page to show: `{ label: 'Open', tone: 'open' }`. A lower-case
    // single word there is taken for a token (`{ message: 'offline' }`).
    if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) && isVisibleProp(node.name.text)) {
      visibleStrings(node.initializer, (n, value) => {
        if (looksLikeText(value)) reportLiteral(n, value);
      });
    }

    // What a function returns for the page to show: `return 'No scores yet'`, `() => 'Open'`.
    const returned = ts.isReturnStatement(node) ? node.expression : ts.isArrowFunction(node) && !ts.isBlock(node.body) ? node.body : undefined;
    if (returned) {
      visibleStrings(returned, (n, value) => {
        if (looksLikeText(value)) reportLiteral(n, value);
      });
    }

    // A visible prop's default: `cancelLabel = 'Cancel'` in a component's parameters.
    if (ts.isBindingElement(node) && node.initializer && ts.isObjectBindingPattern(node.parent)) {
      const name = (node.propertyName ?? node.name).getText(source);
      if (isVisibleProp(name) && ts.isParameter(node.parent.parent)) visibleStrings(node.initializer, reportLiteral);
    }

    // Every other string literal may be a key kept in a map (`{ draft: 'status.draft' }`), and a
    // template or a literal ending in a dot the start of keys built elsewhere.
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) mentions.push(...mentionsOf(node.text, false));
    if (ts.isTemplateExpression(node) && !keyArguments.has(node)) mentions.push(...mentionsOf(node.head.text, true));

    ts.forEachChild(node, visit);
  };

  const transUse = (node: TS.JsxSelfClosingElement | TS.JsxOpeningElement) => {
    let keyNode: TS.Expression | undefined;
    let ns: string | null = null;
    let tName: string | null = null;
    for (const attribute of node.attributes.properties) {
      if (!ts.isJsxAttribute(attribute) || !attribute.initializer) continue;
      const name = attribute.name.getText(source);
      const value = ts.isJsxExpression(attribute.initializer) ? attribute.initializer.expression : attribute.initializer;
      if (!value) continue;
      if (name === 'i18nKey') keyNode = value;
      if (name === 'ns') ns = stringValue(value);
      if (name === 't' && ts.isIdentifier(value)) tName = value.text;
    }
    if (!keyNode) return;
    const binding = (tName && resolve(node, tName)) || { namespaces: defaultNamespaces, keyPrefix: '' };
    addUse(node, keyNode, ns ? { namespaces: [ns], keyPrefix: '' } : binding, undefined);
  };

  visit(source);
  // Mentions count for the namespaces the file uses, or for the one they name (`'shell:nav.home'`).
  const namespaces = [...new Set([...fileNamespaces, ...defaultNamespaces])];
  for (const mention of mentions) mention.namespaces = namespaces;
  return { uses, mentions, literals };
}

// ---------------------------------------------------------------------------------------------
// Server sources

/**
 * `msg('key')` names a key (missing if absent); any literal equal to a key uses it. An error
 * built from English text instead of a message key (`errors.conflict('Already taken')`,
 * `new AppError('not_found', \`No ${x}\`)`) is an untranslated literal: the reader gets it in English.
 */
export function scanServerSource(file: string, text: string, allow: Allow = new Set()): SourceScan {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const uses: KeyUse[] = [];
  const mentions: KeyMention[] = [];
  const literals: Literal[] = [];
  const english = (node: TS.Expression | undefined) => {
    if (!node) return;
    const inner = skipParens(node);
    const value = ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner) ? inner.text : ts.isTemplateExpression(inner) ? [inner.head.text, ...inner.templateSpans.map((s) => s.literal.text)].join(' ') : null;
    if (value !== null && needsTranslation(value, allow)) {
      literals.push({ file, line: source.getLineAndCharacterOfPosition(inner.getStart(source)).line + 1, text: normaliseText(value) });
    }
  };
  const visit = (node: TS.Node) => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'AppError') english(node.arguments?.[1]);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression) && node.expression.expression.text === 'errors') {
      english(node.arguments[0]);
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'msg' && node.arguments[0]) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      for (const shape of keyShapes(node.arguments[0])) {
        if (shape.prefix && shape.text === '') continue;
        uses.push({ ns: SERVER_NS, key: shape.text, prefix: shape.prefix, file, line });
      }
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) mentions.push(...mentionsOf(node.text, false, [SERVER_NS]));
    if (ts.isTemplateExpression(node)) mentions.push(...mentionsOf(node.head.text, true, [SERVER_NS]));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { uses, mentions, literals };
}

// ---------------------------------------------------------------------------------------------
// The report

export type Report = {
  locales: readonly string[];
  keys: number;
  missing: Finding[];
  unused: Finding[];
  literals: Finding[];
};

/** Where a dotted key sits in its JSON file (the line of its last segment), for --list. */
function keyLine(jsonText: string, key: string): number {
  const lines = jsonText.split('\n');
  let at = 0;
  for (const part of key.split('.')) {
    const pattern = `${JSON.stringify(part)}:`;
    const found = lines.findIndex((line, i) => i >= at && line.replace(/"\s+:/, '":').includes(pattern));
    if (found < 0) return at + 1;
    at = found;
  }
  return at + 1;
}

export function buildReport(input: {
  catalogs: Catalogs;
  catalogFiles?: CatalogFiles;
  readCatalogText?: (file: string) => string;
  scans: SourceScan[];
}): Report {
  const { catalogs, scans } = input;
  const missing: Finding[] = [];
  const unused: Finding[] = [];
  const literals: Finding[] = scans.flatMap((scan) => scan.literals.map((l) => ({ kind: 'literal' as const, ...l })));

  const allKeys = new Map<string, Set<string>>();
  for (const [ns, byLocale] of catalogs) {
    const union = new Set<string>();
    for (const keys of byLocale.values()) for (const key of keys.keys()) union.add(key);
    allKeys.set(ns, union);
  }
  const where = (ns: string, locale: string, key: string): { file: string; line: number } => {
    const file = input.catalogFiles?.get(ns)?.get(locale) ?? `${ns}/locales/${locale}.json`;
    const text = input.readCatalogText?.(file);
    return { file, line: text ? keyLine(text, key) : 1 };
  };

  // Locales that disagree: a key one has and another lacks.
  for (const [ns, byLocale] of catalogs) {
    for (const key of allKeys.get(ns)!) {
      for (const locale of LOCALES) {
        if (byLocale.get(locale)?.has(key)) continue;
        const other = LOCALES.find((l) => byLocale.get(l)?.has(key))!;
        missing.push({ kind: 'missing', ...where(ns, other, key), text: `${ns}:${key} is not in ${locale}` });
      }
    }
  }

  // Keys the code names that no catalog has.
  const used = new Map<string, Set<string>>();
  const markUsed = (ns: string, key: string) => {
    let keys = used.get(ns);
    if (!keys) used.set(ns, (keys = new Set()));
    keys.add(key);
  };
  for (const scan of scans) {
    for (const use of scan.uses) {
      const keys = allKeys.get(use.ns);
      if (use.prefix) {
        const under = [...(keys ?? [])].filter((key) => key.startsWith(use.key));
        for (const key of under) markUsed(use.ns, key);
        if (under.length === 0) missing.push({ kind: 'missing', file: use.file, line: use.line, text: `${use.ns}:${use.key}… (no key starts so)` });
      } else if (keys?.has(use.key)) {
        markUsed(use.ns, use.key);
      } else {
        missing.push({ kind: 'missing', file: use.file, line: use.line, text: `${use.ns}:${use.key}` });
      }
    }
    for (const mention of scan.mentions) {
      const mark = (ns: string, key: string) => {
        const keys = allKeys.get(ns);
        if (!keys || key === '') return;
        if (!mention.prefix) {
          if (keys.has(key)) markUsed(ns, key);
          return;
        }
        for (const candidate of keys) if (candidate.startsWith(key)) markUsed(ns, candidate);
      };
      const colon = mention.key.indexOf(':');
      if (colon > 0) mark(mention.key.slice(0, colon), mention.key.slice(colon + 1));
      for (const ns of mention.namespaces) mark(ns, mention.key);
    }
  }

  for (const [ns, keys] of allKeys) {
    for (const key of keys) {
      if (used.get(ns)?.has(key)) continue;
      unused.push({ kind: 'unused', ...where(ns, 'en', key), text: `${ns}:${key}` });
    }
  }

  let keys = 0;
  for (const union of allKeys.values()) keys += union.size;
  return { locales: LOCALES, keys, missing, unused, literals };
}

export function loadAllow(file: string): Allow {
  if (!fs.existsSync(file)) return new Set();
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { strings?: Record<string, string> };
  return new Set(Object.keys(json.strings ?? {}).map(normaliseText));
}

/** The whole project: the catalogs, web/src and server, with the allow-list in scripts/. */
export function analyseProject(root: string): Report {
  const { catalogs, files } = loadCatalogs(root);
  const allow = loadAllow(path.join(root, 'scripts/i18n-allow.json'));
  const isSource = (f: string) => (f.endsWith('.ts') || f.endsWith('.tsx')) && !f.endsWith('.d.ts');
  const scans: SourceScan[] = [];
  for (const full of walk(path.join(root, 'web/src'), isSource)) {
    const file = path.relative(root, full);
    scans.push(scanWebSource(file, fs.readFileSync(full, 'utf8'), allow, folderNamespace(file, root)));
  }
  for (const full of walk(path.join(root, 'server'), isSource)) {
    scans.push(scanServerSource(path.relative(root, full), fs.readFileSync(full, 'utf8'), allow));
  }
  return buildReport({ catalogs, catalogFiles: files, readCatalogText: (f) => fs.readFileSync(path.join(root, f), 'utf8'), scans });
}

export function summaryLine(report: Report): string {
  return `i18n: locales=${report.locales.join(',')} keys=${report.keys} missing=${report.missing.length} unused=${report.unused.length} untranslated_literals=${report.literals.length}`;
}

/** Untranslated literals per top folder (web/src/features/<f>, web/src/<dir>, server/<domain>), most first. */
export function literalsByFolder(report: Report): [string, number][] {
  const counts = new Map<string, number>();
  for (const finding of report.literals) {
    const parts = finding.file.split('/');
    const folder = parts[0] === 'server' ? parts.slice(0, 2).join('/') : parts[2] === 'features' ? parts.slice(0, 4).join('/') : parts.slice(0, 3).join('/');
    counts.set(folder, (counts.get(folder) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
