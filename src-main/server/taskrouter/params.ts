/**
 * TaskRouter form/query parameters (PascalCase, all strings) -> contract input (snake_case,
 * typed). Only the parameters a route declares are accepted; anything else is a 400 naming
 * it, so a misspelt parameter is never silently ignored.
 */
/** `array`: repeated keys or a comma list; `ignored`: accepted for SDK compatibility, no effect here. */
export type ParamType = 'string' | 'boolean' | 'integer' | 'array' | 'ignored'

export class ParamError extends Error {
  constructor(message: string, readonly param: string) {
    super(message)
  }
}

export const PAGING_PARAMS = new Set(['PageSize', 'Page', 'PageToken'])

export function pascalToSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()
}

export function snakeToPascal(name: string): string {
  return name.replace(/(^|_)([a-z])/g, (_match, _sep: string, letter: string) => letter.toUpperCase())
}

/** TaskRouter accepts `true`, `1` and `yes` as true (REFERENCE §2.6). */
export function parseBoolean(value: string, param: string): boolean {
  const lower = value.trim().toLowerCase()
  if (lower === 'true' || lower === '1' || lower === 'yes') return true
  if (lower === 'false' || lower === '0' || lower === 'no') return false
  throw new ParamError(`${param} must be true or false, not '${value}'`, param)
}

export function parseInteger(value: string, param: string): number {
  if (!/^\s*-?\d{1,15}\s*$/.test(value)) throw new ParamError(`${param} must be an integer, not '${value}'`, param)
  return Number(value)
}

/** Converts the declared parameters; repeated keys keep the last value unless listed as arrays. */
export function toContractInput(source: URLSearchParams, declared: Readonly<Record<string, ParamType>>): Record<string, unknown> {
  const input: Record<string, unknown> = {}
  for (const key of new Set(source.keys())) {
    if (PAGING_PARAMS.has(key)) continue
    const type = declared[key]
    if (!type) throw new ParamError(`Unknown parameter ${key}`, key)
    if (type === 'ignored') continue
    const values = source.getAll(key)
    const value = values[values.length - 1]!
    const field = pascalToSnake(key)
    if (type === 'array') input[field] = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)
    else input[field] = type === 'boolean' ? parseBoolean(value, key) : type === 'integer' ? parseInteger(value, key) : value
  }
  return input
}
