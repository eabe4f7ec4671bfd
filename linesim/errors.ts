/** One entry of LINE's `details` array: what is wrong and where (`messages[0].text`). */
export interface LineErrorDetail {
  message: string
  property: string
}

/**
 * An error answered with LINE's body shape `{message, details?}`. `extra` adds fields LINE puts next to
 * `message` (the 409 for a duplicate push retry key carries `sentMessages`).
 */
export class LineApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: LineErrorDetail[],
    readonly headers?: Record<string, string>,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'LineApiError'
  }

  body(): Record<string, unknown> {
    return {
      message: this.message,
      ...(this.details && this.details.length > 0 ? { details: this.details } : {}),
      ...this.extra,
    }
  }
}

/** LINE's summary line for validation failures. */
export function validationError(details: LineErrorDetail[]): LineApiError {
  return new LineApiError(400, `The request body has ${details.length} error(s)`, details)
}

export const notFound = (): LineApiError => new LineApiError(404, 'Not found')

const statusMessages: Record<number, string> = {
  400: 'Bad Request',
  401: 'Authentication failed',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal server error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

export function messageForStatus(status: number): string {
  return statusMessages[status] ?? 'Error'
}
