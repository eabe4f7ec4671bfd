import type { FastifyError, FastifyInstance } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { isUniqueViolation } from '../prisma/client'

/** The one error body every API route answers with. */
export interface ApiErrorBody {
  error: { code: string; message: string; fields?: { path: string; message: string }[] }
}

/** Thrown by routes for an expected failure: it becomes `{error:{code,message}}` with the status. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: { path: string; message: string }[],
  ) {
    super(message)
  }
}

export function apiError(statusCode: number, code: string, message: string): ApiError {
  return new ApiError(statusCode, code, message)
}

/** A unique-constraint violation (P2002) becomes `409 <code>`; anything else is rethrown. */
export function conflictOn(err: unknown, code: string, message: string): never {
  if (isUniqueViolation(err)) throw new ApiError(409, code, message)
  throw err
}

function body(code: string, message: string, fields?: ApiErrorBody['error']['fields']): ApiErrorBody {
  return { error: { code, message, ...(fields ? { fields } : {}) } }
}

/** Validation failures name the field; unexpected errors are logged and never leak internals. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof ApiError) {
      return reply.code(err.statusCode).send(body(err.code, err.message, err.fields))
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v) => ({
        path: [err.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }))
      const names = fields.map((f) => f.path).join(', ')
      return reply.code(400).send(body('invalid_request', `Invalid request: ${names}`, fields))
    }
    const status = err.statusCode ?? 500
    if (status >= 500) {
      request.log.error({ err }, 'request failed')
      return reply.code(status).send(body('internal_error', 'Internal server error'))
    }
    return reply.code(status).send(body(err.code ?? 'bad_request', err.message))
  })
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(body('not_found', `No route ${request.method} ${request.url}`))
  })
}
