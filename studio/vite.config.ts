import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const studioDir = path.resolve(fileURLToPath(new URL('.', import.meta.url)))

// SvelteKit reads svelte.config.js and picks its root from the working directory when its
// module loads, so `vite dev --config studio/vite.config.ts` from the repository root must move
// into studio/ first; the plugin is therefore imported only after the chdir. (SvelteKit also
// loads this file inside build workers, which cannot chdir but already run in studio/.)
if (process.cwd() !== studioDir) process.chdir(studioDir)
const { sveltekit } = await import('@sveltejs/kit/vite')

const port = Number(process.env.STUDIO_PORT ?? 5173)

export default defineConfig(({ command }) => ({
  plugins: [sveltekit()],
  // Its own pre-bundle cache, apart from other vite users in the repository (vitest).
  cacheDir: path.join(studioDir, '..', 'node_modules', '.vite', 'studio'),
  ssr: {
    // SvelteKit needs cookie@0.6, nested under its own node_modules, while the root holds
    // fastify's cookie@2. Bundling it resolves it from SvelteKit's side, not from the output.
    noExternal: command === 'build' ? ['cookie'] : [],
  },
  // Pre-bundled at start-up: found later (zod comes in through $flow, outside the studio root),
  // vite would re-optimize and reload the open page.
  optimizeDeps: { include: ['@xyflow/svelte', 'zod'] },
  server: { host: '127.0.0.1', port, strictPort: true },
  preview: { host: '127.0.0.1', port, strictPort: true },
}))
