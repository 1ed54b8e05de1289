/**
 * TaskRouter form/query parameters (PascalCase, all strings) -> contract input (snake_case,
 * typed). Only the parameters a route declares are accepted; anything else is a 400 naming
 * it, so a misspelt parameter is never silently ignored.
 */
/** `array`: repeated keys or a comma list; `ignored`: accepted but not passed to the contract (SDK compatibility, or read by the REST layer itself, like Workers' `Ordering`). */
export type ParamType = 'string' | 'boolean' | 'integer' | 'array' | 'ignored'

export class ParamError extends Error {
  constructor(message: string, readonly param: string) {
    super(message)
  }
}

export const PAGING_PARAMS = new Set(['PageSize', 'Page', 'PageToken'])

const snakeNames = new Map<string, string>()

/** `TaskQueueSid` -> `task_queue_sid`; memoised (the same few dozen names come with every request). */
export function pascalToSnake(name: string): string {
  let snake = snakeNames.get(name)
  if (snake === undefined) {
    snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()
    // Only declared parameter names reach here more than once; unknown ones are rejected first.
    if (snakeNames.size < 1024) snakeNames.set(name, snake)
  }
  return snake
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

/**
 * Converts the declared parameters into a fresh object that starts from `defaults`; repeated
 * keys keep the last value unless the parameter is an array (repeated keys and comma lists add up).
 */
export function toContractInput(source: URLSearchParams, declared: Readonly<Record<string, ParamType>>, defaults?: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const input: Record<string, unknown> = defaults ? { ...defaults } : {}
  let arrays: Set<string> | undefined
  for (const [key, value] of source) {
    if (PAGING_PARAMS.has(key)) continue
    const type = Object.hasOwn(declared, key) ? declared[key] : undefined
    if (!type) throw new ParamError(`Unknown parameter ${key}`, key)
    if (type === 'ignored') continue
    const field = pascalToSnake(key)
    if (type === 'array') {
      const items = value.split(',').map((v) => v.trim()).filter(Boolean)
      arrays ??= new Set()
      input[field] = arrays.has(field) ? [...(input[field] as string[]), ...items] : items
      arrays.add(field)
    } else {
      input[field] = type === 'boolean' ? parseBoolean(value, key) : type === 'integer' ? parseInteger(value, key) : value
    }
  }
  return input
}
