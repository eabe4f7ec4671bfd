// Every workflow the worker runs; Temporal bundles this file (deterministic code only).
export { lineEvent } from './lineEvent'
export { scenario } from './scenario'
export { reminder } from './reminder'
