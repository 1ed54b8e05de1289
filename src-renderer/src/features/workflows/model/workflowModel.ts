/**
 * The builder's editable model of a workflow configuration (REFERENCE §5.1), and the exact
 * conversions between it and TaskRouter's JSON. Every filter and target gets a stable `id` so a
 * selection survives reordering, undo and redo; the JSON never carries those ids.
 *
 * Parsing is structural only (JSON shape, value types, unknown keys), so the canvas can draw a
 * configuration the server would still refuse (unknown queue, bad expression) and the problems
 * list explains why. A key the engine does not know is a parse error here too: a misspelt
 * `timout` would otherwise vanish silently on the way through the graph.
 */

/** Numbers or numeric strings (`"priority": "10"`): TaskRouter's docs show both; kept as given. */
export type IntegerLike = number | string

export interface TargetFields {
  queue?: string
  expression?: string
  priority?: IntegerLike
  timeout?: IntegerLike
  order_by?: string
  skip_if?: string
  known_worker_sid?: string
  known_worker_friendly_name?: string
}

export interface DefaultFilterFields {
  queue: string
  expression?: string
  priority?: IntegerLike
  order_by?: string
}

export interface TargetModel {
  id: string
  fields: TargetFields
}

export interface FilterModel {
  id: string
  name: string
  /** Which JSON key carries the name (`friendly_name` is twilio-java's legacy key); null: none. */
  nameKey: 'filter_friendly_name' | 'friendly_name' | null
  expression: string
  targets: TargetModel[]
}

export interface WorkflowModel {
  filters: FilterModel[]
  defaultFilter: DefaultFilterFields | null
}

/** TaskRouter's JSON for one configuration (what `workflows.update` stores as text). */
export interface ConfigurationJson {
  task_routing: {
    filters?: Array<{ filter_friendly_name?: string; friendly_name?: string; expression: string; targets: TargetFields[] }>
    default_filter?: DefaultFilterFields
  }
}

export type ParseResult = { ok: true; model: WorkflowModel } | { ok: false; message: string; path: string }

export const TARGET_KEYS = ['queue', 'expression', 'priority', 'timeout', 'order_by', 'skip_if', 'known_worker_sid', 'known_worker_friendly_name'] as const
export const DEFAULT_FILTER_KEYS = ['queue', 'expression', 'priority', 'order_by'] as const
const FILTER_KEYS = ['filter_friendly_name', 'friendly_name', 'expression', 'targets'] as const
const INTEGER_KEYS = new Set<string>(['priority', 'timeout'])

let idSeq = 0
/** A fresh id for a filter (`f…`) or a target (`t…`), unique in this window. */
export function newId(kind: 'f' | 't'): string {
  idSeq += 1
  return `${kind}${idSeq.toString(36)}`
}

class ShapeError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message)
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function expectRecord(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw new ShapeError(`${path} must be an object`, path)
  return value
}

function checkKeys(record: Record<string, unknown>, allowed: readonly string[], path: string): void {
  const unknown = Object.keys(record).filter((key) => !allowed.includes(key))
  if (unknown.length) {
    throw new ShapeError(`unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((key) => `'${key}'`).join(', ')} in ${path} (allowed: ${allowed.join(', ')})`, path)
  }
}

function readFields<K extends string>(record: Record<string, unknown>, keys: readonly K[], path: string): Partial<Record<K, IntegerLike>> {
  const fields: Partial<Record<K, IntegerLike>> = {}
  for (const key of keys) {
    const value = record[key]
    if (value === undefined) continue
    const isInteger = INTEGER_KEYS.has(key)
    if (typeof value === 'string' || (isInteger && typeof value === 'number')) fields[key] = value
    else throw new ShapeError(`${path}.${key} must be ${isInteger ? 'a number' : 'a string'}`, `${path}.${key}`)
  }
  return fields
}

function readTarget(value: unknown, path: string): TargetModel {
  const record = expectRecord(value, path)
  checkKeys(record, TARGET_KEYS, path)
  return { id: newId('t'), fields: readFields(record, TARGET_KEYS, path) as TargetFields }
}

function readFilter(value: unknown, path: string): FilterModel {
  const record = expectRecord(value, path)
  checkKeys(record, FILTER_KEYS, path)
  const text = readFields(record, ['filter_friendly_name', 'friendly_name', 'expression'], path) as Record<string, string | undefined>
  if (text.expression === undefined) throw new ShapeError(`${path}.expression is required`, `${path}.expression`)
  if (!Array.isArray(record.targets)) throw new ShapeError(`${path}.targets must be an array of targets`, `${path}.targets`)
  const nameKey = text.filter_friendly_name !== undefined ? 'filter_friendly_name' : text.friendly_name !== undefined ? 'friendly_name' : null
  return {
    id: newId('f'),
    name: text.filter_friendly_name ?? text.friendly_name ?? '',
    nameKey,
    expression: text.expression,
    targets: record.targets.map((target, index) => readTarget(target, `${path}.targets[${index}]`)),
  }
}

/**
 * Reads a configuration (text or already-parsed JSON) into the model.
 *
 * @returns `{ ok: false, message, path }` for bad JSON or a bad shape; `path` is the JSON path
 * (`task_routing.filters[0].targets[1].timeout`) so the JSON tab can point at it.
 * @example
 * const parsed = parseConfiguration('{"task_routing":{"default_filter":{"queue":"WQ…"}}}')
 */
export function parseConfiguration(source: string | unknown): ParseResult {
  let json: unknown = source
  if (typeof source === 'string') {
    try {
      json = JSON.parse(source)
    } catch (error) {
      return { ok: false, message: `not valid JSON: ${(error as Error).message}`, path: '' }
    }
  }
  try {
    const root = expectRecord(json, 'configuration')
    checkKeys(root, ['task_routing'], 'configuration')
    const routing = expectRecord(root.task_routing, 'task_routing')
    checkKeys(routing, ['filters', 'default_filter'], 'task_routing')
    if (routing.filters !== undefined && !Array.isArray(routing.filters)) throw new ShapeError('task_routing.filters must be an array', 'task_routing.filters')
    const filters = (routing.filters ?? []).map((filter, index) => readFilter(filter, `task_routing.filters[${index}]`))
    let defaultFilter: DefaultFilterFields | null = null
    if (routing.default_filter !== undefined) {
      const record = expectRecord(routing.default_filter, 'task_routing.default_filter')
      checkKeys(record, DEFAULT_FILTER_KEYS, 'task_routing.default_filter')
      const fields = readFields(record, DEFAULT_FILTER_KEYS, 'task_routing.default_filter')
      if (typeof fields.queue !== 'string') throw new ShapeError('task_routing.default_filter.queue is required', 'task_routing.default_filter.queue')
      defaultFilter = fields as DefaultFilterFields
    }
    return { ok: true, model: { filters, defaultFilter } }
  } catch (error) {
    if (error instanceof ShapeError) return { ok: false, message: error.message, path: error.path }
    throw error
  }
}

function pick<T extends object>(fields: T, keys: readonly string[]): T {
  const out: Record<string, unknown> = {}
  const source = fields as Record<string, unknown>
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key]
  return out as T
}

/** The model as TaskRouter JSON, keys in the documented order; ids dropped. */
export function toConfigurationJson(model: WorkflowModel): ConfigurationJson {
  const routing: ConfigurationJson['task_routing'] = {}
  if (model.filters.length) {
    routing.filters = model.filters.map((filter) => ({
      ...(filter.nameKey ? { [filter.nameKey]: filter.name } : filter.name ? { filter_friendly_name: filter.name } : {}),
      expression: filter.expression,
      targets: filter.targets.map((target) => pick(target.fields, TARGET_KEYS)),
    }))
  }
  if (model.defaultFilter) routing.default_filter = pick(model.defaultFilter, DEFAULT_FILTER_KEYS)
  return { task_routing: routing }
}

/** The configuration text the JSON tab shows and `workflows.update` stores (2-space indent). */
export function formatConfiguration(model: WorkflowModel): string {
  return JSON.stringify(toConfigurationJson(model), null, 2)
}

/** Re-indents a configuration text the same way, or returns it unchanged if it is not JSON. */
export function prettyConfiguration(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

/** An empty model: one filter would need a queue, so a brand-new draft starts with nothing. */
export function emptyModel(): WorkflowModel {
  return { filters: [], defaultFilter: null }
}

/** Reads an integer-like field for display or arithmetic; null when absent or not numeric. */
export function integerOf(value: IntegerLike | undefined): number | null {
  if (value === undefined) return null
  const number = typeof value === 'number' ? value : Number(value.trim())
  return Number.isInteger(number) ? number : null
}

/** The filter's label on the canvas and in lists: its name, else "Filter n". */
export function filterLabel(model: WorkflowModel, filterId: string): string {
  const index = model.filters.findIndex((filter) => filter.id === filterId)
  const filter = model.filters[index]
  if (!filter) return 'Filter'
  return filter.name.trim() || `Filter ${index + 1}`
}

/**
 * The queue a target routes to: its own, or (REFERENCE §5.1) the nearest earlier target's in
 * the same filter. Null when no earlier target names one either.
 */
export function effectiveQueue(filter: FilterModel, targetIndex: number): string | null {
  for (let index = targetIndex; index >= 0; index -= 1) {
    const queue = filter.targets[index]?.fields.queue
    if (queue) return queue
  }
  return null
}
