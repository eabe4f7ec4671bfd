import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // One Temporal dev server for the whole run; each test file uses its own task queue and database.
    globalSetup: ['tests/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: more parallel files than that only make each slower.
    maxWorkers: 2,
  },
})
