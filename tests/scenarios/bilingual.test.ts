import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { presentAttempt, presentDelivery, localizeResults } from '../../server/attempts/present';
import type { Note } from '../../server/grading/notes';
import type { AssignmentRow, AttemptRow } from '../../server/attempts/repo';
import { loadFrameworkFile } from '../../server/competency/framework';
import { askedLocale, inLocale, localeFromHeader } from '../../server/http/locale';
import { SCENARIOS_DIR } from '../../server/scenarios/discover';
import { formatProblem, lintPackage, type PackageProblem } from '../../server/scenarios/lint';
import { msg, render, type MessageKey } from '../../server/messages';
import { localize } from '../../server/scenarios/localized';
import { loadPackage, packageFromFiles, type ScenarioPackage } from '../../server/scenarios/package';
import { manifestFor } from '../helpers/scenario';
import { clockStart } from '../helpers/clock';

/**
 * Bilingual packages (issue 15): per-language texts in scenario.yaml and `.zh-CN.md` siblings,
 * checked complete in every language the package lists, and shown in the reader's language.
 */

const framework = loadFrameworkFile();

const bi = (en: string, zh: string) => ({ en, 'zh-CN': zh });

function bilingualManifest(extra: Record<string, unknown> = {}) {
  return manifestFor(
    'bi-pkg',
    [
      {
        id: 'quote',
        title: bi('Quote the order', '给订单报价'),
        instructions: 'tasks/quote.md',
        checks: [
          {
            id: 'total',
            title: bi('The total', '合计金额'),
            kind: 'answer',
            question: bi('What is the total in yuan?', '合计多少元？'),
            answer: { type: 'number', value: 12, unit: bi('yuan', '元') },
            hint: bi('Add the surcharge.', '别忘了加附加费。'),
            visible: true,
            points: 10,
            competencies: { 'data.analysis': 1 },
          },
          {
            id: 'notes',
            title: bi('Notes', '说明'),
            kind: 'file',
            file: 'notes.txt',
            assertions: [{ regex: 'done', message: bi('Say that you are done.', '写明已完成。') }],
            points: 10,
            competencies: { 'communication.technical': 1 },
          },
        ],
      },
    ],
    {
      title: bi('Quote the order', '订单报价'),
      enterprise: bi('Swift Logistics (fictional)', '迅捷物流（虚构）'),
      role: bi('Junior technician', '初级技术员'),
      languages: ['en', 'zh-CN'],
      events: [{ id: 'hello', after: 'start', from: bi('Li Wei, dispatch', '调度主管李伟'), subject: bi('Welcome', '欢迎'), body: 'events/hello.md' }],
      ...extra,
    },
  );
}

const bilingualFiles: Record<string, string> = {
  'brief.md': '# Swift Logistics',
  'brief.zh-CN.md': '# 迅捷物流',
  'tasks/quote.md': 'Quote the order.',
  'tasks/quote.zh-CN.md': '请给订单报价。',
  'events/hello.md': 'Welcome aboard.',
  'events/hello.zh-CN.md': '欢迎加入。',
  'workspace/answers.json': '{ "total": "" }',
  'workspace/notes.txt': '',
  'solution/answers.json': '{ "total": 12 }',
  'solution/notes.txt': 'done',
};

function lint(manifest: unknown, files: Record<string, string | undefined> = {}) {
  const all = Object.entries({ ...bilingualFiles, ...files, 'scenario.yaml': typeof manifest === 'string' ? manifest : stringify(manifest) }).filter(
    (e): e is [string, string] => e[1] !== undefined,
  );
  return lintPackage('bi-pkg', new Map(all), framework);
}

function pkgOf(manifest: unknown, files: Record<string, string> = bilingualFiles): ScenarioPackage {
  const { pkg, problems } = packageFromFiles('bi-pkg', new Map(Object.entries({ ...files, 'scenario.yaml': stringify(manifest) })), framework);
  expect(problems.map(formatProblem)).toEqual([]);
  return pkg!;
}

describe('validating a bilingual package', () => {
  it('accepts a package complete in both languages, and keeps the default language in its manifest', () => {
    const { manifest, problems } = lint(bilingualManifest());
    expect(problems.map(formatProblem)).toEqual([]);
    expect(manifest!.title).toBe('Quote the order');
    expect(manifest!.tasks[0]!.checks[0]!.title).toBe('The total');
  });

  it('names each text without its zh-CN version, and each Markdown file without its .zh-CN.md sibling', () => {
    const manifest = bilingualManifest({ title: { en: 'Quote the order' } });
    const { problems } = lint(manifest, { 'tasks/quote.zh-CN.md': undefined });
    expect(problems.map(formatProblem)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^scenario\.yaml:line \d+ at title: has no zh-CN text, and the package says it is complete in zh-CN/),
        'tasks/quote.zh-CN.md: is missing: the package says it is complete in zh-CN (`languages`), so tasks/quote.md needs its zh-CN version tasks/quote.zh-CN.md',
      ]),
    );
    expect(problems).toHaveLength(2);
  });

  it('says a text in one language only is not enough in a bilingual package (numbers and symbols are)', () => {
    const manifest = bilingualManifest({ role: 'Junior technician' });
    const tasks = manifest.tasks as { checks: { answer?: { unit?: unknown } }[] }[];
    tasks[0]!.checks[0]!.answer!.unit = '%';
    const { problems } = lint(manifest);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'role: is in one language only, and the package is in en and zh-CN (`languages`): write it in each, e.g. role: { en: …, zh-CN: … }',
    ]);
  });

  it('names a key that is no language, with the one meant, at its own line', () => {
    const yaml = stringify(bilingualManifest({ title: { en: 'Quote the order', zh: '订单报价' } }));
    const { problems } = lint(yaml);
    const line = yaml.split('\n').findIndex((l) => /^\s+zh:/.test(l)) + 1;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'scenario.yaml',
          path: 'title',
          line,
          message: '`zh` is not a language of scenario packages — did you mean `zh-CN`? (a text in several languages has `en`, `zh-CN`)',
        }),
      ]),
    );
  });

  it('wants the default language among `languages`', () => {
    const { problems } = lint(bilingualManifest({ languages: ['zh-CN'] }));
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'languages: lists the languages the package is complete in, so it includes its default language en (`language`): languages: [en, zh-CN]',
    ]);
  });

  it('lets a monolingual package carry texts per language without checking them complete', () => {
    const manifest = bilingualManifest({ languages: undefined, title: { en: 'Quote the order' } });
    const { problems } = lint(manifest, { 'brief.zh-CN.md': undefined });
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('checks the paths a translation names, as the original’s', () => {
    const { problems } = lint(bilingualManifest(), { 'brief.zh-CN.md': '请打开 `src/missing.js`。' });
    expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/^brief\.zh-CN\.md:line 1: names `src\/missing\.js`, which is not in the package/)]);
  });
});

describe('the three shipped bilingual scenarios', () => {
  for (const slug of ['freight-quote', 'order-reconciliation', 'overdue-invoices']) {
    it(`${slug} is complete in en and zh-CN, and reads in Chinese for a zh-CN reader`, () => {
      const { pkg, problems } = loadPackage(path.join(SCENARIOS_DIR, slug), framework);
      expect(problems.map(formatProblem)).toEqual([]);
      expect(pkg!.manifest.languages).toEqual(['en', 'zh-CN']);
      const zh = localize(pkg!, 'zh-CN');
      expect(zh).toMatchObject({ language: 'zh-CN', fallback: false });
      const cjk = /[\u4e00-\u9fff]/;
      expect(zh.manifest.title).toMatch(cjk);
      expect(zh.text(zh.manifest.brief)).toMatch(cjk);
      for (const t of zh.manifest.tasks) {
        expect(t.title).toMatch(cjk);
        expect(zh.text(t.instructions)).toMatch(cjk);
        for (const c of t.checks) expect(c.title).toMatch(cjk);
        for (const r of t.rubric) for (const l of r.levels) expect(l.text).toMatch(cjk);
      }
      for (const e of zh.manifest.events) expect(zh.text(e.body)).toMatch(cjk);
      expect(localize(pkg!, 'en').manifest.title).not.toMatch(cjk);
    });
  }
});

// Times from the clock the test controls, not a calendar date real time will pass.
const START = clockStart();
const attempt = {
  id: '00000000-0000-4000-8000-000000000001',
  assignment_id: '00000000-0000-4000-8000-000000000002',
  student_id: 'u',
  number: 1,
  status: 'in_progress',
  started_at: new Date(START),
  deadline_at: new Date(START + 60 * 60_000),
  submitted_at: null,
} as unknown as AttemptRow;
const assignment = { id: 'a', title: 'Assignment', mode: 'practice', review: 'none', reveal_policy: 'full', closes_at: null } as unknown as AssignmentRow;
const now = new Date(START + 10 * 60_000);

function view(pkg: ScenarioPackage, language?: 'en' | 'zh-CN') {
  return presentAttempt({
    attempt,
    assignment,
    pkg,
    files: [],
    delivered: new Map([['hello', now]]),
    lastRun: [{ id: 'total', task: 'quote', title: 'The total', kind: 'answer', visible: true, passed: false, points: 10, earned: 0, messages: ['Expected 12.', 'Hint: Add the surcharge.'] }],
    submission: null,
    review: null,
    now,
    language,
  });
}

describe('presenting a scenario in the reader’s language', () => {
  it('gives a zh-CN reader the Chinese brief, tasks, checks, messages and hints', () => {
    const v = view(pkgOf(bilingualManifest()), 'zh-CN');
    expect(v.scenario).toMatchObject({ title: '订单报价', enterprise: '迅捷物流（虚构）', role: '初级技术员', brief: '# 迅捷物流', language: 'zh-CN', fallback: false });
    expect(v.tasks[0]).toMatchObject({ title: '给订单报价', instructions: '请给订单报价。' });
    expect(v.tasks[0]!.checks[0]).toMatchObject({ title: '合计金额', question: '合计多少元？', unit: '元' });
    expect(v.events[0]).toMatchObject({ from: '调度主管李伟', subject: '欢迎', body: '欢迎加入。' });
    expect(v.lastRun![0]).toMatchObject({ title: '合计金额', messages: ['Expected 12.', '提示：别忘了加附加费。'] });
  });

  it('gives an English reader (and one who names no language) the English texts', () => {
    for (const lang of ['en', undefined] as const) {
      const v = view(pkgOf(bilingualManifest()), lang);
      expect(v.scenario).toMatchObject({ title: 'Quote the order', brief: '# Swift Logistics', language: 'en', fallback: false });
      expect(v.events[0]!.body).toBe('Welcome aboard.');
    }
  });

  it('gives the reader of a package not written in their language its default language, with the fallback flag', () => {
    const english = manifestFor('bi-pkg', [{ id: 'quote', title: 'Quote the order', instructions: 'tasks/quote.md', checks: [] , rubric: [{ id: 'r', title: 'R', points: 1, levels: [{ score: 0, text: 'No' }, { score: 1, text: 'Yes' }], competencies: { 'data.analysis': 1 } }] }], {
      events: [{ id: 'hello', after: 'start', from: 'Li Wei', subject: 'Welcome', body: 'events/hello.md' }],
    });
    const { 'workspace/answers.json': _w, 'solution/answers.json': _s, ...rest } = bilingualFiles;
    const files = { ...rest, 'brief.zh-CN.md': '# 半成品翻译' };
    const v = view(pkgOf(english, files), 'zh-CN');
    expect(v.scenario).toMatchObject({ title: 'Test scenario bi-pkg', brief: '# Swift Logistics', language: 'en', fallback: true });

    const chinese = { ...english, language: 'zh-CN', title: '订单报价' };
    const c = view(pkgOf(chinese, { ...files, 'brief.md': '# 迅捷物流' }), 'en');
    expect(c.scenario).toMatchObject({ title: '订单报价', brief: '# 迅捷物流', language: 'zh-CN', fallback: true });
  });

  it('pushes a message in each language of a bilingual package, and in one for the others', () => {
    const pushed = presentDelivery(pkgOf(bilingualManifest()), 'hello', now);
    expect(pushed.event.subject).toBe('Welcome');
    expect(pushed.byLanguage?.['zh-CN']).toMatchObject({ subject: '欢迎', body: '欢迎加入。' });
    const single = presentDelivery(pkgOf(bilingualManifest({ languages: undefined })), 'hello', now);
    expect(single.byLanguage).toBeUndefined();
  });

  it('translates an author’s assertion message in a result, and leaves the grader’s own words', () => {
    const pkg = pkgOf(bilingualManifest());
    const results = [{ id: 'notes', title: 'Notes', messages: ['Say that you are done.', 'notes.txt: no match'] }];
    expect(localizeResults(results, pkg.manifest, localize(pkg, 'zh-CN'))).toEqual([{ id: 'notes', title: '说明', messages: ['写明已完成。', 'notes.txt: no match'] }]);
  });

  it('keeps a result’s notes beside its messages: the author’s words and the hint follow the language, the grader’s keys stay', () => {
    const pkg = pkgOf(bilingualManifest());
    const notes: Note[] = [
      { key: 'grading.text', params: { text: 'Say that you are done.' } },
      { key: 'grading.file.noMatch', params: { file: 'notes.txt' } },
    ];
    const results = [{ id: 'notes', title: 'Notes', messages: ['Say that you are done.', 'notes.txt does not contain what is expected.'], notes }];
    expect(localizeResults(results, pkg.manifest, localize(pkg, 'zh-CN'))[0]!.notes).toEqual([
      { key: 'grading.text', params: { text: '写明已完成。' } },
      { key: 'grading.file.noMatch', params: { file: 'notes.txt' } },
    ]);
    const answer = [{ id: 'total', title: 'The total', messages: ['The number is not right.', 'Hint: Add the surcharge.'], notes: [{ key: 'grading.answer.numberWrong' }, { key: 'grading.answer.hint', params: { hint: 'Add the surcharge.' } }] }];
    expect(localizeResults(answer, pkg.manifest, localize(pkg, 'zh-CN'))[0]!.notes).toEqual([
      { key: 'grading.answer.numberWrong' },
      { key: 'grading.answer.hint', params: { hint: '别忘了加附加费。' } },
    ]);
  });
});

describe('the reader’s language', () => {
  it('is the lang the client sends, else the request’s language, else none (the package’s default)', () => {
    expect(inLocale('en', () => askedLocale('zh-CN'))).toBe('zh-CN');
    expect(inLocale('zh-CN', () => askedLocale(undefined))).toBe('zh-CN');
    expect(inLocale('zh-CN', () => askedLocale('fr'))).toBe('zh-CN');
    expect(askedLocale(undefined)).toBeUndefined();
  });

  it('reads the first Accept-Language we have, by q', () => {
    expect(localeFromHeader('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(localeFromHeader('fr;q=1, en;q=0.5, zh-TW;q=0.7')).toBe('zh-CN');
    expect(localeFromHeader('en-GB')).toBe('en');
    expect(localeFromHeader('fr')).toBeNull();
    expect(localeFromHeader(undefined)).toBeNull();
  });
});

describe('the validator’s messages in the author’s language', () => {
  const keyed = (problems: PackageProblem[]) => problems.filter((p) => p.key);

  it('gives the common scenario.yaml mistakes a message key whose English is the message', () => {
    const manifest = bilingualManifest({ durationMinute: 30, scoring: { autoWeight: 1, reviewWeight: 0, passat: 0.5 }, title: { en: 'Quote', zh: '报价' } });
    const tasks = manifest.tasks as Record<string, unknown>[];
    tasks[0]!.titel = 'typo';
    tasks[0]!.weight = 2;
    delete tasks[0]!.instructions;
    (tasks[0]!.checks as Record<string, unknown>[])[0]!.points = 'ten';
    const { problems } = lint(manifest, { 'events/hello.zh-CN.md': undefined });
    const found = keyed(problems);
    expect(found.map((p) => p.key).sort()).toEqual(
      [
        'scenario.key.required', // instructions
        'scenario.key.required', // passAt
        'scenario.key.unknownKnown', // weight
        'scenario.key.unknownNear', // durationMinute
        'scenario.key.unknownNear', // titel
        'scenario.key.unknownNear', // passat
        'scenario.language.missingText',
        'scenario.language.unknownNear',
        'scenario.value.wrongType',
      ].sort(),
    );
    for (const p of found) expect(render(msg(p.key as MessageKey, p.params), 'en'), p.key).toBe(p.message);
    const zh = Object.fromEntries(found.map((p) => [`${p.path}:${p.key}`, render(msg(p.key as MessageKey, p.params), 'zh-CN')]));
    expect(zh).toMatchObject({
      '(top level):scenario.key.unknownNear': '未知的键 `durationMinute`，是不是想写 `durationMinutes`？',
      'tasks[0].instructions:scenario.key.required': '任务缺少必填的键 `instructions`',
      'tasks[0]:scenario.key.unknownKnown': '未知的键 `weight`：任务可用的键有 `id`, `title`, `instructions`, `checks`, `rubric`, `data`',
      'tasks[0].checks[0].points:scenario.value.wrongType': '应为数字，而不是文本“ten”',
      'title:scenario.language.unknownNear': '`zh` 不是实训项目支持的语言，是不是想写 `zh-CN`？（多语言文本的键为 `en`, `zh-CN`）',
    });
  });

  it('keys the missing files, undeclared competencies, empty texts and values out of a list too', () => {
    const manifest = bilingualManifest({ industry: 'logistic' });
    const tasks = manifest.tasks as Record<string, unknown>[];
    tasks[0]!.instructions = 'tasks/missing.md';
    const checks = tasks[0]!.checks as Record<string, unknown>[];
    checks[0]!.competencies = { 'sql.join': 1 };
    checks[0]!.question = '';
    const first = lint(manifest).problems;
    checks[0]!.question = bi('What is the total in yuan?', '合计多少元？');
    const { problems } = lint({ ...manifest, industry: 'logistics' });
    const found = [...first, ...problems].filter((p) => p.key);
    for (const p of found) expect(render(msg(p.key as MessageKey, p.params), 'en'), p.key).toBe(p.message);
    const zh = found.map((p) => render(msg(p.key as MessageKey, p.params), 'zh-CN'));
    expect(zh).toEqual(
      expect.arrayContaining([
        '应为以下之一：software, logistics, ecommerce, finance, manufacturing, it-operations, data（而不是文本“logistic”），是不是想写 logistics？',
        '不能为空',
        '实训项目中没有任务说明文件 tasks/missing.md',
        '能力 “sql.join” 不在本实训项目的 competencies 列表（js.debugging, sql.query, data.analysis, communication.technical）中：请先在那里添加，或改用列表中的能力',
      ]),
    );
  });

  it('says a YAML syntax error and a missing translation in Chinese too', () => {
    const broken = lint('id: bi-pkg\ntitle: [unclosed\n').problems;
    expect(broken[0]).toMatchObject({ key: 'scenario.yaml.syntax' });
    expect(render(msg(broken[0]!.key as MessageKey, broken[0]!.params), 'zh-CN')).toMatch(/^YAML 语法错误：/);
    const missing = lint(bilingualManifest(), { 'events/hello.zh-CN.md': undefined }).problems;
    expect(missing).toHaveLength(1);
    expect(render(msg(missing[0]!.key as MessageKey, missing[0]!.params), 'zh-CN')).toBe(
      '文件缺失：本实训项目在 `languages` 中声明支持 zh-CN，events/hello.md 需要对应的 zh-CN 版本 events/hello.zh-CN.md',
    );
  });
});
