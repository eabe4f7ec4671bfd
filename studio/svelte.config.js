import nodeAdapter from '@sveltejs/adapter-node'
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte'
import { fileURLToPath } from 'node:url'

// Every path is anchored to this folder so the studio builds the same whether a command
// runs from the repository root or from studio/.
const here = (p) => fileURLToPath(new URL(p, import.meta.url))

/**
 * adapter-node reads `package.json` in the working directory (studio/ during a build) to keep
 * production dependencies external. The project's only package.json is the root one, so the
 * adapter runs from there; the studio uses none of its runtime dependencies, so the bundle in
 * studio/build is self-contained.
 * @param {import('@sveltejs/adapter-node').AdapterOptions} options
 * @returns {import('@sveltejs/kit').Adapter}
 */
function adapter(options) {
  const base = nodeAdapter(options)
  return {
    ...base,
    async adapt(builder) {
      const cwd = process.cwd()
      process.chdir(here('..'))
      try {
        await base.adapt(builder)
      } finally {
        process.chdir(cwd)
      }
    },
  }
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Runes for our own components only; libraries in node_modules keep their own mode.
    runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true),
  },
  kit: {
    // In production: node studio/server.js (STUDIO_PORT, STUDIO_HOST, STUDIO_ORIGIN, API_URL).
    adapter: adapter({ out: here('./build'), envPrefix: 'STUDIO_' }),
    outDir: here('./.svelte-kit'),
    // SvelteKit adds a nonce or hash for its own inline script. Styles stay 'unsafe-inline': the
    // scenario editor (xyflow) and transitions style elements inline. Images come from LINE (https).
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'https:'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
    // The shared flow definition (node specs, graph rules) at the repository root.
    alias: { $flow: here('../flow') },
    files: {
      src: here('./src'),
      assets: here('./static'),
      lib: here('./src/lib'),
      routes: here('./src/routes'),
      appTemplate: here('./src/app.html'),
      errorTemplate: here('./src/error.html'),
      hooks: {
        server: here('./src/hooks.server'),
        client: here('./src/hooks.client'),
        universal: here('./src/hooks'),
      },
      params: here('./src/params'),
      serviceWorker: here('./src/service-worker'),
    },
  },
}

export default config
