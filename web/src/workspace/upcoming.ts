import i18next from 'i18next';
import type { AttemptView, CheckResultView, TaskView, UpcomingEvent } from '../../../server/contract/workspace';
import { intlLocale } from '../app/locale';

/**
 * What is still to come in an attempt, in words: for the submit dialog, the locked tasks and
 * (when the author announces events) the inbox. Times are shown in the student's own zone.
 */

const CHANNELS = new Set(['email', 'chat', 'ticket', 'phone']);

/** "14:20" today, "Tue 09:05" on another day, in the interface's language; `aheadMs`: how far a preview's clock has skipped. */
export function expectedTime(iso: string, aheadMs = 0, now = Date.now()): string {
  const at = new Date(Date.parse(iso) - aheadMs);
  const sameDay = at.toDateString() === new Date(now).toDateString();
  return new Intl.DateTimeFormat(intlLocale(), sameDay ? { hour: 'numeric', minute: '2-digit' } : { weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(at);
}

const taskName = (tasks: TaskView[], id: string) => {
  const i = tasks.findIndex((t) => t.id === id);
  return i < 0 ? i18next.t('workspace:upcoming.aTask') : i18next.t('workspace:upcoming.taskName', { n: i + 1, title: tasks[i]!.title });
};

/**
 * "A chat message from Zhou Min, expected at 14:20" (when announced), else who it is from.
 * `inline`: for the middle of a sentence ("it opens with a chat message from…").
 */
export function describeUpcoming(event: UpcomingEvent, tasks: TaskView[], aheadMs = 0, now = Date.now(), inline = false): string {
  const channel = CHANNELS.has(event.channel) ? event.channel : 'other';
  const what = i18next.t(inline ? 'workspace:upcoming.eventInline' : 'workspace:upcoming.event', { channel, from: event.from });
  if (event.expectedAt) return i18next.t('workspace:upcoming.expected', { what, time: expectedTime(event.expectedAt, aheadMs, now) });
  if (event.afterTask) return i18next.t('workspace:upcoming.afterTask', { what, task: taskName(tasks, event.afterTask) });
  return what;
}

export type SubmitWarnings = {
  /** Messages still to come, in words, each with the task it unlocks. */
  upcoming: { text: string; unlocks: string | null }[];
  /** Locked tasks and what submitting now means for them (the author's choice). */
  locked: { tasks: string[]; counted: boolean } | null;
  /** Unlocked tasks whose visible checks are not all passing, or with questions unanswered. */
  unfinished: { task: string; reasons: string[] }[];
};

function unanswered(answersJson: string | undefined, ids: string[]): number {
  let answers: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(answersJson ?? '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) answers = parsed as Record<string, unknown>;
  } catch {
    // an unreadable file answers nothing
  }
  return ids.filter((id) => {
    const v = answers[id];
    return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
  }).length;
}

/**
 * What the student should know before submitting early: the messages still to come, the tasks
 * still locked and whether they are graded anyway, and the tasks not finished by the latest run
 * of the visible checks (`results`) or with answers missing (`answersJson`).
 */
export function submitWarnings(attempt: Pick<AttemptView, 'tasks' | 'upcoming'>, results: Record<string, CheckResultView>, answersJson: string | undefined, aheadMs = 0, now = Date.now()): SubmitWarnings {
  const { tasks, upcoming } = attempt;
  const lockedTasks = tasks.filter((t) => t.locked).map((t) => taskName(tasks, t.id));
  const unfinished = tasks
    .filter((t) => !t.locked)
    .map((t) => {
      const reasons: string[] = [];
      const visible = t.checks.filter((c) => c.visible);
      const run = visible.filter((c) => results[c.id]);
      const passing = visible.filter((c) => results[c.id]?.passed).length;
      if (visible.length > 0 && run.length === 0) reasons.push(i18next.t('workspace:upcoming.notRun'));
      else if (passing < visible.length) reasons.push(i18next.t('workspace:upcoming.passing', { passing, total: visible.length }));
      const missing = unanswered(
        answersJson,
        t.checks.filter((c) => c.kind === 'answer').map((c) => c.id),
      );
      if (missing > 0) reasons.push(i18next.t('workspace:upcoming.unanswered', { count: missing }));
      return { task: taskName(tasks, t.id), reasons };
    })
    .filter((u) => u.reasons.length > 0);
  return {
    upcoming: upcoming.events.map((e) => ({ text: describeUpcoming(e, tasks, aheadMs, now), unlocks: e.unlocks ? taskName(tasks, e.unlocks) : null })),
    locked: lockedTasks.length > 0 ? { tasks: lockedTasks, counted: upcoming.lockedTasks === 'grade' } : null,
    unfinished,
  };
}

export const hasWarnings = (w: SubmitWarnings) => w.upcoming.length > 0 || w.locked !== null || w.unfinished.length > 0;
