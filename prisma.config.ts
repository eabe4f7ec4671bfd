import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'prisma/config'

const root = path.dirname(fileURLToPath(import.meta.url))

// Every Prisma CLI command first tries to download the native schema-engine binary, which this
// project cannot rely on (offline machines, no binary host). Pointing the CLI at our Node drop-in,
// which forwards to the official Wasm build of the same engine, skips the download entirely.
// The CLI loads this file before that check; `??=` still lets a developer use a native binary.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(root, 'prisma', 'schema-engine.mjs')

export default defineConfig({
  schema: path.join(root, 'prisma', 'schema.prisma'),
  migrations: { path: path.join(root, 'prisma', 'migrations') },
  datasource: {
    // Same default as the app: a local PostgreSQL with trust auth (see stack/env.ts).
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/enishi',
    // Optional. Without it `migrate dev` creates and drops a temporary database on the same server;
    // servers that ignore database names (embedded PGlite) need a separate one here.
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL,
  },
})
