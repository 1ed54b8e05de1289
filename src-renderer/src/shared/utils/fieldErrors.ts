import type { ApiError } from '@contract'

/** The most characters a friendly name may have (TaskRouter's limit, as in the contract). */
export const FRIENDLY_NAME_MAX = 64

/**
 * Client-side check of a friendly name, matching the contract's rule (trimmed, 1..64).
 *
 * @returns the message to show under the field, or null when the name is acceptable.
 */
export function friendlyNameProblem(value: string): string | null {
  const trimmed = value.trim()
  if (trimmed.length === 0) return 'A name is required.'
  if (trimmed.length > FRIENDLY_NAME_MAX) return `At most ${FRIENDLY_NAME_MAX} characters (this one has ${trimmed.length}).`
  return null
}

export interface PlacedError {
  /** The form field to show the message next to, or null for the form as a whole. */
  field: string | null
  message: string
}

/**
 * Places a server error: next to the field named by `error.param` when the form has that
 * field, otherwise at the top of the form.
 *
 * @example
 * placeApiError({ code: 20001, status: 400, message: 'Name taken', param: 'friendly_name' }, ['friendly_name'])
 * // -> { field: 'friendly_name', message: 'Name taken' }
 */
export function placeApiError(error: ApiError, fields: readonly string[]): PlacedError {
  const field = error.param && fields.includes(error.param) ? error.param : null
  return { field, message: error.message }
}
