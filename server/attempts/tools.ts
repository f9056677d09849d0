/**
 * "Try it" in the live workspace: Run (a file or a snippet, with its console output) and the data
 * explorer (the visible data of the unlocked tasks, read-only queries). The same sandbox pool and
 * caps as the checks, and rate-limited per user like check runs.
 *
 * What a student tries is theirs alone: the answer goes back in the ack to the socket that asked,
 * is never stored (no grade, no timeline entry, no file) and never sent to the attempt's room,
 * so a teacher watching the attempt sees saved files and check runs, not the scratch pad.
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { DataQueryInput, DataQueryView, DatasetView, RunCodeInput, RunResultView } from '../contract/workspace';
import { toDate } from '../db/values';
import { datasetsOf, describeDataset, isDescribed, queryDataset, runCode, type Dataset } from '../grading/tools';
import type { SandboxPool } from '../grading/sandbox/pool';
import { AppError, errors } from '../http/errors';
import { issueOf } from '../http/validate';
import { msg } from '../messages';
import { consumeOrRefuse } from '../http/rateLimit';
import type { Actor } from '../http/policy';
import type { ScenarioPackage } from '../scenarios/package';
import { lockedTasks } from './clock';
import { packageOf } from './packages';
import * as repo from './repo';

/**
 * Per user, like check runs. A person trying things presses Run every few seconds at most; 30 a
 * minute (one every 2 s, Run and explorer queries together) is above that pace, and stops a
 * script at the 31st. Each one holds a sandbox worker for at most its caps, one at a time per user.
 */
export const TOOL_RUNS_PER_MINUTE = 30;
export const createToolsLimiter = () => new RateLimiterMemory({ points: TOOL_RUNS_PER_MINUTE, duration: 60, keyPrefix: 'tools-run' });
export const tooManyToolRuns = (wait: number) => msg('attempts.tooManyToolRuns', { limit: TOOL_RUNS_PER_MINUTE, wait });

export type ToolDeps = { db: Knex; clock: () => Date; sandbox: () => SandboxPool; toolsLimiter: RateLimiterMemory; logger: Pick<Logger, 'warn'> };

/** What a tool works on: the scenario, the saved files and which tasks are open (attempt or preview). */
export type ToolContext = { pkg: ScenarioPackage; files: Map<string, string>; open: (taskId: string) => boolean };

/** Users whose Run or query is running in this process: one at a time each (a held key is not a queue). */
const busy = new Set<string>();

/** The student's own attempt, still open: its newest saved files and its unlocked tasks. */
export async function attemptTools(deps: ToolDeps, actor: Actor, attemptId: string): Promise<ToolContext> {
  const attempt = await repo.findAttempt(deps.db, attemptId);
  if (!attempt || attempt.student_id !== actor.id) throw errors.notFound(msg('notFound.attempt'));
  if (attempt.status !== 'in_progress') throw errors.conflict(msg('attempts.submittedNoTools'), { reason: 'submitted' });
  if (toDate(attempt.deadline_at)!.getTime() <= deps.clock().getTime()) throw errors.conflict(msg('attempts.timeUp'), { reason: 'deadline' });
  const assignment = (await repo.findAssignment(deps.db, attempt.assignment_id))!;
  const [pkg, workspace, delivered] = await Promise.all([packageOf(deps.db, assignment.scenario_version_id), repo.workspaceOf(deps.db, attemptId), repo.deliveredEvents(deps.db, attemptId)]);
  const locked = lockedTasks(pkg.manifest, new Set(delivered.keys()));
  return { pkg, files: workspace.files, open: (task) => !locked.has(task) };
}

/** Takes a point of the user's budget and their one slot; `work` runs while they hold it. */
async function metered<T>(deps: ToolDeps, actor: Actor, work: () => Promise<T>): Promise<T> {
  if (busy.has(actor.id)) throw errors.conflict(msg('attempts.toolBusy'), { reason: 'busy' });
  // Taken before anything awaits: a second request in the same moment finds it held.
  busy.add(actor.id);
  try {
    await consumeOrRefuse(deps.toolsLimiter, actor.id, tooManyToolRuns);
    return await work();
  } finally {
    busy.delete(actor.id);
  }
}

export async function runTool(deps: ToolDeps, actor: Actor, ctx: ToolContext, input: RunCodeInput): Promise<RunResultView> {
  const out = await metered(deps, actor, () => runCode(ctx.files, input, deps.sandbox()));
  if ('missing' in out) {
    throw errors.validation(msg('attempts.noCodeFile', { path: out.missing }), [issueOf('payload.path', msg('field.notCodeFile'))]);
  }
  return out;
}

function datasetFor(ctx: ToolContext, id: string): Dataset {
  const d = datasetsOf(ctx.pkg.manifest, ctx.open).find((x) => x.id === id);
  // A locked task's data is answered like data that does not exist.
  if (!d) throw errors.validation(msg('attempts.noDataset', { id }), [issueOf('payload.dataset', msg('field.notDataset'))]);
  return d;
}

/** The tables, columns and first rows of every dataset of the open tasks. */
export async function describeTool(deps: ToolDeps, actor: Actor, ctx: ToolContext): Promise<{ datasets: DatasetView[] }> {
  const datasets = datasetsOf(ctx.pkg.manifest, ctx.open);
  // Describing is kept per package content: only the first look costs a sandbox job (and a point).
  const fresh = datasets.filter((d) => !isDescribed(ctx.pkg, d));
  const describe = () => Promise.all(datasets.map((d) => describeDataset(ctx.pkg, d, deps.sandbox())));
  try {
    return { datasets: fresh.length > 0 ? await metered(deps, actor, describe) : await describe() };
  } catch (err) {
    if (err instanceof AppError) throw err;
    deps.logger.warn({ err, scenario: ctx.pkg.slug }, 'the data explorer could not describe a scenario’s data');
    throw errors.conflict(msg('attempts.dataUnavailable'), { reason: 'data_unavailable' });
  }
}

export async function queryTool(deps: ToolDeps, actor: Actor, ctx: ToolContext, input: DataQueryInput): Promise<DataQueryView> {
  const d = datasetFor(ctx, input.dataset);
  return metered(deps, actor, () => queryDataset(ctx.pkg, d, input.sql, deps.sandbox()));
}
