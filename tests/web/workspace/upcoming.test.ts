import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResultView, TaskView, UpcomingView } from '../../../server/contract/workspace';
import { makeStore } from '../../../web/src/app/store';
import { editingOptionsFor } from '../../../web/src/workspace/language';
import { describeUpcoming, expectedTime, hasWarnings, submitWarnings } from '../../../web/src/workspace/upcoming';
import { shownPanel, type WorkspacePanel } from '../../../web/src/workspace/WorkspaceLayout';
import { attemptOpened, selectActivePath } from '../../../web/src/workspace/workspaceSlice';
import { formatScore, formatTimeLeft } from '../../../web/src/app/format';
import { initWorkspaceI18n, switchLocale } from './i18n';
import { clockStart, middayOf } from '../../helpers/clock';

/** The workspace's words for what is coming, the submit warnings, the first file and the tab layouts (issue 14 §2). */

// Midday: the events below come 20 minutes later and must fall on the same day (no weekday).
const NOW = middayOf(clockStart());
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

const task = (over: Partial<TaskView> & { id: string }): TaskView => ({ title: over.id, locked: false, file: null, instructions: '', checks: [], rubric: [], ...over });
const visible = (id: string) => ({ id, title: id, kind: 'js' as const, visible: true, points: 10 });
const question = (id: string) => ({ id, title: id, kind: 'answer' as const, visible: false, points: 10, question: 'Q?', answerType: 'number' as const });
const result = (id: string, passed: boolean): CheckResultView => ({ id, task: 't', title: id, kind: 'js', visible: true, passed, points: 10, earned: passed ? 10 : 0, messages: [] });

const tasks = [
  task({ id: 'fix', title: 'Fix the rounding', checks: [visible('round-a'), visible('round-b'), question('quote')] }),
  task({ id: 'surcharge', title: 'Add the surcharge', locked: true }),
];
const upcoming = (over: Partial<UpcomingView> = {}): UpcomingView => ({
  lockedTasks: 'grade',
  announced: false,
  events: [{ from: 'Li Wei, dispatch', channel: 'email', unlocks: 'surcharge', expectedAt: null, afterTask: null }],
  ...over,
});

beforeAll(initWorkspaceI18n);

describe('what is coming, in words', () => {
  it('names the sender, and when the author announces it, the time in the student’s own zone', () => {
    const event = { from: 'Li Wei, dispatch', channel: 'email', unlocks: 'surcharge', expectedAt: at(20), afterTask: null };
    const local = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(new Date(NOW + 20 * 60_000));
    expect(describeUpcoming(event, tasks, 0, NOW)).toBe(`An e-mail from Li Wei, dispatch, expected at ${local}`);
    expect(describeUpcoming({ ...event, expectedAt: null }, tasks, 0, NOW)).toBe('An e-mail from Li Wei, dispatch');
    expect(describeUpcoming({ ...event, channel: 'chat', expectedAt: null, afterTask: 'fix' }, tasks, 0, NOW)).toBe(
      'A chat message from Li Wei, dispatch, once the visible checks of task 1, “Fix the rounding” pass',
    );
  });

  it('shows a preview’s skipped-ahead clock as the wall clock, and another day with its weekday', () => {
    const local = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(new Date(NOW));
    expect(expectedTime(at(20), 20 * 60_000, NOW)).toBe(local);
    expect(expectedTime(at(3 * 24 * 60), 0, NOW)).toBe(new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(new Date(NOW + 3 * 86_400_000)));
  });
});

describe('the submit warnings', () => {
  it('list the messages to come, the locked tasks graded anyway, and what is not finished', () => {
    const w = submitWarnings({ tasks, upcoming: upcoming() }, { 'round-a': result('round-a', true), 'round-b': result('round-b', false) }, '{ "quote": "" }', 0, NOW);
    expect(w).toEqual({
      upcoming: [{ text: 'An e-mail from Li Wei, dispatch', unlocks: 'task 2, “Add the surcharge”' }],
      locked: { tasks: ['task 2, “Add the surcharge”'], counted: true },
      unfinished: [{ task: 'task 1, “Fix the rounding”', reasons: ['1 of 2 checks passing in your last run', '1 question not answered'] }],
    });
    expect(hasWarnings(w)).toBe(true);
  });

  it('say a locked task is left out when the author chose omit, and checks never run', () => {
    const w = submitWarnings({ tasks, upcoming: upcoming({ lockedTasks: 'omit' }) }, {}, '{ "quote": 1138.32 }', 0, NOW);
    expect(w.locked).toEqual({ tasks: ['task 2, “Add the surcharge”'], counted: false });
    expect(w.unfinished).toEqual([{ task: 'task 1, “Fix the rounding”', reasons: ['its checks have not been run'] }]);
  });

  it('are empty when everything has arrived and passes', () => {
    const done = [task({ id: 'fix', title: 'Fix', checks: [visible('round-a')] })];
    const w = submitWarnings({ tasks: done, upcoming: upcoming({ events: [] }) }, { 'round-a': result('round-a', true) }, undefined, 0, NOW);
    expect(hasWarnings(w)).toBe(false);
  });
});

describe('the editor', () => {
  it('closes nothing automatically in markdown, where a < is prose', () => {
    expect(editingOptionsFor('markdown')).toEqual({ autoClosingBrackets: 'never' });
    expect(editingOptionsFor('javascript')).toEqual({ autoClosingBrackets: 'languageDefined' });
  });

  it('opens the file the first task is about, not the first alphabetically', () => {
    const store = makeStore();
    const files = ['answers.json', 'lib/a.js', 'src/quote.js'].map((path) => ({ path, revision: 1, content: '' }));
    store.dispatch(attemptOpened({ attemptId: 'a1', files, drafts: {}, lastRun: null, readEvents: [], taskFiles: [null, 'src/quote.js'] }));
    expect(selectActivePath(store.getState())).toBe('src/quote.js');
    // A named file that is not in the workspace falls back to the first code file.
    store.dispatch(attemptOpened({ attemptId: 'a2', files, drafts: {}, lastRun: null, readEvents: [], taskFiles: ['gone.sql'] }));
    expect(selectActivePath(store.getState())).toBe('lib/a.js');
  });
});

describe('the tab layouts', () => {
  const panels: WorkspacePanel[] = [
    { id: 'tasks', label: 'Tasks', narrowLabel: 'Brief', content: null },
    { id: 'files', label: 'Files', main: true, content: null },
    { id: 'editor', label: 'Editor', main: true, content: null },
    { id: 'run', label: 'Run', content: null },
    { id: 'checks', label: 'Checks', content: null },
  ];

  it('narrow: every panel is a tab, a side panel added to the list among them', () => {
    expect(shownPanel(panels, 'editor', true)).toEqual({ tab: 'editor', side: null });
    expect(shownPanel(panels, 'run', true)).toMatchObject({ tab: 'run', side: { id: 'run' } });
    expect(shownPanel(panels, 'answers', true)).toMatchObject({ tab: 'tasks', side: { id: 'tasks' } });
  });

  it('wide: files and editor are columns; the side shows the selected side panel or the first', () => {
    expect(shownPanel(panels, 'run', false)).toMatchObject({ tab: 'run', side: { id: 'run' } });
    expect(shownPanel(panels, 'editor', false)).toMatchObject({ tab: 'tasks', side: { id: 'tasks' } });
  });
});


describe('in Chinese', () => {
  beforeAll(() => switchLocale('zh-CN'));
  afterAll(() => switchLocale('en'));

  it('says what is coming and what is not finished in Chinese, with the time in Chinese', () => {
    const event = { from: '周敏（调度）', channel: 'chat', unlocks: 'surcharge', expectedAt: at(20), afterTask: null };
    const local = new Intl.DateTimeFormat('zh-CN', { hour: 'numeric', minute: '2-digit' }).format(new Date(NOW + 20 * 60_000));
    expect(describeUpcoming(event, tasks, 0, NOW)).toBe(`周敏（调度） 发来的聊天消息，预计 ${local} 到达`);
    expect(describeUpcoming({ ...event, expectedAt: null, afterTask: 'fix' }, tasks, 0, NOW)).toBe('周敏（调度） 发来的聊天消息，在任务 1“Fix the rounding”的公开检测全部通过后到达');
    const w = submitWarnings({ tasks, upcoming: upcoming() }, { 'round-a': result('round-a', true), 'round-b': result('round-b', false) }, '{ "quote": "" }', 0, NOW);
    expect(w.unfinished).toEqual([{ task: '任务 1“Fix the rounding”', reasons: ['上次运行中 2 项检测通过 1 项', '1 道题未作答'] }]);
  });

  it('formats scores and time left the Chinese way', () => {
    expect(formatScore(0.8333)).toBe('83%');
    expect(formatTimeLeft(65 * 60_000)).toBe('1小时5分钟');
    expect(formatTimeLeft(4 * 60_000 + 5_000)).toBe('4分钟');
    expect(formatTimeLeft(30_000)).toBe('不到 1 分钟');
  });
});
