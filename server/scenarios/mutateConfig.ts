import { parseAllDocuments } from 'yaml';

/**
 * Mutants for configuration files that `file` checks read: the mistakes people make in a
 * Deployment, a crontab, an nginx server block or a JSON file. They work line by line and never
 * touch a comment or (outside YAML) a quoted string. A YAML or JSON mutant that no longer parses
 * is dropped here, as a JavaScript mutant that no longer compiles is dropped by validation.
 *
 * The type lives here rather than in mutate.ts so that mutate.ts can import this file without a
 * circle; mutate.ts re-exports it.
 */
export type Mutant = {
  file: string;
  line: number;
  description: string;
  before: string;
  after: string;
  content: string;
  /** The whole text the mutation changes (shown texts may be cut): with file and description, what names this mutant across edits elsewhere. */
  identity: string;
};

export type ConfigKind = 'yaml' | 'json' | 'crontab' | 'conf' | 'keyvalue';

export function configKindOf(file: string): ConfigKind | undefined {
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  if (/\.json$/i.test(file)) return 'json';
  if (/(^|\/)crontab$|\.crontab$|(^|\/)cron(\.d)?\/[^/]+$/i.test(file)) return 'crontab';
  if (/\.conf$/i.test(file)) return 'conf';
  if (/\.(env|ini)$|(^|\/)\.env(\.[\w.-]+)?$/i.test(file)) return 'keyvalue';
  return undefined;
}

/** The config-aware mutants of a file, or undefined when it is not a config file. */
export function configMutantsOf(file: string, src: string): Mutant[] | undefined {
  switch (configKindOf(file)) {
    case 'yaml': return keepParsing(src, yamlMutants(file, src), (text) => parseAllDocuments(text).every((d) => d.errors.length === 0));
    case 'json': return keepParsing(src, jsonMutants(file, src), (text) => { JSON.parse(text); return true; });
    case 'crontab': return crontabMutants(file, src);
    case 'conf': return confMutants(file, src);
    case 'keyvalue': return keyValueMutants(file, src);
    default: return undefined;
  }
}

/** Drops mutants that break the file's syntax — but only when the solution itself parses. */
function keepParsing(src: string, mutants: Mutant[], parses: (text: string) => boolean): Mutant[] {
  const ok = (text: string) => {
    try {
      return parses(text);
    } catch {
      return false;
    }
  };
  return ok(src) ? mutants.filter((m) => ok(m.content)) : mutants;
}

type Change = { to: string; description: string };

const cut = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

/** n ± one unit of its own precision (30 → 31, 1.5 → 1.4); never below zero from zero or more. */
function step(text: string, by: 1 | -1): string | undefined {
  const n = Number(text);
  if (!Number.isFinite(n)) return undefined;
  const decimals = text.includes('.') ? text.split('.')[1]!.length : 0;
  const v = n + by * 10 ** -decimals;
  return v < 0 && n >= 0 ? undefined : v.toFixed(decimals);
}

const numberSteps = (sign: string, digits: string, unit = ''): Change[] =>
  ([1, -1] as const).flatMap((by) => {
    const to = step(digits, by);
    return to === undefined ? [] : [{ to: `${sign}${to}${unit}`, description: `constant ${sign}${digits}${unit} → ${sign}${to}${unit}` }];
  });

const SWITCHES: Record<string, string> = { true: 'false', false: 'true', on: 'off', off: 'on', yes: 'no', no: 'yes' };
/** Neighbouring values of enumerations that configs commonly hold. */
const NEIGHBOURS: Record<string, string> = {
  RollingUpdate: 'Recreate', Recreate: 'RollingUpdate', Always: 'IfNotPresent', IfNotPresent: 'Always', Never: 'IfNotPresent',
  ClusterIP: 'NodePort', NodePort: 'ClusterIP', LoadBalancer: 'NodePort', TCP: 'UDP', UDP: 'TCP', http: 'https', https: 'http',
  allow: 'deny', deny: 'allow', debug: 'info', info: 'warn', warn: 'error', error: 'warn', enabled: 'disabled', disabled: 'enabled',
  Retain: 'Delete', Delete: 'Retain', ReadWriteOnce: 'ReadWriteMany', ReadWriteMany: 'ReadWriteOnce',
};
const SCHEMES: Record<string, string> = { http: 'https', https: 'http', ws: 'wss', wss: 'ws' };
/** Unit mix-ups: Mi for Gi, minutes for seconds; '' drops the unit (500m CPU → 500 CPUs, 20m → 20 bytes). */
const UNIT_SWAPS: Record<string, string> = {
  Ki: 'Mi', Mi: 'Gi', Gi: 'Mi', Ti: 'Gi', K: 'M', M: 'G', G: 'M', k: 'm', g: 'm', m: '', ms: 's', s: 'm', h: 'm', d: 'h',
};

function matchCase(from: string, to: string): string {
  if (from === from.toUpperCase()) return to.toUpperCase();
  return from[0] === from[0]!.toUpperCase() ? to[0]!.toUpperCase() + to.slice(1) : to;
}

/** The plausible wrong values for one unquoted scalar: switches, numbers, units, tags, URLs, paths. */
export function scalarChanges(value: string): Change[] {
  const v = value.trim();
  const flip = Object.hasOwn(SWITCHES, v.toLowerCase()) ? matchCase(v, SWITCHES[v.toLowerCase()]!) : undefined;
  if (flip) return [{ to: flip, description: `${v} → ${flip}` }];
  const neighbour = Object.hasOwn(NEIGHBOURS, v) ? NEIGHBOURS[v] : undefined;
  if (neighbour) return [{ to: neighbour, description: `${v} → ${neighbour}` }];
  let m = /^([+-]?)(\d+(?:\.\d+)?)$/.exec(v);
  if (m) return numberSteps(m[1]!, m[2]!);
  m = /^([+-]?)(\d+(?:\.\d+)?)([A-Za-z]{1,2})$/.exec(v);
  if (m && Object.hasOwn(UNIT_SWAPS, m[3]!)) {
    const to = `${m[1]}${m[2]}${UNIT_SWAPS[m[3]!]}`;
    return [...numberSteps(m[1]!, m[2]!, m[3]), { to, description: UNIT_SWAPS[m[3]!] ? `unit ${v} → ${to}` : `unit dropped: ${v} → ${to}` }];
  }
  m = /^(v?\d+(?:\.\d+){2,})([-+][\w.]+)?$/.exec(v);
  if (m) return versionChanges(v, 'version');
  m = /^([a-z][a-z0-9+.-]*):\/\/([^/\s]+)(\/\S*)?$/i.exec(v);
  if (m) {
    const [, scheme, host, path = ''] = m as unknown as [string, string, string, string?];
    const out: Change[] = [];
    const other = Object.hasOwn(SCHEMES, scheme.toLowerCase()) ? SCHEMES[scheme.toLowerCase()] : undefined;
    if (other) out.push({ to: `${other}://${host}${path}`, description: `scheme ${scheme} → ${other}` });
    out.push(...portChanges(host).map((c) => ({ to: `${scheme}://${c.to}${path}`, description: c.description })));
    const shorter = path.replace(/[^/]+\/?$/, '');
    if (shorter !== path) out.push({ to: `${scheme}://${host}${shorter}`, description: `path ${cut(path)} → ${shorter}` });
    return out;
  }
  m = /^(.*\/[^:]*):([\w][\w.-]*)$/.exec(v);
  if (m && !/^\d+$/.test(m[2]!)) return versionChanges(m[2]!, 'tag').map((c) => ({ to: `${m![1]}:${c.to}`, description: c.description }));
  if (/^[\w.-]+:\d{1,5}$/.test(v)) return portChanges(v);
  m = /^((?:~|\.{1,2})?\/(?:[^/\s]+\/)*?[^/\s]+)\/([^/\s]+)\/?$/.exec(v);
  if (m) return [{ to: m[1]!, description: `path ${cut(v)} → ${cut(m[1]!)}` }];
  return [];
}

/** A release tag: the next patch release, or `latest` (whatever was built last). */
function versionChanges(tag: string, what: string): Change[] {
  const out: Change[] = [];
  const last = /(\d+)(?!.*\d)/.exec(tag);
  if (last && /\d+\.\d+/.test(tag)) {
    const to = tag.slice(0, last.index) + String(Number(last[1]) + 1) + tag.slice(last.index + last[1]!.length);
    out.push({ to, description: `${what} ${tag} → ${to}` });
  }
  if (tag !== 'latest') out.push({ to: 'latest', description: `${what} ${tag} → latest` });
  return out;
}

function portChanges(hostPort: string): Change[] {
  const m = /^(.*):(\d{1,5})$/.exec(hostPort);
  if (!m) return [];
  return ([1, -1] as const).map((by) => {
    const port = String(Number(m[2]) + by);
    return { to: `${m[1]}:${port}`, description: `port ${m[2]} → ${port}` };
  });
}

/** Where a trailing comment starts (a # after whitespace, outside quotes), or the line's length. */
function commentStart(line: string): number {
  let quote = '';
  for (let k = 0; k < line.length; k++) {
    const c = line[k]!;
    if (quote) {
      if (c === '\\' && quote === '"') k++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (k === 0 || /\s/.test(line[k - 1]!))) return k;
  }
  return line.length;
}

const indentOf = (line: string) => line.length - line.trimStart().length;

function lineMutant(file: string, lines: string[], i: number, from: number, to: number, text: string, description: string, context = ''): Mutant {
  const raw = lines[i]!;
  const changed = raw.slice(0, from) + text + raw.slice(to);
  const content = [...lines.slice(0, i), changed, ...lines.slice(i + 1)].join('\n');
  return { file, line: i + 1, description, before: raw.trim(), after: changed.trim(), content, identity: `${context}\n${uncommented(raw)}\n${uncommented(changed)}` };
}

/** A line as the identity sees it: comments are not part of what a mutant changes, so editing one keeps its marks. */
const uncommented = (line: string) => line.slice(0, commentStart(line)).trim();

/** Lines from..to replaced by `replacement` (a deletion when empty). */
function blockMutant(file: string, lines: string[], from: number, to: number, replacement: string[], description: string, context: string): Mutant {
  const removed = lines.slice(from, to + 1);
  const content = [...lines.slice(0, from), ...replacement, ...lines.slice(to + 1)].join('\n');
  const after = replacement.length === 0 ? '(removed)' : replacement[0]!.trim();
  return { file, line: from + 1, description, before: removed[0]!.trim(), after, content, identity: `${context}\n${removed.map(uncommented).filter(Boolean).join('\n')}` };
}

/** Each scalar of a value: plain, quoted (the quotes stay) or the bare numbers and switches of a flow collection. */
function valueChanges(value: string): { from: number; to: number; change: Change }[] {
  const out: { from: number; to: number; change: Change }[] = [];
  if (value === '' || /^[|>&*!]/.test(value)) return out;
  if (/^[[{]/.test(value)) {
    const piece = /"(?:[^"\\]|\\.)*"|'[^']*'|[^\s,[\]{}"'][^,[\]{}"']*?(?=\s*[,\]}])/g;
    for (const p of value.matchAll(piece)) {
      const text = p[0].replace(/^[^:]*:\s+/, '');
      const at = p.index + p[0].length - text.length;
      if (/^[\d+-]|^(true|false)$/i.test(text)) for (const change of scalarChanges(text)) out.push({ from: at, to: at + text.length, change });
    }
    return out;
  }
  const quoted = /^(["'])(.*)\1$/.exec(value);
  const inner = quoted ? quoted[2]! : value;
  const at = quoted ? 1 : 0;
  for (const change of scalarChanges(inner)) out.push({ from: at, to: at + inner.length, change });
  return out;
}

/** The last line of the block a line opens: every following line indented deeper than `col`. */
function blockEnd(lines: string[], i: number, col: number): number {
  let last = i;
  for (let j = i + 1; j < lines.length; j++) {
    const t = lines[j]!.trim();
    if (t === '' || t.startsWith('#')) continue;
    if (indentOf(lines[j]!) <= col) break;
    last = j;
  }
  return last;
}

const MAX_DROPPED_BLOCK = 12;

/**
 * YAML: each scalar value changed, each key deleted with its nested block (each list item
 * dropped), and each nested key moved one level out. A key's path (spec.strategy.type; `-` for
 * a list item, never its index) is part of the identity, so equal lines in two places differ.
 */
function yamlMutants(file: string, src: string): Mutant[] {
  const lines = src.split('\n');
  const out: Mutant[] = [];
  const stack: { col: number; key: string }[] = [];
  let blockScalarCol: number | undefined;
  for (const [i, raw] of lines.entries()) {
    const trimmed = raw.trim();
    const indent = indentOf(raw);
    if (blockScalarCol !== undefined) {
      if (trimmed === '' || indent > blockScalarCol) continue;
      blockScalarCol = undefined;
    }
    if (trimmed === '' || trimmed.startsWith('#') || /^(---|\.\.\.)(\s|$)/.test(trimmed)) continue;
    while (stack.length > 0 && stack.at(-1)!.col >= indent) stack.pop();
    const dashes = /^(?:-(?:[ \t]+|$))*/.exec(raw.slice(indent))![0];
    let col = indent;
    for (const d of dashes.match(/-[ \t]*/g) ?? []) {
      stack.push({ col, key: '-' });
      col += d.length;
    }
    const rest = raw.slice(col);
    const kv = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^\s#'"[{][^#]*?)[ \t]*:(?=[ \t]|$)[ \t]*/.exec(rest);
    const key = kv ? kv[1]!.replace(/^(["'])(.*)\1$/, '$2') : undefined;
    const parent = [...stack].reverse().find((s) => s.key !== '-');
    if (key !== undefined) stack.push({ col, key });
    const path = stack.map((s) => s.key).join('.');
    const valueAt = col + (kv ? kv[0].length : 0);
    const value = raw.slice(valueAt, valueAt + commentStart(raw.slice(valueAt))).trimEnd();
    if (/^[|>]/.test(value)) blockScalarCol = key !== undefined ? col : indent;
    for (const { from, to, change } of valueChanges(value)) {
      out.push(lineMutant(file, lines, i, valueAt + from, valueAt + to, change.to, change.description, path));
    }
    if (dashes) {
      const end = blockEnd(lines, i, indent);
      if (end - i < MAX_DROPPED_BLOCK) out.push(blockMutant(file, lines, i, end, [], 'list item dropped', path));
      continue;
    }
    if (key === undefined) continue;
    const end = blockEnd(lines, i, col);
    if (end - i < MAX_DROPPED_BLOCK) out.push(blockMutant(file, lines, i, end, [], `key ${key} deleted`, path));
    if (parent && parent.col < col && end - i < MAX_DROPPED_BLOCK) {
      const shift = col - parent.col;
      const moved = lines.slice(i, end + 1).map((l) => (indentOf(l) >= shift ? l.slice(shift) : l));
      // Shown with its indentation: the indentation is the mistake.
      out.push({ ...blockMutant(file, lines, i, end, moved, `key ${key} moved out of ${parent.key}`, path), before: raw.trimEnd(), after: moved[0]!.trimEnd() });
    }
  }
  return out;
}

/** JSON: switches and numbers ±1 outside strings (a JSON file has no comments). */
function jsonMutants(file: string, src: string): Mutant[] {
  const lines = src.split('\n');
  const out: Mutant[] = [];
  for (const [i, raw] of lines.entries()) {
    for (const t of raw.matchAll(/"(?:[^"\\]|\\.)*"|(?<![\w.])(-?)(\d+(?:\.\d+)?)(?![\d.eE])|\b(true|false)\b/g)) {
      if (t[3]) out.push(lineMutant(file, lines, i, t.index, t.index + t[3].length, SWITCHES[t[3]]!, `${t[3]} → ${SWITCHES[t[3]]}`));
      else if (t[2]) {
        const at = t.index + t[1]!.length;
        for (const c of numberSteps('', t[2])) out.push(lineMutant(file, lines, i, at, at + t[2].length, c.to, c.description));
      }
    }
  }
  return out;
}

/** The five time fields and the values each accepts (day of week 7 is Sunday, as 0 is). */
const CRON_FIELDS = [['minute', 0, 59], ['hour', 0, 23], ['day of month', 1, 31], ['month', 1, 12], ['day of week', 0, 7]] as const;

/** The wrong values of one item of a time field (`*`, `n`, `a-b`, each with an optional `/step`), all still valid cron. */
function cronItemChanges(item: string, min: number, max: number): string[] {
  const m = /^(?:(\*)|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
  if (!m) return [];
  const [, star, a, b, s] = m;
  const stepText = s ? `/${s}` : '';
  const ok = (n: number) => n >= min && n <= max;
  const out: string[] = [];
  if (s) {
    const base = item.slice(0, item.indexOf('/'));
    out.push(`${base}/${Number(s) + 1}`, base);
    if (Number(s) > 1) out.push(`${base}/${Number(s) - 1}`);
  }
  if (star) return s ? out : [String(min)];
  const x = Number(a);
  if (b === undefined) {
    for (const n of [x + 1, x - 1]) if (ok(n)) out.push(`${n}${stepText}`);
    if (!s) out.push('*');
    return out;
  }
  const y = Number(b);
  for (const n of [y + 1, y - 1]) if (ok(n) && n > x) out.push(`${x}-${n}${stepText}`);
  for (const n of [x + 1, x - 1]) if (ok(n) && n < y) out.push(`${n}-${y}${stepText}`);
  out.push('*');
  return out;
}

/**
 * crontab: each time field's values, ranges and steps; a number argument of the command ±1
 * (find's -mtime +13, -maxdepth 1); each entry or variable line dropped.
 */
function crontabMutants(file: string, src: string): Mutant[] {
  const lines = src.split('\n');
  const out: Mutant[] = [];
  for (const [i, raw] of lines.entries()) {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const variable = /^[A-Za-z_]\w*\s*=/.test(trimmed);
    out.push(blockMutant(file, lines, i, i, [], variable ? 'variable line dropped' : 'crontab entry dropped', ''));
    if (variable || trimmed.startsWith('@')) continue;
    const words = [...raw.matchAll(/\S+/g)];
    if (words.length < 6) continue;
    for (const [f, [name, min, max]] of CRON_FIELDS.entries()) {
      const word = words[f]!;
      let itemAt = word.index;
      for (const item of word[0].split(',')) {
        for (const to of cronItemChanges(item, min, max)) {
          const after = word[0].slice(0, itemAt - word.index) + to + word[0].slice(itemAt - word.index + item.length);
          out.push(lineMutant(file, lines, i, itemAt, itemAt + item.length, to, `${name} ${word[0]} → ${after}`, name));
        }
        itemAt += item.length + 1;
      }
    }
    for (const word of words.slice(5)) {
      const m = /^([+-]?)(\d+)([a-zA-Z]{0,2})$/.exec(word[0]);
      if (!m || (m[3] && !Object.hasOwn(UNIT_SWAPS, m[3]))) continue;
      for (const c of numberSteps(m[1]!, m[2]!, m[3])) out.push(lineMutant(file, lines, i, word.index, word.index + word[0].length, c.to, c.description));
    }
  }
  return out;
}

/**
 * nginx-style .conf: each directive line (ending in `;`, no braces) dropped, and each unquoted
 * argument changed (on/off, numbers ±1, units, ports, paths). `key = value` lines are settings.
 */
function confMutants(file: string, src: string): Mutant[] {
  const lines = src.split('\n');
  const out: Mutant[] = [];
  for (const [i, raw] of lines.entries()) {
    const body = raw.slice(0, commentStart(raw));
    const line = body.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (/^[\w.-]+\s*[=:]/.test(line) && !line.endsWith(';')) {
      out.push(...settingMutants(file, lines, i, body));
      continue;
    }
    if (line.endsWith(';') && !/[{}]/.test(line)) {
      out.push({ file, line: i + 1, description: 'statement dropped', before: line, after: '(removed)', content: [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n'), identity: line });
    }
    const args = [...body.matchAll(/"(?:[^"\\]|\\.)*"|'[^']*'|[^\s;{}]+/g)].slice(1);
    for (const arg of args) {
      if (/^["'$]/.test(arg[0])) continue;
      for (const c of scalarChanges(arg[0])) out.push(lineMutant(file, lines, i, arg.index, arg.index + arg[0].length, c.to, c.description));
    }
  }
  return out;
}

/** One `key = value` / `KEY=value` line: dropped, or its value changed. */
function settingMutants(file: string, lines: string[], i: number, body: string): Mutant[] {
  const m = /^(\s*(?:export\s+)?([\w.-]+)\s*[=:]\s*)(.*?)\s*$/.exec(body)!;
  const out = [blockMutant(file, lines, i, i, [], `setting ${m[2]} dropped`, '')];
  for (const { from, to, change } of valueChanges(m[3]!)) {
    out.push(lineMutant(file, lines, i, m[1]!.length + from, m[1]!.length + to, change.to, change.description, m[2]));
  }
  return out;
}

/** .env and .ini: each setting dropped or its value changed; sections and comments (# or ;) stay. */
function keyValueMutants(file: string, src: string): Mutant[] {
  const lines = src.split('\n');
  const out: Mutant[] = [];
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || /^[#;[]/.test(line) || !/^(export\s+)?[\w.-]+\s*[=:]/.test(line)) continue;
    out.push(...settingMutants(file, lines, i, raw.slice(0, commentStart(raw))));
  }
  return out;
}
