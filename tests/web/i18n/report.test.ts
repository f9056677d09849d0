import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  analyseProject,
  buildReport,
  literalsByFolder,
  scanServerSource,
  scanWebSource,
  summaryLine,
  type Catalogs,
  type Finding,
  type Report,
} from '../../../scripts/i18n/analyse';

/**
 * Keeping the translations complete (issue #15): the same analysis as `npm run -s i18n:report`.
 * Every key the code uses is in every catalog, every catalog key is used, and the locales have
 * the same keys. Untranslated literals may only go down: scripts/i18n-baseline.json holds the
 * count while the screens are being translated, and drops to 0 when they all are.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BASELINE = JSON.parse(fs.readFileSync(path.join(ROOT, 'scripts/i18n-baseline.json'), 'utf8')) as {
  untranslated_literals: number;
  unused_pending?: Record<string, string>;
};

function sourceTexts(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));
}

const show = (findings: Finding[]) => findings.map((f) => `${f.file}:${f.line}: ${f.text}`);

describe('the project', () => {
  const report = analyseProject(ROOT);

  it('uses no key that a catalog lacks, and its locales have the same keys', () => {
    expect(show(report.missing)).toEqual([]);
  });

  it('has no catalog key that nothing uses (but those another branch will use, listed in the baseline)', () => {
    const pending = new Set(Object.keys(BASELINE.unused_pending ?? {}));
    expect(show(report.unused.filter((f) => !pending.has(f.text)))).toEqual([]);
  });

  it(`has no more untranslated literals than the baseline (${BASELINE.untranslated_literals})`, () => {
    const byFolder = literalsByFolder(report).map(([folder, count]) => `${count} ${folder}`);
    expect(report.literals.length, `npm run -s i18n:report -- --list shows them; by folder:\n${byFolder.join('\n')}`).toBeLessThanOrEqual(
      BASELINE.untranslated_literals,
    );
  });

  it('has a short allow-list: each entry with its reason, needed (it has letters) and still in web/src', () => {
    const allow = JSON.parse(fs.readFileSync(path.join(ROOT, 'scripts/i18n-allow.json'), 'utf8')) as { strings: Record<string, string> };
    const sources = sourceTexts(path.join(ROOT, 'web/src'));
    const problems = Object.entries(allow.strings).flatMap(([text, reason]) => [
      ...(reason.trim().length < 10 ? [`${text}: give the reason`] : []),
      ...(/\p{L}/u.test(text) ? [] : [`${text}: has no letters, so it needs no entry`]),
      ...(sources.some((source) => source.includes(text)) ? [] : [`${text}: no longer in web/src`]),
    ]);
    expect(problems).toEqual([]);
    expect(Object.keys(allow.strings).length).toBeLessThanOrEqual(25);
  });

  it('prints the line CI shows', () => {
    expect(summaryLine(report)).toMatch(/^i18n: locales=en,zh-CN keys=\d+ missing=\d+ unused=\d+ untranslated_literals=\d+$/);
  });
});

// -----------------------------------------------------------------------------------------------
// The analyser itself, on small sources

function catalogs(spec: Record<string, Record<string, Record<string, string>>>): Catalogs {
  const out: Catalogs = new Map();
  for (const [ns, byLocale] of Object.entries(spec)) {
    out.set(ns, new Map(Object.entries(byLocale).map(([locale, keys]) => [locale, new Map(Object.entries(keys))])));
  }
  return out;
}

const both = (keys: Record<string, string>) => ({ en: keys, 'zh-CN': keys });

function analyse(source: string, spec: Record<string, Record<string, Record<string, string>>>, allow: string[] = [], fallbackNs: string | null = 'reviews'): Report {
  const scan = scanWebSource('web/src/features/reviews/Page.tsx', source, new Set(allow), fallbackNs);
  return buildReport({ catalogs: catalogs(spec), scans: [scan] });
}

const texts = (findings: Finding[]) => findings.map((f) => f.text);

describe('untranslated literals', () => {
  it('finds a JSX text node with letters, on its line', () => {
    const report = analyse(`export function A() {\n  return <p>\n    Queue is empty\n  </p>;\n}`, {});
    expect(report.literals).toEqual([{ kind: 'literal', file: 'web/src/features/reviews/Page.tsx', line: 3, text: 'Queue is empty' }]);
  });

  it('finds Chinese text too, and leaves text without letters alone', () => {
    const report = analyse(`const a = <p>没有提交 {n} · — 3/4 {' · '}</p>;`, {});
    expect(texts(report.literals)).toEqual(['没有提交']);
  });

  it('finds literals in visible props, their defaults, expression children and usePageHeading', () => {
    const source = `
      function Dialog({ title, cancelLabel = 'Cancel' }: { title: string; cancelLabel?: string }) { return null; }
      export function A({ ok }: { ok: boolean }) {
        usePageHeading('Review queue');
        return <div className="queue-list" role="region" aria-label="Queue" id="main-queue">
          <Dialog title={ok ? 'Saved' : \`Failed \${1}\`} />
          <input placeholder="Search" type="search" name="query" />
          <Notice changedBy="was saved by another author" tone="info" />
          {ok ? 'Done' : null}
        </div>;
      }`;
    expect(texts(analyse(source, {}).literals).sort()).toEqual(
      ['Cancel', 'Review queue', 'Queue', 'Saved', 'Failed', 'Search', 'was saved by another author', 'Done'].sort(),
    );
  });

  it('does not report what goes through t(), code elements, or allow-listed strings', () => {
    const source = `
      export function A() {
        const { t } = useTranslation('reviews');
        return <p title={t('queue.title')}>{t('queue.title')} <span>Practicum</span> <kbd>Ctrl</kbd> <code>scenario.yaml</code></p>;
      }`;
    const report = analyse(source, { reviews: both({ 'queue.title': 'Queue' }) }, ['Practicum']);
    expect(report.literals).toEqual([]);
  });

  it('finds text kept in objects for the page and nouns given to plural(), not tokens', () => {
    const source = `
      const BADGE = { claim: { label: 'Open', tone: 'open' }, mine: { label: 'Claimed by you' } };
      const state = { message: 'offline', kind: 'Task' };
      const n = plural(3, 'point');`;
    expect(texts(analyse(source, {}).literals).sort()).toEqual(['Claimed by you', 'Open', 'point']);
  });

  it('finds text a function returns, field names for fieldMessage() and error props, not tokens and class names', () => {
    const source = `
      export function trend(n: number) { if (n === 0) return 'No scores yet'; return n > 1 ? 'just now' : 'GET'; }
      const level = (id: string) => \`mastery-level mastery-level--\${id}\`;
      const kind = () => 'open';
      const e = fieldMessage('The title', fields.title);
      const f = <Field error={bad ? 'Choose a role.' : undefined} />;`;
    expect(texts(analyse(source, {}).literals).sort()).toEqual(['Choose a role.', 'No scores yet', 'The title', 'just now']);
  });

  it('reads HTML entities as the characters they stand for', () => {
    expect(texts(analyse(`const a = <p>&amp; &#8212; &mdash;</p>; const b = <p>Q&amp;A</p>;`, {}).literals)).toEqual(['Q&A']);
  });

  it('reports an allow-listed word inside a longer text', () => {
    const report = analyse(`const a = <p>Welcome to Practicum</p>;`, {}, ['Practicum']);
    expect(texts(report.literals)).toEqual(['Welcome to Practicum']);
  });
});

describe('keys', () => {
  const reviews = both({ 'queue.title': 'Queue', 'status.open': 'Open', 'status.done': 'Done', 'labels.draft': 'Draft' });

  it('finds t("x") with a key the catalog lacks, in the namespace of its useTranslation', () => {
    const source = `export function A() { const { t } = useTranslation('reviews'); return <p>{t('queue.title')}{t('queue.nope')}</p>; }`;
    const report = analyse(source, { reviews });
    expect(texts(report.missing)).toEqual(['reviews:queue.nope']);
  });

  it('reads the namespace of t("ns:key"), i18next.t and an alias of t', () => {
    const source = `
      import i18next from 'i18next';
      export function A() {
        const { t: tc } = useTranslation('components');
        i18next.t('reviews:queue.title');
        return <p>{tc('close')}{tc('open')}</p>;
      }`;
    const report = analyse(source, { reviews, components: both({ close: 'Close' }) });
    expect(texts(report.missing)).toEqual(['components:open']);
  });

  it('counts a template key as every key under its prefix, and a map of literal keys as used', () => {
    const source = `
      const LABELS = { draft: 'labels.draft' } as const;
      export function A({ s }: { s: string }) {
        const { t } = useTranslation('reviews');
        return <p>{t(\`status.\${s}\`)} {t(LABELS.draft)}</p>;
      }`;
    const report = analyse(source, { reviews });
    expect(texts(report.unused)).toEqual(['reviews:queue.title']);
    expect(report.missing).toEqual([]);
  });

  it('reports a template prefix no key starts with', () => {
    const source = `export function A({ s }: { s: string }) { const { t } = useTranslation('reviews'); return <p>{t(\`state.\${s}\`)}</p>; }`;
    expect(texts(analyse(source, { reviews }).missing)).toEqual(['reviews:state.… (no key starts so)']);
  });

  it('reads getFixedT and useTranslation keyPrefix', () => {
    const source = `
      const tc = i18next.getFixedT(null, 'components');
      export function A() { const { t } = useTranslation('reviews', { keyPrefix: 'queue' }); return <p>{t('title')}{tc('close')}{tc('nope')}</p>; }`;
    const report = analyse(source, { reviews: both({ 'queue.title': 'Q' }), components: both({ close: 'Close' }) });
    expect(texts(report.missing)).toEqual(['components:nope']);
    expect(report.unused).toEqual([]);
  });

  it('reads <Trans i18nKey> and useTranslation([a, b])', () => {
    const source = `
      export function A() {
        const { t } = useTranslation(['reviews', 'components']);
        return <p><Trans i18nKey="queue.title" t={t} />{t('components:close')}</p>;
      }`;
    const report = analyse(source, { reviews: both({ 'queue.title': 'Q' }), components: both({ close: 'Close' }) });
    expect(report.missing).toEqual([]);
    expect(report.unused).toEqual([]);
  });

  it('counts keys one locale has and another lacks as missing', () => {
    const report = analyse(`const { t } = useTranslation('reviews'); t('a'); t('b');`, { reviews: { en: { a: 'A', b: 'B' }, 'zh-CN': { a: '甲' } } });
    expect(texts(report.missing)).toEqual(['reviews:b is not in zh-CN']);
  });

  it('finds English text given to a server error instead of a message key', () => {
    const scan = scanServerSource('server/x.ts', "throw errors.conflict('Already taken'); throw errors.notFound(msg('http.notFound')); throw new AppError('gone', `No ${x} here`); throw new AppError('gone', msg('http.gone'));");
    expect(scan.literals.map((l) => l.text)).toEqual(['Already taken', 'No here']);
  });

  it('reads server msg() calls and literal keys in server code', () => {
    const scan = scanServerSource('server/x.ts', `throw errors.x(msg('http.gone')); const k = 'http.notFound'; msg('http.nope');`);
    const report = buildReport({ catalogs: catalogs({ messages: both({ 'http.gone': 'Gone', 'http.notFound': 'Not found', 'http.spare': 'Spare' }) }), scans: [scan] });
    expect(texts(report.missing)).toEqual(['messages:http.nope']);
    expect(texts(report.unused)).toEqual(['messages:http.spare']);
  });
});

describe('keys built outside t()', () => {
  it('counts a template or a dotted literal anywhere as the keys under it, never as missing', () => {
    const server = scanServerSource('server/report.ts', "const cols = (['title', 'share'] as const).map((k) => header(`csv.gaps.${k}`)); const s = 'csv.rows.' + kind;");
    const report = buildReport({
      catalogs: catalogs({ messages: both({ 'csv.gaps.title': 'Title', 'csv.gaps.share': 'Share', 'csv.rows.a': 'A', 'csv.other': 'O' }) }),
      scans: [server],
    });
    expect(texts(report.unused)).toEqual(['messages:csv.other']);
    expect(report.missing).toEqual([]);
  });

  it('does not count a key made of a variable alone (`messages:${key}`) as the whole namespace', () => {
    const source = 'export const text = (key: string) => i18next.t(`messages:${key}`);';
    const report = analyse(source, { messages: both({ 'http.gone': 'Gone' }) });
    expect(texts(report.unused)).toEqual(['messages:http.gone']);
  });
});

describe('translating wrappers', () => {
  it('reads keys through a small wrapper of i18next.t or t, with its prefix', () => {
    const source = `
      import i18next from 'i18next';
      const t = (key: string, params?: Record<string, unknown>) => i18next.t(\`authoring:schema.expected.\${key}\`, params ?? {});
      export function describe() { return t('number') + t('nope'); }
      export function Status({ s }: { s: string }) {
        const { t: tr } = useTranslation('reviews');
        const label = (state: string) => tr(\`status.\${state}\`);
        return <p>{label('open')}{label('gone')}</p>;
      }`;
    const report = analyse(source, {
      authoring: both({ 'schema.expected.number': 'a number', 'schema.expected.text': 'text' }),
      reviews: both({ 'status.open': 'Open', 'status.done': 'Done' }),
    });
    expect(texts(report.missing).sort()).toEqual(['authoring:schema.expected.nope', 'reviews:status.gone']);
    expect(texts(report.unused).sort()).toEqual(['authoring:schema.expected.text', 'reviews:status.done']);
  });

  it('reads the namespace a wrapper gives in the options', () => {
    const source = `const t = (key: string, params?: Record<string, unknown>) => i18next.t(key, { ns: 'competency', ...params }); t('levels.none'); t('levels.gone');`;
    const report = analyse(source, { competency: both({ 'levels.none': 'No evidence' }) });
    expect(texts(report.missing)).toEqual(['competency:levels.gone']);
    expect(report.unused).toEqual([]);
  });

  it('uses the keys a wrapper’s typed parameter allows, and every key under an exported untyped one', () => {
    const typed = `export function clientText(key: 'offline' | 'gone') { return i18next.t(\`shell:problem.\${key}\`); }`;
    const report = analyse(typed, { shell: both({ 'problem.offline': 'Offline', 'problem.timeout': 'Timeout' }) });
    expect(texts(report.missing)).toEqual(['shell:problem.gone']);
    expect(texts(report.unused)).toEqual(['shell:problem.timeout']);
    const untyped = `export const label = (key: string) => i18next.t(\`shell:problem.\${key}\`);`;
    expect(analyse(untyped, { shell: both({ 'problem.offline': 'Offline', 'problem.timeout': 'Timeout' }) }).unused).toEqual([]);
  });
});
