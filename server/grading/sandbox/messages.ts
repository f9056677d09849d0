/** What a student reads when compiling or type-checking outlives its limit (compiler.ts, and the pool's backstop). */

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
const apart = (timeMs: number) => `a limit of its own, apart from the ${timeMs} ms your code may run`;

export const typecheckTooLong = (compileMs: number, timeMs: number) =>
  `Stopped: type-checking took too long (more than ${seconds(compileMs)}, ${apart(timeMs)}). Very large files, or types that expand ` +
  'without end (deeply recursive conditional or mapped types), cause this: simplify those types or split the file, then run the checks again.';

export const transpileTooLong = (compileMs: number, timeMs: number) =>
  `Stopped: compiling took too long (more than ${seconds(compileMs)}, ${apart(timeMs)}). A very large file, or something nested very ` +
  'deeply, causes this: split or simplify it, then run the checks again.';

/** The pool cannot tell which of the two was running when it had to kill the worker. */
export const typecheckTooLongFallback = (compileMs: number, timeMs: number) =>
  `Stopped: compiling and type-checking took too long (more than ${seconds(compileMs)}, ${apart(timeMs)}). Very large files, deeply ` +
  'nested code or types that expand without end cause this: simplify or split them, then run the checks again.';
