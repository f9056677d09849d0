import { say, type Said } from '../notes';

/** What a student reads when compiling or type-checking outlives its limit (compiler.ts, and the pool's backstop). */

const seconds = (ms: number) => Math.round(ms / 100) / 10;

export const typecheckTooLong = (compileMs: number, timeMs: number): Said => say('grading.sandbox.typecheckTooLong', { seconds: seconds(compileMs), ms: timeMs });

export const transpileTooLong = (compileMs: number, timeMs: number): Said => say('grading.sandbox.transpileTooLong', { seconds: seconds(compileMs), ms: timeMs });

/** The pool cannot tell which of the two was running when it had to kill the worker. */
export const typecheckTooLongFallback = (compileMs: number, timeMs: number): Said => say('grading.sandbox.compileTooLong', { seconds: seconds(compileMs), ms: timeMs });
