import type { Readable } from 'node:stream';

/**
 * What a sandbox worker process (and the esbuild service it starts, which inherits its stderr)
 * writes to stderr, passed on line by line, except:
 *  - a Go runtime crash report: esbuild's parser overflows its stack on absurdly nested input,
 *    and the Go runtime then prints ~30 KB of goroutine stacks whatever GOTRACEBACK says. It
 *    becomes one line; the rest of the report is dropped;
 *  - anything once `muted()` (a worker the pool killed: what it leaves behind is no news).
 * Lines are cut at MAX_LINE characters.
 */
const MAX_LINE = 2_000;
const GO_CRASH = /^(runtime: |fatal error: |panic: |goroutine \d+ |SIGQUIT: |SIGABRT: )/;
/** The shapes of the lines of a Go crash report: frames, file:line, elisions, registers, blank. */
const GO_TRACE_LINE = /^(\s*$|\t|\s|runtime|goroutine |created by |fatal error|panic|\[signal |\.\.\.|exit status |[a-z0-9]{2,6}\s+0x[0-9a-f]+$|\S+\(.*\)$)/;

export type StderrSink = { line: (text: string) => void; goCrash: (firstLine: string) => void };

export function filterWorkerStderr(stream: Readable, sink: StderrSink, muted: () => boolean): void {
  stream.setEncoding('utf8');
  let partial = '';
  let inGoTrace = false;
  const take = (line: string) => {
    if (muted()) return;
    if (inGoTrace && GO_TRACE_LINE.test(line)) return;
    inGoTrace = false;
    if (GO_CRASH.test(line)) {
      inGoTrace = true;
      sink.goCrash(line.slice(0, 200));
      return;
    }
    sink.line(line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line);
  };
  stream.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    if (partial.length > 64 * 1024) {
      take(partial);
      partial = '';
    }
    for (const line of lines) take(line);
  });
  stream.on('end', () => {
    if (partial) take(partial);
    partial = '';
  });
  // Reading errors of a pipe whose writer died are no concern of the grader.
  stream.on('error', () => undefined);
}
