import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TS from 'typescript5';
import type { SourceFile } from './protocol';

/**
 * Type-checks the student's TypeScript files (never the check file) with the TypeScript 5.9
 * compiler API — TypeScript 7 has no JS API. Nothing is executed: this is static analysis in
 * the worker process. The standard library declarations are parsed once per process and
 * shared by every program, which keeps a check at a few tens of milliseconds.
 */
const require = createRequire(import.meta.url);
let ts: typeof TS | undefined;
const libCache = new Map<string, TS.SourceFile>();

const OPTIONS = {
  strict: true,
  target: 99 /* ESNext */,
  module: 99 /* ESNext */,
  moduleResolution: 100 /* Bundler */,
  noEmit: true,
  skipLibCheck: true,
  lib: ['lib.es2022.d.ts'],
  types: [],
  allowImportingTsExtensions: true,
} satisfies TS.CompilerOptions;

const ROOT = '/workspace/';
/** What the sandbox offers besides the language itself. */
const SANDBOX_GLOBALS = `declare var console: { log(...args: unknown[]): void; info(...args: unknown[]): void; warn(...args: unknown[]): void; error(...args: unknown[]): void; debug(...args: unknown[]): void };`;
const GLOBALS_FILE = `${ROOT}__sandbox_globals__.d.ts`;
const MAX_MESSAGES = 8;

export function typecheck(files: SourceFile[]): string[] {
  const tsFiles = files.filter((f) => /\.tsx?$/.test(f.path));
  if (tsFiles.length === 0) return [];
  ts ??= require('typescript5') as typeof TS;
  const compiler = ts;
  const libDir = path.dirname(require.resolve('typescript5/lib/lib.d.ts'));
  const byName = new Map(files.map((f) => [ROOT + f.path, f.source]));
  byName.set(GLOBALS_FILE, SANDBOX_GLOBALS);

  const host: TS.CompilerHost = {
    getSourceFile(fileName, languageVersion) {
      const source = byName.get(fileName);
      if (source !== undefined) return compiler.createSourceFile(fileName, source, languageVersion, true);
      if (!fileName.startsWith(libDir)) return undefined;
      let lib = libCache.get(fileName);
      if (!lib) {
        const text = compiler.sys.readFile(fileName);
        if (text === undefined) return undefined;
        lib = compiler.createSourceFile(fileName, text, languageVersion, true);
        libCache.set(fileName, lib);
      }
      return lib;
    },
    getDefaultLibFileName: () => path.join(libDir, 'lib.es2022.d.ts'),
    getDefaultLibLocation: () => libDir,
    writeFile: () => undefined,
    getCurrentDirectory: () => ROOT,
    getDirectories: () => [],
    fileExists: (f) => byName.has(f) || (f.startsWith(libDir) && compiler.sys.fileExists(f)),
    readFile: (f) => byName.get(f) ?? (f.startsWith(libDir) ? compiler.sys.readFile(f) : undefined),
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
  };
  const program = compiler.createProgram(
    [...tsFiles.map((f) => ROOT + f.path), GLOBALS_FILE],
    OPTIONS,
    host,
  );
  const diagnostics = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()].filter((d) => d.file && byName.has(d.file.fileName));
  return diagnostics.slice(0, MAX_MESSAGES).map((d) => {
    const { line, character } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
    const message = compiler.flattenDiagnosticMessageText(d.messageText, ' ');
    return `${d.file!.fileName.slice(ROOT.length)}:${line + 1}:${character + 1}: TS${d.code}: ${message}`;
  });
}
