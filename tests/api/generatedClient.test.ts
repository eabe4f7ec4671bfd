import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, it } from 'vitest'
import { apiClientFile, generateApiClient } from '../../stack/apiClient'
import { projectRoot } from '../../stack/env'

it("the studio's generated API client matches the API's OpenAPI document", async () => {
  const [expected, current] = await Promise.all([
    generateApiClient(),
    readFile(apiClientFile, 'utf8').catch(() => ''),
  ])
  const file = path.relative(projectRoot, apiClientFile)
  expect(current, `${file} is stale: run \`npm run api:client\` and commit it`).toBe(expected)
})
