import { ParamError } from './params'

/**
 * List `Ordering` for the lists whose order the engine does not take (Workers, TaskQueues):
 * `Attribute:asc|desc[,Attribute:asc|desc...]`, the format TaskRouter documents for Tasks
 * (REFERENCE §2.2). TaskRouter does not document the attributes for these two lists, so the
 * route names the ones it accepts; anything else is a 400 naming `Ordering` (decision 17).
 * Sorting is stable: equal items keep the engine's creation order, so PageToken paging works.
 */
export type OrderingFields = Readonly<Record<string, string>>

export interface OrderingKey {
  field: string
  sign: 1 | -1
}

const MAX_KEYS = 3
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true })

/** Parses and validates `Ordering`; throws ParamError('Ordering') with the accepted values. */
export function parseOrdering(text: string, fields: OrderingFields): OrderingKey[] {
  const accepted = Object.keys(fields)
  const usage = `Ordering must be Attribute:asc or Attribute:desc (comma-separated, at most ${MAX_KEYS}) with ${accepted.join(', ')}`
  const parts = text.split(',').map((part) => part.trim())
  if (parts.length > MAX_KEYS || parts.some((part) => part === '')) throw new ParamError(`${usage}, not '${text}'`, 'Ordering')
  const seen = new Set<string>()
  return parts.map((part) => {
    const [attribute, direction, extra] = part.split(':')
    if (extra !== undefined || attribute === undefined || !Object.hasOwn(fields, attribute) || (direction !== 'asc' && direction !== 'desc')) {
      throw new ParamError(`${usage}, not '${part}'`, 'Ordering')
    }
    if (seen.has(attribute)) throw new ParamError(`Ordering names ${attribute} twice`, 'Ordering')
    seen.add(attribute)
    return { field: fields[attribute]!, sign: direction === 'desc' ? -1 : 1 }
  })
}

/** A sorted copy; strings compare case-insensitively (ISO dates sort as text); null comes after any value (before, descending). */
export function sortByOrdering<T extends Record<string, unknown>>(items: readonly T[], keys: readonly OrderingKey[]): T[] {
  return [...items].sort((a, b) => {
    for (const { field, sign } of keys) {
      const difference = compareValues(a[field], b[field])
      if (difference !== 0) return difference * sign
    }
    return 0
  })
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0
  if (a === null || a === undefined) return 1
  if (b === null || b === undefined) return -1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return collator.compare(String(a), String(b))
}
