import { loadEnv } from './env'
import { startProduct, type RunningProduct } from './product'

/** `npm start`: the whole product on this machine, its URLs printed; Ctrl-C stops everything. */
const log = (line: string) => console.log(`[enishi] ${line}`)
let product: RunningProduct | undefined
let stopping = false

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true
    log('stopping…')
    await product?.stop()
  }
  process.exit(code)
}
process.on('SIGINT', () => void stopAll(0))
process.on('SIGTERM', () => void stopAll(0))

try {
  product = await startProduct({
    env: loadEnv(),
    studio: true,
    log,
    onChildExit: (name, code) => {
      log(`${name} exited (${code}); stopping everything`)
      void stopAll(1)
    },
  })
  const { urls } = product
  log('Enishi is up:')
  log(`  Studio            ${urls.studio}`)
  log(`  API               ${urls.api}  (OpenAPI docs: ${urls.api}/docs)`)
  log(`  Temporal Web UI   ${urls.temporalUi ?? `(external Temporal at ${urls.temporal})`}`)
  if (urls.linesim) log(`  LINE simulator    ${urls.linesim}`)
  if (urls.mailSink) log(`  Mail sink         ${urls.mailSink}  (set SMTP_URL to send real e-mail)`)
  log('Press Ctrl-C to stop.')
} catch (err) {
  console.error(err)
  await stopAll(1)
}
