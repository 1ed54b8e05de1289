/**
 * Error codes shared by every transport. Codes follow TaskRouter where it has one
 * (REFERENCE §2.4 and decision 4); the HTTP status for each code lives in this one table so
 * IPC, HTTP RPC and REST all agree.
 */
export const ErrorCode = {
  /** Malformed input or a state conflict (TaskRouter's generic 20001). */
  InvalidRequest: 20001,
  /** Authentication failed. */
  Unauthorized: 20003,
  /** Method not allowed on this path. */
  MethodNotAllowed: 20004,
  /** Unknown resource or path. */
  NotFound: 20404,
  /** If-Match did not match the current version. */
  PreconditionFailed: 20412,
  /** The resource is no longer in a state that allows this (e.g. a rescinded reservation). */
  Gone: 20410,
  /** Too many requests: the load guard or a documented rate limit. */
  TooManyRequests: 20429,
  /** The store cannot accept writes (disk full, read-only folder, failed fsync). */
  StorageUnavailable: 20503,
  /** A bug: never expected, always logged. */
  Internal: 20500,
} as const

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode]

/** HTTP status per error code: the single mapping every transport uses. */
export const httpStatusForCode: Readonly<Record<ErrorCodeValue, number>> = {
  [ErrorCode.InvalidRequest]: 400,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.MethodNotAllowed]: 405,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.PreconditionFailed]: 412,
  [ErrorCode.Gone]: 410,
  [ErrorCode.TooManyRequests]: 429,
  [ErrorCode.StorageUnavailable]: 503,
  [ErrorCode.Internal]: 500,
}

/**
 * The error value that crosses every boundary. `param` names the input field at fault (in the
 * contract's snake_case; REST turns it into PascalCase), so the UI can show the error next to
 * the field that caused it.
 */
export interface ApiError {
  code: ErrorCodeValue
  message: string
  status: number
  param?: string
  /** Extra structured context, e.g. `{ used_by: ['WW...'] }` or an expression position. */
  details?: Record<string, unknown>
}

/** `{ ok: true, data } | { ok: false, error }`: thrown errors never cross IPC as bare strings. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError }

export function apiError(code: ErrorCodeValue, message: string, extra: Pick<ApiError, 'param' | 'details'> = {}): ApiError {
  return { code, message, status: httpStatusForCode[code], ...extra }
}
