/**
 * Monaco, bundled from node_modules (no CDN: schools run offline and the CSP allows only
 * 'self'). Workers are Vite worker chunks from this origin. Imported only by the lazily
 * loaded workspace, so sign-in and dashboards never download the editor.
 */
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import CssWorker from 'monaco-editor/languages/features/css/css.worker?worker';
import HtmlWorker from 'monaco-editor/languages/features/html/html.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    switch (label) {
      case 'json':
        return new JsonWorker();
      case 'typescript':
      case 'javascript':
        return new TsWorker();
      case 'css':
      case 'scss':
      case 'less':
        return new CssWorker();
      case 'html':
      case 'handlebars':
      case 'razor':
        return new HtmlWorker();
      default:
        return new EditorWorker();
    }
  },
};

// Student TypeScript is checked on the server as strict ES2022 without DOM or Node types;
// the editor shows the same errors before the checks do.
monaco.typescript.typescriptDefaults.setCompilerOptions({
  target: monaco.typescript.ScriptTarget.ESNext,
  module: monaco.typescript.ModuleKind.ESNext,
  moduleResolution: monaco.typescript.ModuleResolutionKind.NodeJs,
  lib: ['es2022'],
  strict: true,
  noEmit: true,
  allowJs: true,
  esModuleInterop: true,
});
// 80001 "may be converted to an ES module": scenario code is CommonJS on purpose.
monaco.typescript.javascriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false, diagnosticCodesToIgnore: [80001] });
monaco.typescript.javascriptDefaults.setCompilerOptions({
  target: monaco.typescript.ScriptTarget.ESNext,
  module: monaco.typescript.ModuleKind.ESNext,
  lib: ['es2022'],
  allowJs: true,
  allowNonTsExtensions: true,
});

// The default light theme ('vs') draws a few tokens below WCAG AA contrast (4.5:1 on white):
// SQL strings (#FF0000, 4.0:1) and operators such as JOIN (#778899, 3.6:1), HTML attribute
// names, annotations, and the dimmed number of the line after the last. The same theme with
// those darkened, for every editor of the app (themes are global in Monaco).
monaco.editor.defineTheme('practicum-light', {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'string.sql', foreground: 'a31515' },
    { token: 'operator.sql', foreground: '5b6776' },
    { token: 'attribute.name', foreground: 'c20000' },
    { token: 'metatag.content.html', foreground: 'c20000' },
    { token: 'metatag.html', foreground: '6b6b6b' },
    { token: 'metatag.xml', foreground: '6b6b6b' },
    { token: 'annotation', foreground: '6b6b6b' },
  ],
  colors: { 'editorLineNumber.dimmedForeground': '#5f6b7a' },
});
monaco.editor.setTheme('practicum-light');

export { monaco };
export type Monaco = typeof monaco;
