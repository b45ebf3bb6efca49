// ESLint flat config for the whole repository (`npm run lint`, zero warnings allowed).
//
// TypeScript is linted with type information through typescript-eslint's project service: each file
// is checked against the nearest tsconfig.json that includes it (the root one for domain, server,
// bench and scripts; packages/web/tsconfig.json for the web app; e2e/tsconfig.json once it exists).
// Type information is what catches the bugs that matter most on a server: promises nobody awaits.
// TypeScript files that no tsconfig includes (tool configs) get the same rules minus the typed ones.
import fs from 'node:fs';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

/** TypeScript sources that a tsconfig includes, and so can be linted with type information. */
const typedFiles = [
  'packages/domain/src/**/*.ts',
  'packages/server/src/**/*.ts',
  'packages/server/test/**/*.ts',
  'packages/web/src/**/*.{ts,tsx}',
  'packages/web/vite.config.ts',
  'bench/**/*.ts',
  'scripts/**/*.ts',
  'vitest.config.ts',
];
if (fs.existsSync(`${root}/e2e/tsconfig.json`)) typedFiles.push('e2e/**/*.ts');

export default defineConfig(
  {
    ignores: ['**/node_modules/', '**/dist/', 'coverage/', 'data/', '.tmp/', 'packages/server/migrations/meta/', 'e2e/screenshots/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    // Node-side JavaScript: the CLI entry, scripts, this file.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
  },

  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'smart'],
      'no-implicit-coercion': ['error', { allow: ['!!'] }],
      'prefer-const': 'error',
      // Sanitising file names and headers has to match control characters on purpose.
      'no-control-regex': 'off',
    },
  },

  {
    files: typedFiles,
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    rules: {
      // A promise nobody awaits loses its error and its ordering: the worst bugs on a server.
      // react-router's navigate() returns a promise only for data routers and never rejects.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'react-router', name: 'NavigateFunction' }] },
      ],
      // React event props may return a promise (antd awaits onOk / onFinish); everywhere else not.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/only-throw-error': 'error',
    },
  },

  {
    // The web app runs in the browser and follows the rules of hooks.
    files: ['packages/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    // The classic two rules. The plugin's React Compiler rules (set-state-in-effect, purity, …) are
    // advice for code the compiler will rewrite; this app is not compiled by it.
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },

  {
    // Module boundaries (ARCHITECTURE.md): a module reaches another only through what that module's
    // index.ts exports — its tables, services and helpers stay its own to change.
    files: ['packages/server/src/modules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!\\.)[^/]+/(?!index\\.js$)',
              message: "Import another module only through its index.ts ('../<module>/index.js').",
            },
          ],
        },
      ],
    },
  },
  {
    // A table may reference another module's table (a foreign key): the schema is one graph.
    files: ['packages/server/src/modules/*/*.tables.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!\\.)[^/]+/(?!index\\.js$|[^/]+\\.tables\\.js$)',
              message: "Import another module only through its index.ts ('../<module>/index.js') or its tables.",
            },
          ],
        },
      ],
    },
  },
  {
    // The platform is what every module stands on: it imports no module (a module registers with it instead).
    files: ['packages/server/src/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./modules(\\.js$|/)',
              message: 'platform/ imports no module: move what it needs into platform/, or let the module register it.',
            },
          ],
        },
      ],
    },
  },

  {
    // Tests drive the API with loosely typed JSON responses, and throw odd values to see them handled.
    files: ['**/*.test.ts', 'packages/server/test/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
);
