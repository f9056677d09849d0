/**
 * The worker thread the type checker runs in (see compiler.ts). The TypeScript compiler is
 * synchronous JavaScript: on the worker's main thread nothing could stop it short of killing
 * the process. Here the main thread keeps its own clock and terminates this thread when
 * type-checking outlives its limit.
 */
import { parentPort } from 'node:worker_threads';
import type { SourceFile } from './protocol';
import { typecheck } from './typecheck';

export type CheckRequest = { id: number; files: SourceFile[] };
export type CheckReply = { id: number; errors: string[] } | { id: number; failed: string } | { ready: true };

const port = parentPort!;
// Load the compiler and parse the standard library now, so no job pays for it.
typecheck([{ path: 'warm.ts', source: 'export const warm = (n: number): number => n + 1;' }]);

port.on('message', ({ id, files }: CheckRequest) => {
  let reply: CheckReply;
  try {
    reply = { id, errors: typecheck(files) };
  } catch (err) {
    // The checker recurses over the syntax tree: deep enough nesting overflows its stack.
    reply = { id, failed: String((err as Error)?.message ?? err).slice(0, 200) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true } satisfies CheckReply);
