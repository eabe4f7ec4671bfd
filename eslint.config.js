import js from '@eslint/js'
import boundaries from 'eslint-plugin-boundaries'
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

/**
 * Import boundaries between the top-level folders, checked on resolved paths. eslint-plugin-boundaries
 * rather than import-x's no-restricted-paths: workflow code must type-import the activities it proxies
 * and contracts may type-import flow types, and only boundaries tells `import type` from a value import.
 */
const workflowCode = [
  { element: { type: 'workflows' } },
  { element: { type: 'contracts' } },
  { element: { type: 'flow' } },
]
const notInWorkflows = ['activities', 'api', 'stack', 'prisma', 'linesim'].map((type) => ({
  element: { type },
}))
const temporalClient = { module: { origin: 'external', source: '@temporalio/client' } }
const layers = {
  files: ['**/*.ts'],
  ignores: ['studio/**', '**/*.d.ts'],
  plugins: { boundaries },
  settings: {
    'import/resolver': { node: { extensions: ['.ts', '.js'] } },
    'boundaries/elements': [
      { type: 'contracts', pattern: 'workflows/contracts', partialMatch: false },
      ...['workflows', 'flow', 'activities', 'api', 'stack', 'prisma', 'linesim'].map((type) => ({
        type,
        pattern: type,
        partialMatch: false,
      })),
    ],
    'boundaries/files': [
      { category: 'test', pattern: '**/*.test.ts' },
      { category: 'route', pattern: ['api/**/routes.ts', 'api/**/*Routes.ts'] },
      { category: 'routeRegistration', pattern: ['api/app.ts', 'api/studioApi.ts'] },
    ],
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      {
        default: 'allow',
        checkAllOrigins: true,
        checkInternals: true,
        policies: [
          {
            from: workflowCode,
            disallow: { to: [...notInWorkflows, temporalClient], dependency: { kind: 'value' } },
            message: 'Workflow code imports only deterministic modules (types from activities are fine).',
          },
          // Tests next to workflow code do not run in the workflow sandbox.
          { from: { file: { categories: 'test' } }, allow: { to: [...notInWorkflows, temporalClient] } },
          {
            from: { element: { type: 'activities' } },
            disallow: { to: [{ element: { type: 'api' } }, temporalClient] },
            message:
              'Activities hold no Temporal client code and nothing of the API: take a port in their deps.',
          },
          {
            from: { element: { type: 'contracts' } },
            disallow: { to: { origin: 'local', element: { type: '!contracts' } } },
            message: 'Contracts are a leaf: they import only each other (and types from flow/).',
          },
          {
            from: { element: { type: 'contracts' } },
            allow: { to: { element: { type: 'flow' } }, dependency: { kind: 'type' } },
          },
          {
            disallow: { to: { file: { categories: 'route' } } },
            message:
              'Route files are registered by api/app.ts and api/studioApi.ts only: share a service instead.',
          },
          {
            from: { file: { categories: 'routeRegistration' } },
            allow: { to: { file: { categories: 'route' } } },
          },
        ],
      },
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
  layers,
)
