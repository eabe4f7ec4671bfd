export * from './client'
export type * from './types'
export { failLoad } from './load'
