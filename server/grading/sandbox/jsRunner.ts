import ivm from 'isolated-vm';
import { compare } from './compare';
import { compileJob } from './compiler';
import { HARNESS_SOURCE } from './harness';
import { say, split, verbatim, type Said } from '../notes';
import type { JobResult, JsJob, TestOutcome } from './protocol';
import { originalPosition, parseMappings, type LineMap } from './sourceMap';

/** The check file's place in the isolate's module table: the workspace root. */
const CHECK_NAME = '__check__';
/** `.test.ts` check files keep their extension, so they are compiled as TypeScript. */
const checkPathFor = (file: string) => `${CHECK_NAME}${/\.tsx?$/.test(file) ? '.ts' : '.js'}`;

/**
 * Module bodies are wrapped on their first line so reported line numbers match the file.
 * The check file runs in strict mode: a sloppy check's functions would be visible to student
 * code through `fn.caller` (their source holds the expected values; the top-level frame's
 * `arguments` hold `test` and `expect`), and strict callers are censored to null.
 */
function definePrefix(path: string, extraParams: string, strict: boolean): string {
  return `$define(${JSON.stringify(path)}, function (exports, require, module${extraParams}) {${strict ? '"use strict";' : ''}`;
}
function defineScript(path: string, code: string, extraParams: string, strict: boolean): string {
  return `${definePrefix(path, extraParams, strict)}${code}\n});`;
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8 without splitting a character. */
function utf8Prefix(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  const bytes = Buffer.from(text.slice(0, maxBytes), 'utf8');
  if (bytes.length <= maxBytes) return bytes.toString('utf8');
  let cut = maxBytes;
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--;
  return bytes.subarray(0, cut).toString('utf8');
}

type TestState = { name: string; started: boolean; ended: boolean; assertions: number; messages: string[]; failed: boolean };

export type JsRunHooks = {
  /** `compile` when the compile clock starts, `run` when the code's clock starts (the pool follows them). */
  onPhase?: (phase: 'compile' | 'run') => void;
};

type CallOutcome = 'settled' | 'timed out' | { stopped: JobResult['status'] } | { rejected: string; stack?: string };

/**
 * Runs one JS/TS check in a fresh isolate. The verdict is assembled here, on the host side,
 * from the events the harness reports; the isolate is disposed whatever happens.
 */
export async function runJsJob(job: JsJob, hooks: JsRunHooks = {}): Promise<JobResult> {
  // From the start of the compile clock: waiting for the type checker's thread is not the job's time.
  let started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  // Mode run: the student's own entry (a snippet, or a line loading their file), tested by nothing.
  const run = job.mode === 'run';
  const CHECK_PATH = run ? job.check.path : checkPathFor(job.check.path);
  const result = (partial: Partial<JobResult>): JobResult => ({
    status: 'ok',
    tests: [],
    messages: [],
    output: '',
    outputTruncated: false,
    durationMs: elapsed(),
    ...partial,
    // A Run's entry is called what the student calls it.
    ...(run && partial.messages ? { messages: partial.messages.map((m) => m.replaceAll(CHECK_PATH, 'snippet')) } : {}),
  });
  const built = await compileJob(job, [...job.files, { ...job.check, path: CHECK_PATH }], CHECK_PATH, () => {
    started = performance.now();
    hooks.onPhase?.('compile');
  });
  if (!built.ok) return result({ status: built.status, messages: built.messages, ...(built.notes && !run ? { notes: built.notes } : {}) });
  hooks.onPhase?.('run');

  const isolate = new ivm.Isolate({ memoryLimit: Math.max(8, job.limits.memoryMb) });
  const maps = new Map<string, FileMap>();
  const tests: TestState[] = [];
  let output = '';
  let outputTruncated = false;
  let outputBytes = 0;
  let loadError: string | undefined;
  let loadStack: string | undefined;
  /** Called when a test ends: the driver below waits on it when a test's promise is still pending. */
  let onEnded: ((i: number) => void) | undefined;

  const onReport = (event: Record<string, unknown>): unknown => {
    const i = typeof event.i === 'number' ? event.i : -1;
    const t = tests[i];
    switch (event.t) {
      case 'test':
        tests[i] = { name: String(event.name), started: false, ended: false, assertions: 0, messages: [], failed: false };
        return undefined;
      case 'start':
        if (t) t.started = true;
        return undefined;
      case 'assert': {
        const verdict = compare(String(event.op), event.actual, event.expected, event.not === true);
        if (t && !t.ended) {
          t.assertions++;
          if (!verdict.ok) {
            t.failed = true;
            if (t.messages.length < 5) t.messages.push(verdict.message);
          }
        }
        return { ok: verdict.ok, message: verdict.message };
      }
      case 'fail':
        if (t && !t.ended) {
          t.failed = true;
          t.messages.push(String(event.message));
        }
        return undefined;
      case 'end':
        if (t && t.started && !t.ended) {
          t.ended = true;
          // Whatever was thrown fails the test, undefined included: `threw` says it was thrown.
          if (event.threw === true) {
            t.failed = true;
            // eslint-disable-next-line @typescript-eslint/no-base-to-string -- student code may throw anything; this is its best description
            t.messages.push(`threw ${String(event.error ?? 'a value that cannot be described').slice(0, 500)}`);
          }
          if (event.failed === true) t.failed = true;
          onEnded?.(i);
        }
        return undefined;
      case 'load_error':
        loadError = String(event.message).slice(0, 1000);
        if (run && typeof event.stack === 'string') loadStack = event.stack;
        return undefined;
    }
    return undefined;
  };

  const onLog = (line: unknown) => {
    if (outputTruncated) return;
    const text = `${String(line)}\n`;
    const size = Buffer.byteLength(text);
    // The cap is in bytes: multi-byte characters count for what they weigh.
    if (outputBytes + size > job.limits.outputBytes) {
      output += utf8Prefix(text, job.limits.outputBytes - outputBytes);
      outputBytes = job.limits.outputBytes;
      outputTruncated = true;
    } else {
      output += text;
      outputBytes += size;
    }
  };

  let status: JobResult['status'] = 'ok';
  const said: Said[] = [];
  let timer: NodeJS.Timeout | undefined;
  const deadline = performance.now() + job.limits.timeMs;
  // The isolate's own `timeout` stops synchronous code; this timer stops promise and microtask
  // loops (and a getter run while a value is copied out), by disposing the isolate.
  const timedOut = new Promise<'timed out'>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), job.limits.timeMs);
  });
  /** One call into the isolate, as a task of its own; an unhandled rejection comes back as `rejected`. */
  const call = async (fn: ivm.Reference, args: unknown[]): Promise<CallOutcome> => {
    const timeout = Math.max(1, Math.ceil(deadline - performance.now()));
    const failed = (err: unknown): CallOutcome => {
      const stopped = stoppedBy(err, isolate);
      if (stopped) return { stopped };
      const stack = run && err instanceof Error && typeof err.stack === 'string' ? err.stack : undefined;
      return { rejected: describeRejection(err), ...(stack ? { stack } : {}) };
    };
    return Promise.race([fn.apply(undefined, args, { timeout }).then(() => 'settled' as const, failed), timedOut]);
  };
  try {
    const context = await isolate.createContext();
    const jail = context.global;
    await jail.set('$report', new ivm.Callback(onReport));
    await jail.set('$log', new ivm.Callback(onLog));
    await context.eval(HARNESS_SOURCE, { filename: 'harness.js' });
    // Taken before any module script runs.
    const start = await jail.get('$start', { reference: true });
    const runTest = await jail.get('$runTest', { reference: true });
    for (const file of built.compiled) {
      const checkFile = file.path === CHECK_PATH && !run;
      const extra = checkFile ? ', test, expect, describe' : '';
      if (file.map) maps.set(file.path, { lines: parseMappings(file.map), prefix: definePrefix(file.path, extra, checkFile).length });
      let script: ivm.Script;
      try {
        script = await isolate.compileScript(defineScript(file.path, file.code, extra, checkFile), { filename: `file:///${file.path}` });
      } catch (err) {
        if (isolate.isDisposed) throw err;
        // esbuild accepted it, so this is V8's parser running out of stack on deep nesting.
        throw new CompileFailure(`${file.path === CHECK_PATH ? 'The check file' : file.path} could not be compiled (${errorText(err)}); is something nested far too deeply?`);
      }
      await script.run(context);
      script.release();
    }
    // Mode run: the workspace's text files, each a module whose value is its text (JSON parsed).
    for (const text of run ? (job.texts ?? []) : []) {
      const literal = JSON.stringify(text.source);
      const script = await isolate.compileScript(defineScript(text.path, `module.exports = ${/\.json$/i.test(text.path) ? `JSON.parse(${literal})` : literal};`, '', false), { filename: `file:///${text.path}` });
      await script.run(context);
      script.release();
    }

    // Loading (the check file requires the student's modules), then each test in a task of its
    // own, one after another: a rejection nothing handled is reported at the end of the task it
    // happened in, so it is pinned on that test (or on loading).
    const loaded = await call(start, [CHECK_PATH, run]);
    if (loaded === 'timed out') status = 'timeout';
    else if (typeof loaded === 'object' && 'stopped' in loaded) status = loaded.stopped;
    else if (typeof loaded === 'object' && loadError === undefined) {
      loadError = run
        ? `rejected a promise with ${loaded.rejected} that nothing handled (await it, or add a .catch)`
        : `a promise rejected with ${loaded.rejected} was never handled while the code loaded (await it, or add a .catch)`;
      loadStack = loaded.stack;
    }
    for (let i = 0; !run && status === 'ok' && loadError === undefined && i < tests.length; i++) {
      const t = tests[i]!;
      const ran = await call(runTest, [i]);
      if (ran === 'timed out') status = 'timeout';
      else if (typeof ran === 'object' && 'stopped' in ran) status = ran.stopped;
      else if (typeof ran === 'object') {
        t.failed = true;
        t.messages.push(`a promise rejected with ${ran.rejected} was never handled (await it, or add a .catch)`);
      }
      if (status !== 'ok' || t.ended) continue;
      // A promise still pending: only a later task could settle it, so wait for it within the cap.
      const ended = new Promise<void>((resolve) => (onEnded = (n) => n === i && resolve()));
      if ((await Promise.race([ended, timedOut])) === 'timed out') status = 'timeout';
    }
  } catch (err) {
    if (err instanceof CompileFailure) {
      status = 'compile_error';
      said.push(verbatim(err.message));
    } else status = stoppedBy(err, isolate) ?? 'crashed';
  } finally {
    clearTimeout(timer);
    if (!isolate.isDisposed) isolate.dispose();
  }

  const who = run ? 'yes' : 'no';
  if (status === 'timeout') said.push(say('grading.js.timeout', { run: who, ms: job.limits.timeMs }));
  if (status === 'memory') said.push(say('grading.js.memory', { run: who, mb: job.limits.memoryMb }));
  if (status === 'crashed') said.push(say('grading.js.crashed', { run: who }));
  if (loadError !== undefined) {
    status = status === 'ok' ? 'load_error' : status;
    if (!run) said.push(say('grading.js.loadFailed', { error: loadError }));
    else {
      const where = loadStack ? studentFrames(loadStack, maps) : [];
      said.push(verbatim(`Your code ${/^(threw|rejected) /.test(loadError) ? loadError : `threw ${loadError}`}${where.length ? `\n${where.join('\n')}` : ''}`));
    }
  }
  if (outputTruncated) said.push(say('grading.js.outputCut', { bytes: job.limits.outputBytes }));

  const outcomes: TestOutcome[] = tests.map((t) => {
    const problems = [...t.messages];
    if (!t.started || !t.ended) problems.push(status === 'ok' ? 'did not finish' : 'did not finish before the run was stopped');
    else if (t.assertions === 0 && !t.failed) problems.push('made no assertion');
    const passed = status === 'ok' && t.started && t.ended && !t.failed && t.assertions > 0;
    return { name: t.name, passed, messages: passed ? [] : problems };
  });
  if (status === 'ok' && outcomes.length === 0 && !run) said.push(say('grading.js.noTests'));
  // A Run shows its messages in English only (tools.ts): its notes would need the snippet renaming too.
  const { messages, notes } = split(said);
  return result({ status, tests: run ? [] : outcomes, messages, ...(run ? {} : { notes }), output, outputTruncated });
}

type FileMap = { lines: LineMap; prefix: number };

/**
 * The frames of a Run's stack that are the student's code, with the lines they wrote: V8 names
 * esbuild's output (and the wrapper on its first line), the source map turns that back into the
 * student's file. The harness's own frames and anything unknown are left out.
 */
function studentFrames(stack: string, maps: Map<string, FileMap>): string[] {
  const frames: string[] = [];
  // A thrown object can carry any `stack` text: parsed without patterns that backtrack.
  for (const line of stack.split('\n').slice(1, 50)) {
    const at = line.indexOf('file:///');
    if (at < 0) continue;
    const m = /^([^:()]+):(\d{1,7}):(\d{1,7})\)?\s*$/.exec(line.slice(at + 8));
    if (!m) continue;
    const [, path, l, c] = m;
    const head = line.slice(0, at).trim();
    const fn = head.startsWith('at ') ? head.slice(3).replace(/ \($/, '').slice(0, 100) : '';
    const file = maps.get(path!);
    if (!file) continue;
    const genLine = Number(l);
    const genCol = genLine === 1 ? Number(c) - file.prefix : Number(c);
    const pos = originalPosition(file.lines, genLine, Math.max(1, genCol));
    if (!pos) continue;
    const where = `${path}:${pos.line}:${pos.column}`;
    const name = fn && !/^(Object\.)?<anonymous>$/.test(fn) ? fn.replace(/^Object\./, '') : '';
    frames.push(name ? `    at ${name} (${where})` : `    at ${where}`);
    if (frames.length === 6) break;
  }
  return frames;
}

class CompileFailure extends Error {}

const errorText = (err: unknown) => String((err as Error)?.message ?? err).slice(0, 200);

/**
 * Why a call into the isolate failed when the sandbox stopped it (time, memory, disposal), or
 * undefined when the failure came from the code: a promise rejected and never handled, which
 * isolated-vm hands back as the call's error, with any value at all as the reason.
 */
function stoppedBy(err: unknown, isolate: ivm.Isolate): JobResult['status'] | undefined {
  if (process.env.DEBUG_SANDBOX) console.error('sandbox error', err);
  const text = err instanceof Error ? err.message : '';
  if (isolate.isDisposed) return /memory/i.test(text) ? 'memory' : 'timeout';
  if (err instanceof Error && /memory limit/i.test(text)) return 'memory';
  if (err instanceof Error && text === 'Script execution timed out.') return 'timeout';
  return undefined;
}

/** isolated-vm copies a rejection's reason out: an Error keeps its name and message; other objects do not survive. */
const NOT_AN_ERROR = /^An object was thrown from supplied code within isolated-vm, but that object was not an instance of `Error`/;

function describeRejection(reason: unknown): string {
  if (reason instanceof Error) return NOT_AN_ERROR.test(reason.message) ? 'a value that is not an Error' : `${reason.name}: ${reason.message}`.slice(0, 300);
  if (typeof reason === 'string') return JSON.stringify(reason.length > 300 ? `${reason.slice(0, 300)}…` : reason);
  if (typeof reason === 'bigint') return `${reason}n`;
  return String(reason);
}
