import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { projectRoot } from './env'
import { packageFile as bin } from './processes'

/**
 * `npm test`: format, lint, types, then every test (unit, integration against real Temporal and
 * PostgreSQL, browser). All steps run; the exit code says whether all passed.
 */
const reportFile = path.join(projectRoot, '.data', 'vitest-report.json')
mkdirSync(path.dirname(reportFile), { recursive: true })

const steps: [string, string, string[]][] = [
  ['format', bin('prettier', 'bin/prettier.cjs'), ['--check', '.']],
  ['lint', bin('eslint', 'bin/eslint.js'), ['.']],
  ['types', bin('typescript', 'bin/tsc'), ['--noEmit', '-p', '.']],
  ['studio sync', bin('@sveltejs/kit', 'svelte-kit.js'), ['sync']],
  [
    'studio types',
    bin('svelte-check', 'bin/svelte-check'),
    ['--tsconfig', 'studio/tsconfig.json', '--threshold', 'error'],
  ],
  [
    'tests',
    bin('vitest', 'vitest.mjs'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`],
  ],
]

const failed: string[] = []
for (const [name, file, args] of steps) {
  console.log(`\n── ${name} ──`)
  const cwd = name.startsWith('studio sync') ? path.join(projectRoot, 'studio') : projectRoot
  const result = spawnSync(process.execPath, [file, ...args], {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: '0' },
  })
  if (result.status !== 0) failed.push(name)
}

let passed = 0
let failedTests = 0
let skipped = 0
try {
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
    numPassedTests: number
    numFailedTests: number
    numPendingTests: number
    numTodoTests: number
  }
  passed = report.numPassedTests
  failedTests = report.numFailedTests
  skipped = report.numPendingTests + report.numTodoTests
} catch {
  failed.push('test report')
}
console.log(failed.length ? `\nFailed steps: ${failed.join(', ')}` : '\nAll checks passed.')
console.log(`${passed} passed, ${failedTests} failed, ${skipped} skipped`)
process.exit(failed.length || failedTests || passed === 0 ? 1 : 0)
