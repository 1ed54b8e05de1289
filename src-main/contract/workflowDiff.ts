/**
 * Structural diff of two workflow configurations (TaskRouter JSON), for the builder's version
 * diff: which filters and targets were added, removed or changed, and which fields changed.
 * Pure and dependency-free so the renderer can run it (import it from '@contract'); the JSON
 * text diff is left to the `diff` package.
 *
 * Filters are paired by name when the name is unique on both sides (so a reordered or renamed
 * neighbour does not mark everything changed), the rest by position; targets by position.
 */

export type DiffChange = 'added' | 'removed' | 'changed' | 'unchanged'

export interface TargetDiff {
  change: DiffChange
  /** Position in the `before` filter's targets (null when added). */
  before_index: number | null
  /** Position in the `after` filter's targets (null when removed). */
  after_index: number | null
  /** Target keys whose value differs, e.g. ['timeout', 'priority'] (all keys when added/removed). */
  fields: string[]
}

export interface FilterDiff {
  change: DiffChange
  /** The filter's name (after, or before when removed); 'Filter N' when it has none. */
  name: string
  before_index: number | null
  after_index: number | null
  /** Filter-level keys that differ: 'filter_friendly_name', 'expression'. */
  fields: string[]
  /** True when the filter kept its identity but changed position. */
  moved: boolean
  targets: TargetDiff[]
}

export interface DefaultFilterDiff {
  change: DiffChange
  fields: string[]
}

export interface WorkflowConfigurationDiff {
  /** False when a side is not valid JSON with a task_routing object (it is diffed as empty). */
  before_valid: boolean
  after_valid: boolean
  /** `after` order first; removed filters follow, in `before` order. */
  filters: FilterDiff[]
  default_filter: DefaultFilterDiff
  /** True when nothing differs (formatting aside). */
  identical: boolean
}

type JsonObject = Record<string, unknown>

interface Side {
  valid: boolean
  filters: JsonObject[]
  defaultFilter: JsonObject | undefined
}

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value)

function readSide(input: unknown): Side {
  let value = input
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input)
    } catch {
      return { valid: false, filters: [], defaultFilter: undefined }
    }
  }
  const routing = isObject(value) ? value.task_routing : undefined
  if (!isObject(routing)) return { valid: false, filters: [], defaultFilter: undefined }
  const filters = Array.isArray(routing.filters) ? routing.filters.filter(isObject) : []
  return { valid: true, filters, defaultFilter: isObject(routing.default_filter) ? routing.default_filter : undefined }
}

function filterName(filter: JsonObject, index: number): string {
  const name = filter.filter_friendly_name ?? filter.friendly_name
  return typeof name === 'string' && name.trim() !== '' ? name : `Filter ${index + 1}`
}

function namedKey(filter: JsonObject): string | undefined {
  const name = filter.filter_friendly_name ?? filter.friendly_name
  return typeof name === 'string' && name.trim() !== '' ? name : undefined
}

/** Keys whose values differ between two objects (JSON equality), sorted. */
function changedKeys(before: JsonObject, after: JsonObject, ignore: readonly string[] = []): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  const out: string[] = []
  for (const key of keys) {
    if (ignore.includes(key)) continue
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out.push(key)
  }
  return out.sort()
}

function targetsOf(filter: JsonObject | undefined): JsonObject[] {
  return filter && Array.isArray(filter.targets) ? filter.targets.filter(isObject) : []
}

function diffTargets(before: JsonObject[], after: JsonObject[]): TargetDiff[] {
  const out: TargetDiff[] = []
  for (let index = 0; index < Math.max(before.length, after.length); index++) {
    const a = before[index]
    const b = after[index]
    if (a && b) {
      const fields = changedKeys(a, b)
      out.push({ change: fields.length ? 'changed' : 'unchanged', before_index: index, after_index: index, fields })
    } else if (b) {
      out.push({ change: 'added', before_index: null, after_index: index, fields: Object.keys(b).sort() })
    } else if (a) {
      out.push({ change: 'removed', before_index: index, after_index: null, fields: Object.keys(a).sort() })
    }
  }
  return out
}

/** Pairs filters: unique names first, then the unpaired ones by position among themselves. */
function pairFilters(before: JsonObject[], after: JsonObject[]): Map<number, number> {
  const uniqueIndex = (filters: JsonObject[]): Map<string, number> => {
    const seen = new Map<string, number>()
    const duplicated = new Set<string>()
    filters.forEach((filter, index) => {
      const key = namedKey(filter)
      if (key === undefined) return
      if (seen.has(key)) duplicated.add(key)
      seen.set(key, index)
    })
    for (const key of duplicated) seen.delete(key)
    return seen
  }
  const beforeNames = uniqueIndex(before)
  const afterNames = uniqueIndex(after)
  const pairs = new Map<number, number>() // after index -> before index
  for (const [name, afterIndex] of afterNames) {
    const beforeIndex = beforeNames.get(name)
    if (beforeIndex !== undefined) pairs.set(afterIndex, beforeIndex)
  }
  const pairedBefore = new Set(pairs.values())
  // Unnamed (or renamed) filters pair by position among those left, so editing a name is a change, not remove + add.
  const leftBefore = before.map((_, index) => index).filter((index) => !pairedBefore.has(index) && !afterNames.has(namedKey(before[index]!) ?? '\u0000'))
  const leftAfter = after.map((_, index) => index).filter((index) => !pairs.has(index) && !beforeNames.has(namedKey(after[index]!) ?? '\u0000'))
  for (let index = 0; index < Math.min(leftBefore.length, leftAfter.length); index++) pairs.set(leftAfter[index]!, leftBefore[index]!)
  return pairs
}

/**
 * @example
 * const diff = diffWorkflowConfigurations(version1.configuration, draft)
 * diff.filters.filter((f) => f.change !== 'unchanged').map((f) => `${f.name}: ${f.change}`)
 */
export function diffWorkflowConfigurations(before: unknown, after: unknown): WorkflowConfigurationDiff {
  const a = readSide(before)
  const b = readSide(after)
  const pairs = pairFilters(a.filters, b.filters)
  const filters: FilterDiff[] = b.filters.map((filter, afterIndex): FilterDiff => {
    const beforeIndex = pairs.get(afterIndex)
    if (beforeIndex === undefined) {
      const targets = diffTargets([], targetsOf(filter))
      return { change: 'added', name: filterName(filter, afterIndex), before_index: null, after_index: afterIndex, fields: changedKeys({}, filter, ['targets']), moved: false, targets }
    }
    const previous = a.filters[beforeIndex]!
    const fields = changedKeys(previous, filter, ['targets'])
    const targets = diffTargets(targetsOf(previous), targetsOf(filter))
    const moved = beforeIndex !== afterIndex
    const changed = fields.length > 0 || moved || targets.some((target) => target.change !== 'unchanged')
    return { change: changed ? 'changed' : 'unchanged', name: filterName(filter, afterIndex), before_index: beforeIndex, after_index: afterIndex, fields, moved, targets }
  })
  const pairedBefore = new Set(pairs.values())
  a.filters.forEach((filter, beforeIndex) => {
    if (pairedBefore.has(beforeIndex)) return
    filters.push({ change: 'removed', name: filterName(filter, beforeIndex), before_index: beforeIndex, after_index: null, fields: changedKeys(filter, {}, ['targets']), moved: false, targets: diffTargets(targetsOf(filter), []) })
  })
  let defaultFilter: DefaultFilterDiff
  if (a.defaultFilter && b.defaultFilter) {
    const fields = changedKeys(a.defaultFilter, b.defaultFilter)
    defaultFilter = { change: fields.length ? 'changed' : 'unchanged', fields }
  } else if (b.defaultFilter) defaultFilter = { change: 'added', fields: Object.keys(b.defaultFilter).sort() }
  else if (a.defaultFilter) defaultFilter = { change: 'removed', fields: Object.keys(a.defaultFilter).sort() }
  else defaultFilter = { change: 'unchanged', fields: [] }
  const identical = a.valid === b.valid && defaultFilter.change === 'unchanged' && filters.every((filter) => filter.change === 'unchanged')
  return { before_valid: a.valid, after_valid: b.valid, filters, default_filter: defaultFilter, identical }
}
