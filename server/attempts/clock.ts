import type { ScenarioEventT, ScenarioManifestT } from '../scenarios/schema';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;

export function durationMs(text: string): number {
  const m = text.match(/^(\d+)(s|m|h)$/)!;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/**
 * When an event falls due, from the attempt's start and the tasks whose visible checks have
 * passed. Computed, never stored as a timer: a restarted server recomputes the same answer.
 * `null` means not yet (a trigger that has not happened).
 */
export function dueAt(event: ScenarioEventT, startedAt: Date, passedTasks: ReadonlySet<string>, firstPassAt: ReadonlyMap<string, Date>): Date | null {
  if (event.at) return new Date(startedAt.getTime() + durationMs(event.at));
  if (event.after === 'start') return startedAt;
  const task = event.after?.replace(/^task:/, '');
  if (task && passedTasks.has(task)) return firstPassAt.get(task) ?? startedAt;
  return null;
}

/** Tasks that an undelivered event still unlocks stay locked. */
export function lockedTasks(manifest: ScenarioManifestT, delivered: ReadonlySet<string>): Set<string> {
  const locked = new Set<string>();
  for (const e of manifest.events) {
    const task = e.unlocks?.replace(/^task:/, '');
    if (task && !delivered.has(e.id)) locked.add(task);
  }
  return locked;
}

/**
 * Tasks whose visible checks all passed in one run of them (what `after: task:<id>` events
 * wait for). A task without visible checks never counts: nothing the student runs can pass it.
 */
export function tasksPassedBy(manifest: ScenarioManifestT, results: { id: string; passed: boolean | null }[]): string[] {
  return manifest.tasks
    .filter((task) => {
      const visible = task.checks.filter((c) => c.visible).map((c) => c.id);
      return visible.length > 0 && visible.every((id) => results.some((r) => r.id === id && r.passed));
    })
    .map((t) => t.id);
}
