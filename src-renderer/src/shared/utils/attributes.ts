/** The most characters an attributes document may have (TaskRouter's limit, as in the contract). */
export const ATTRIBUTES_MAX = 4096

/**
 * Client-side check of an attributes document, matching the contract: valid JSON, an object,
 * at most 4096 characters (whitespace included, as the server counts).
 *
 * @returns the message to show under the field, or null when it is acceptable.
 * @example
 * attributesProblem('["a"]') // 'Attributes must be a JSON object, like {"skills":["support"]}.'
 */
export function attributesProblem(text: string, max = ATTRIBUTES_MAX): string | null {
  if (text.length > max) return `At most ${max} characters (this has ${text.length}).`
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return `Not valid JSON: ${(error as Error).message}`
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'Attributes must be a JSON object, like {"skills":["support"]}.'
  return null
}

/** Parses attributes leniently: an object, or `{}` when the text is not one. */
export function parseAttributes(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

/** Pretty-prints a JSON document for editing; returns the text unchanged if it does not parse. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}
