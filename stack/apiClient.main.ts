// `npm run api:client`: regenerates the studio's API types from the API's OpenAPI document.

import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { apiClientFile, generateApiClient } from './apiClient'
import { projectRoot } from './env'

await writeFile(apiClientFile, await generateApiClient())
console.log(`wrote ${path.relative(projectRoot, apiClientFile)}`)
