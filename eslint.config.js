import js from '@eslint/js'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import { builtinModules } from 'node:module'

// Workflow code is replayed by Temporal: it must be deterministic and free of I/O.
const deterministic = {
  files: ['workflows/**/*.ts', 'flow/**/*.ts'],
  ignores: ['**/*.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: builtinModules.flatMap((m) => [m, `node:${m}`]),
        patterns: [{ group: ['node:*'], message: 'Node built-ins are not allowed in workflow code.' }],
      },
    ],
    'no-restricted-globals': [
      'error',
      { name: 'Date', message: 'Use the interpreter clock (workflow time), not Date.' },
      { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
      { name: 'setInterval', message: 'Use sleep() from @temporalio/workflow.' },
      { name: 'process', message: 'No process access in workflow code.' },
    ],
    'no-restricted-properties': [
      'error',
      { object: 'Math', property: 'random', message: 'Use the interpreter random source.' },
    ],
  },
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.data/',
      '.tools/',
      'prisma/generated/',
      'studio/.svelte-kit/',
      'studio/build/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['studio/**/*.svelte', 'studio/**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    files: ['studio/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  deterministic,
)
