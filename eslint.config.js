// ESLint for the repository: typescript-eslint's type-checked recommended rules everywhere, the
// rules of hooks in the web client. `npm run lint`; CI runs it right after the typecheck.
import Module from 'node:module';
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

// typescript-eslint needs TypeScript's JS API, which `typescript` 7 (the native tsc) no longer
// ships. package.json's `overrides` lets its peer range accept our 7 at install time; here every
// `require('typescript')` in this process goes to the `typescript5` alias the sandbox already uses.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const redirected = request === 'typescript' || request.startsWith('typescript/')
    ? request.replace('typescript', 'typescript5')
    : request;
  return resolveFilename.call(this, redirected, ...rest);
};
const { default: tseslint } = await import('typescript-eslint');

export default defineConfig(
  {
    ignores: [
      'web/dist/', 'coverage/', '.tmp/', '.ci-out/', 'data/',
      // Scenario content: students' starter code, checks and solutions, linted by nobody's taste
      // but the author's, and run in the sandbox; the authoring template is such a package.
      'scenarios/', 'server/authoring/template/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    rules: {
      // A leading underscore names a value left unused on purpose (Express's 4-argument error
      // handler, a key dropped from a rest spread).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // `async` on a function that implements a Promise-returning interface keeps a throw a
      // rejection, which is what its callers handle; an `await` is not what makes it right.
      '@typescript-eslint/require-await': 'off',
      // Redux Toolkit's lazy slices are declared by merging into an interface that may be empty.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'always' }],
    },
  },
  {
    // knex rows and supertest bodies are `any` by their libraries' design, and zod parses what
    // crosses a boundary: these five would flag nearly every query (about 1,500 findings). The
    // web client's data is typed end to end through RTK Query, so it keeps them.
    files: ['server/**', 'tests/**', 'scripts/**', 'migrations/**', '*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // A knex query builder is a thenable, so every `.where((q) => q.where…)` callback looks like
    // a promise handed where void is expected. Event handlers in the web client keep the check.
    files: ['server/**'],
    rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }] },
  },
  {
    // Not in tsconfig.json (no allowJs): linted without types.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
    rules: {
      // Redux Toolkit's lifecycle helpers (getState, updateCachedData, …) are typed as methods
      // but are plain functions, meant to be destructured.
      '@typescript-eslint/unbound-method': 'off',
      // A warning CI lets through is one nobody reads; a dependency left out on purpose says why.
      'react-hooks/exhaustive-deps': 'error',
      // These three check components against React Compiler's model, which this app does not
      // use: they flag code that is right without it (a ref that holds the latest value, written
      // during render; a running total inside map(); state reset by an effect when a prop
      // changes). Revisit them if the compiler comes in.
      'react-hooks/refs': 'off',
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/immutability': 'off',
    },
  },
);
