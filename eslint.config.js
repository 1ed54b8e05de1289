// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import globals from 'globals'

/**
 * Lint rules, plus the import boundaries of DESIGN.md enforced per folder:
 * the engine and contract import no node, electron, sql.js or outer layers; the renderer
 * imports no src-main code except contract types.
 */
const nodeModules = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'http', 'crypto']

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', 'data/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    // TypeScript checks undefined names itself (DOM types included); no-undef only misfires.
    files: ['**/*.ts', '**/*.vue'],
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['scripts/**/*.{js,cjs,mjs}', 'test/**/*.{ts,mjs}', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['scripts/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['src-main/**/*.ts', 'src-preload/**/*.ts'],
    rules: { '@typescript-eslint/explicit-module-boundary-types': 'error' },
  },
  {
    files: ['src-main/engine/**/*.ts', 'src-main/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeModules, message: 'engine and contract are pure TypeScript: no Node modules.' },
          { group: ['electron', 'sql.js', 'ws'], message: 'engine and contract are pure TypeScript.' },
          { group: ['**/store/**', '**/api/**', '**/server/**', '**/desktop/**'], message: 'engine/contract may not import outer layers.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use the injected Scheduler.' }, { name: 'setInterval', message: 'Use the injected Scheduler.' }],
    },
  },
  {
    files: ['src-main/engine/clock.ts'],
    rules: { 'no-restricted-globals': 'off' },
  },
  {
    files: ['src-main/store/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['electron', '**/api/**', '**/server/**', '**/desktop/**'], message: 'store imports only engine types and the contract.' }],
      }],
    },
  },
  {
    files: ['src-main/api/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['electron', 'sql.js', '**/server/**', '**/desktop/**'], message: 'api is transport-free.' }],
      }],
    },
  },
  {
    files: ['src-main/server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['electron', '**/desktop/**'], message: 'the headless server never loads Electron.' }] }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeModules, message: 'the renderer has no Node access.' },
          { group: ['electron'], message: 'the renderer talks through the API client only.' },
          { group: ['**/src-main/**', '!**/src-main/contract'], message: 'the renderer imports only contract types (@contract).' },
        ],
      }],
    },
  },
)
