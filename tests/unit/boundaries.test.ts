import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The import boundaries in eslint.config.js, shown on snippets linted as if they were project files.

const root = join(import.meta.dirname, '../..')
const eslint = new ESLint({ cwd: root })

/** The boundary errors ESLint reports for `code` at `filePath`. */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) })
  return result!.messages.filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message)
}

/** A feature's route file, wherever the features are at the moment. */
const routeFile = readdirSync(join(root, 'api'))
  .map((dir) => `api/${dir}/routes.ts`)
  .find((path) => existsSync(join(root, path)))!

const cases: { name: string; file: string; code: string; error?: RegExp }[] = [
  {
    name: 'workflow code takes values from activities',
    file: 'workflows/fixture.ts',
    code: "import { createActivities } from '../activities'\nexport const a = createActivities\n",
    error: /deterministic/,
  },
  {
    name: 'workflow code takes the activity types it proxies',
    file: 'workflows/fixture.ts',
    code: "import type { MainActivities } from '../activities'\nexport type A = MainActivities\n",
  },
  {
    name: 'workflow code uses the Temporal client',
    file: 'workflows/fixture.ts',
    code: "import { Client } from '@temporalio/client'\nexport const a = Client\n",
    error: /deterministic/,
  },
  {
    name: 'flow code reaches into the database client',
    file: 'flow/fixture.ts',
    code: "import { createPrismaClient } from '../prisma/client'\nexport const a = createPrismaClient\n",
    error: /deterministic/,
  },
  {
    name: 'an activity imports from the API',
    file: 'activities/fixture.ts',
    code: "import type { ApiDeps } from '../api/deps'\nexport type A = ApiDeps\n",
    error: /Activities/,
  },
  {
    name: 'an activity uses the Temporal client',
    file: 'activities/fixture.ts',
    code: "import { Client } from '@temporalio/client'\nexport const a = Client\n",
    error: /Activities/,
  },
  {
    name: 'a contract takes a value from flow/',
    file: 'workflows/contracts/fixture.ts',
    code: "import { indexFlow } from '../../flow/flowIndex'\nexport const a = indexFlow\n",
    error: /leaf/,
  },
  {
    name: 'a contract takes a type from flow/',
    file: 'workflows/contracts/fixture.ts',
    code: "import type { FlowDefinition } from '../../flow/graph'\nexport type A = FlowDefinition\n",
  },
  {
    name: 'a contract imports workflow code',
    file: 'workflows/contracts/fixture.ts',
    code: "import type { lineEvent } from '../lineEvent'\nexport type A = typeof lineEvent\n",
    error: /leaf/,
  },
  {
    name: 'a contract imports another contract',
    file: 'workflows/contracts/fixture.ts',
    code: "import { sendQueueOf } from './taskQueues'\nexport const a = sendQueueOf\n",
  },
  {
    name: 'a service imports a route file',
    file: 'api/fixture/service.ts',
    code: `import * as routes from '../../${routeFile.replace(/\.ts$/, '')}'\nexport const a = routes\n`,
    error: /Route files/,
  },
  {
    name: 'the plugin registration imports a route file',
    file: 'api/studioApi.ts',
    code: `import * as routes from '../${routeFile.replace(/\.ts$/, '')}'\nexport const a = routes\n`,
  },
]

describe('import boundaries (eslint.config.js)', () => {
  it.each(cases)('$name', async ({ file, code, error }) => {
    const errors = await boundaryErrors(file, code)
    if (error) expect(errors).toEqual([expect.stringMatching(error)])
    else expect(errors).toEqual([])
  })
})
