/**
 * What autocomplete knows about real attributes: every key path seen (`skills`,
 * `routing.languages`, ...) and, per key, the values seen (array elements counted one by one),
 * most frequent first. Built once from the documents of the workspace's workers (or tasks).
 */
export interface AttributeIndex {
  /** Key paths, sorted, with how many documents have each. */
  keys: Array<{ path: string; count: number; sample: string }>
  /** Key path -> distinct scalar values, most frequent first (at most VALUES_PER_KEY). */
  values: Map<string, Array<string | number | boolean>>
}

const VALUES_PER_KEY = 50
const MAX_DEPTH = 6

export const EMPTY_INDEX: AttributeIndex = { keys: [], values: new Map() }

/**
 * Indexes attribute documents (JSON strings; invalid ones are skipped).
 *
 * @example
 * buildAttributeIndex(['{"skills":["en","fr"],"routing":{"tier":2}}'])
 * // keys: skills, routing, routing.tier; values: skills -> ["en","fr"], routing.tier -> [2]
 */
export function buildAttributeIndex(documents: Iterable<string>): AttributeIndex {
  const keyCounts = new Map<string, { count: number; sample: string }>()
  const valueCounts = new Map<string, Map<string | number | boolean, number>>()

  const addValue = (path: string, value: unknown): void => {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return
    let counts = valueCounts.get(path)
    if (!counts) valueCounts.set(path, (counts = new Map()))
    counts.set(value, (counts.get(value) ?? 0) + 1)
  }
  const walk = (path: string, value: unknown, depth: number, seen: Set<string>): void => {
    if (!seen.has(path)) {
      seen.add(path)
      const entry = keyCounts.get(path)
      if (entry) entry.count += 1
      else keyCounts.set(path, { count: 1, sample: describe(value) })
    }
    if (Array.isArray(value)) for (const item of value) addValue(path, item)
    else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_DEPTH) return
      for (const [key, child] of Object.entries(value)) walk(`${path}.${key}`, child, depth + 1, seen)
    } else addValue(path, value)
  }

  for (const text of documents) {
    let doc: unknown
    try {
      doc = JSON.parse(text)
    } catch {
      continue
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) continue
    const seen = new Set<string>()
    for (const [key, value] of Object.entries(doc)) walk(key, value, 1, seen)
  }

  const keys = [...keyCounts.entries()].map(([path, { count, sample }]) => ({ path, count, sample })).sort((a, b) => a.path.localeCompare(b.path))
  const values = new Map<string, Array<string | number | boolean>>()
  for (const [path, counts] of valueCounts) {
    values.set(
      path,
      [...counts.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]))).slice(0, VALUES_PER_KEY).map(([value]) => value),
    )
  }
  return { keys, values }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (value === null) return 'null'
  return typeof value
}

/** What the text before the cursor asks to complete. */
export type CompletionContextKind =
  | { type: 'key'; prefix: string; from: number }
  | { type: 'value'; key: string; prefix: string; from: number; quoted: boolean }
  | { type: 'none' }

const OPERATOR = String.raw`(?:==|!=|>=|<=|>-|<-|=|>|<|\bhas\b|\bcontains\b|\bnot\s+in\b|\bin\b)`
const KEY = String.raw`[\p{L}_$][\p{L}\p{N}_$]*(?:\[\d+\])*(?:\.[\p{L}\p{N}_$]+(?:\[\d+\])*)*`
/** `key OP [ "a", "b` or `key OP "va` or `key OP va` at the end of the text. */
const VALUE_AFTER_OPERATOR = new RegExp(String.raw`(${KEY})\s*${OPERATOR}\s*(\[(?:[^\]]*,)?\s*)?(["']?)([^"'\s,\[\]()]*)$`, 'iu')
/** A reference being typed at the end of the text (possibly with dots). */
const KEY_AT_END = new RegExp(String.raw`(?:^|[\s(!\[,])(${KEY}\.?|)$`, 'u')

/**
 * Decides what to complete from the text before the cursor: a value for the key in front of
 * an operator, or a key path.
 *
 * @example
 * completionContextAt('skills HAS "su') // { type: 'value', key: 'skills', prefix: 'su', from: 12, quoted: true }
 */
export function completionContextAt(before: string): CompletionContextKind {
  // Inside an unterminated string that is not a value position: nothing to offer.
  const value = VALUE_AFTER_OPERATOR.exec(before)
  if (value) {
    const key = value[1]!
    const quote = value[3] ?? ''
    const prefix = value[4] ?? ''
    return { type: 'value', key, prefix, from: before.length - prefix.length - quote.length, quoted: quote !== '' }
  }
  if (inString(before)) return { type: 'none' }
  const key = KEY_AT_END.exec(before)
  if (key) {
    const prefix = key[1] ?? ''
    return { type: 'key', prefix, from: before.length - prefix.length }
  }
  return { type: 'none' }
}

function inString(text: string): boolean {
  let quote: string | null = null
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quote) {
      if (ch === '\\') i++
      else if (ch === quote) quote = null
    } else if (ch === '"' || ch === "'") quote = ch
  }
  return quote !== null
}

/**
 * The key a value is completed for, with the `worker.` / `task.` prefix of target
 * expressions removed so it can be looked up in the matching index.
 */
export function splitPrefix(key: string): { scope: 'worker' | 'task' | null; path: string } {
  if (key.startsWith('worker.')) return { scope: 'worker', path: key.slice('worker.'.length) }
  if (key.startsWith('task.')) return { scope: 'task', path: key.slice('task.'.length) }
  return { scope: null, path: key }
}

/** A value as the expression language writes it: strings double-quoted and escaped. */
export function literal(value: string | number | boolean): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}
