// Lint, including the layering rules of docs/ARCHITECTURE.md: each folder may import only what its
// row of the dependency table allows. test/unit/layering.test.ts proves a violation fails.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';

const adapters = ['engine', 'forge', 'store', 'http', 'rpc', 'logs', 'git', 'tunnel', 'mail'];

const banned = (group, message) => ({ group, message });
const noElectron = banned(['electron', 'electron/*'], 'Only electron/ may import Electron: the core runs under plain Node.');
const noVendorShapes = banned(
  ['dockerode', '@octokit/*', 'lowdb', 'lowdb/*', 'steno', 'ws', 'node:*'],
  'server/contract is types and tables only: no runtime or vendor imports.',
);
const coreOnlyPorts = banned(
  ['**/core/*', '!**/core/ports.js'],
  'Adapters see the core only through server/core/ports.ts.',
);
const otherAdapters = (self) =>
  banned(
    adapters.filter((a) => a !== self).map((a) => `**/${a}/**`),
    `server/${self} may import only its own subtree, the contract and core/ports.ts.`,
  );

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'docs/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
  },
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'vue/multi-word-component-names': 'off',
    },
  },
  {
    files: ['server/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            noVendorShapes,
            banned(['../*', '!../contract/*'], 'server/contract imports nothing outside itself.'),
          ],
        },
      ],
    },
  },
  {
    files: ['server/core/**'],
    ignores: ['server/core/create-core.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            banned(
              adapters.map((a) => `**/${a}/**`),
              'The core reaches adapters only through ports.ts; create-core.ts is the one composition root.',
            ),
            banned(['dockerode', '@octokit/*', 'lowdb', 'lowdb/*', 'steno', 'ws', 'localtunnel', 'localtunnel/*', 'nodemailer'], 'Vendor libraries belong in adapters.'),
          ],
        },
      ],
    },
  },
  ...adapters.map((adapter) => ({
    files: [`server/${adapter}/**`],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noElectron, coreOnlyPorts, otherAdapters(adapter)] }],
    },
  })),
  {
    files: ['server/main.ts', 'server/app-package.ts', 'server/core/create-core.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron] }] },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            banned(['node:*', 'fs', 'path', 'child_process', 'os', 'electron'], 'The renderer runs in a browser sandbox.'),
            banned(
              ['**/server/*', '**/server/**', '!**/server/contract', '!**/server/contract/**'],
              'The renderer may import only server/contract (types).',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            banned(
              ['**/server/*', '**/server/**', '!**/server/contract', '!**/server/contract/**'],
              'The preload sees only the contract.',
            ),
            banned(['node:*'], 'The sandboxed preload has no Node APIs.'),
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cts', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
