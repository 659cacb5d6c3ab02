// Lint, including the layering rules of docs/ARCHITECTURE.md: each folder may import only what its
// row of the dependency table allows, and every rule is about folders: no file is exempted by name.
// test/unit/layering.test.ts proves a violation fails and that no import loop exists.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';

const adapters = ['engine', 'forge', 'store', 'http', 'rpc', 'logs', 'git', 'tunnel', 'mail', 'secrets'];

const banned = (group, message) => ({ group, message });
const noElectron = banned(['electron', 'electron/*'], 'Only electron/ may import Electron: the core runs under plain Node.');
const noVendorShapes = banned(
  ['dockerode', '@octokit/*', 'lowdb', 'lowdb/*', 'steno', 'ws', 'node:*'],
  'server/contract is types and tables only: no runtime or vendor imports.',
);
const coreOnlyPorts = banned(
  ['**/core/*', '**/core/**/*', '!**/core/ports.js'],
  'Adapters see the core only through server/core/ports.ts.',
);
const noHost = banned(['**/host/*', '**/host/**'], 'Only the hosts (server/main.ts, electron/) use the composition root in server/host.');
/** Electron's IPC is reached only through electron/ipc/ (main) and electron/preload/ (the page's side). */
const noIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Only electron/ipc/ (ipcMain) and electron/preload/ (ipcRenderer) touch IPC; use installWindowIpc.',
};
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
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            noHost,
            banned(
              [...adapters.map((a) => `**/${a}/**`), '**/shared/**'],
              'The core reaches adapters only through ports.ts; server/host/create-core.ts wires them.',
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
      'no-restricted-imports': ['error', { patterns: [noElectron, noHost, coreOnlyPorts, otherAdapters(adapter)] }],
    },
  })),
  {
    // Small helpers with no dependencies, which every adapter and host may use.
    files: ['server/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            banned(['../*', '!../shared/*'], 'server/shared imports nothing of the project.'),
            banned(['dockerode', '@octokit/*', 'lowdb', 'lowdb/*', 'steno', 'ws', 'localtunnel', 'nodemailer', 'zod'], 'server/shared has no dependencies.'),
          ],
        },
      ],
    },
  },
  {
    // The hosts' wing (the composition root, the webhook listener) and the headless entry point at
    // server/'s top: they may use everything in server/, never Electron.
    files: ['server/host/**', 'server/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron] }] },
  },
  {
    files: ['electron/**'],
    ignores: ['electron/ipc/**', 'electron/preload/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noIpc] }] },
  },
  {
    files: ['electron/ipc/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ ...noIpc, importNames: ['ipcRenderer'] }] }],
    },
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
