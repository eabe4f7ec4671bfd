// Production entry: `node studio/server.js` after `vite build --config studio/vite.config.ts`.
// The same defaults as the dev server (127.0.0.1:5173), so the studio never takes the API's
// port 3000 (adapter-node's own default). Behind a TLS proxy set STUDIO_ORIGIN=https://…
process.env.STUDIO_PORT ??= '5173'
process.env.STUDIO_HOST ??= '127.0.0.1'

await import('./build/index.js')
