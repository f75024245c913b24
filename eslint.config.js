// Lint rules that hold the architecture (DESIGN.md "Layout and what may import what").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Pure packages `shared/` may use: no DOM, no Node. Adding one is a reviewed line here. */
export const SHARED_ALLOWED_PACKAGES = ['zod', 'libphonenumber-js', 'linkifyjs', 'diff'];

const NODE_BUILTINS = ['fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'net', 'http', 'https', 'url', 'stream', 'util', 'buffer', 'events', 'zlib', 'tls', 'dns', 'process', 'module', 'readline', 'v8', 'vm', 'assert', 'perf_hooks'];

export const zoneRules = [
  {
    name: 'shared is pure',
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!\\.|(' + SHARED_ALLOWED_PACKAGES.join('|') + ')(/|$))', message: 'shared/ imports only shared/ and the allow-listed pure packages (eslint.config.js).' },
            { regex: '^\\.\\./.*(electron|renderer)/', message: 'shared/ must not import electron/ or renderer/.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'process', 'require', 'Buffer', '__dirname'],
    },
  },
  {
    name: 'backend and CLI never import electron',
    files: ['electron/backend/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'electron/backend and electron/cli run under plain Node: never import electron.' }],
          patterns: [{ regex: '^(\\.\\./)+(renderer|main|preload)(/|$)', message: 'the backend must not import the shell or the renderer.' }],
        },
      ],
    },
  },
  {
    name: 'renderer never imports Node or electron/',
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'the renderer talks to the backend only through window.api.' }],
          patterns: [
            { regex: '^node:', message: 'the renderer never imports Node.' },
            { regex: '^(' + NODE_BUILTINS.join('|') + ')(/|$)', message: 'the renderer never imports Node.' },
            { regex: '(^|/)electron/', message: 'the renderer never imports electron/.' },
          ],
        },
      ],
    },
  },
  {
    name: 'only renderer/src/api reads window.api',
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/src/api/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'window', property: 'api', message: 'only renderer/src/api/ reads window.api.' }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='globalThis'][property.name='api']", message: 'only renderer/src/api/ reads window.api.' }],
    },
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'dist/', 'tests/output/', 'test-results/', 'playwright-report/', 'tests/fixtures/', 'bench/output/', '**/*.cjs', 'scripts/**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
      // Binary-file and encoding detection match control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  { files: ['renderer/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  ...zoneRules,
);
