import { diffLines } from 'diff'
import { layoutGraph } from './graphLayout'
import { DEFAULT_NODE_ID, buildGraph, filterNodeId, targetNodeId } from './workflowGraph'
import type { QueueInfo, WorkflowGraph } from './workflowGraph'
import { prettyConfiguration } from './workflowModel'
import type { DefaultFilterFields, FilterModel, TargetFields, TargetModel, WorkflowModel } from './workflowModel'

/**
 * What changed between two versions, for the canvas (node highlights on the newer version) and
 * for a line diff of the JSON. Filters are paired by name, then by identical expression, then
 * by position, so a renamed filter reads as "changed" and a moved one as "moved", not as a
 * removal plus an addition. Targets are paired by their place in the chain.
 */
export type ChangeKind = 'added' | 'removed' | 'changed'

export interface NodeChange {
  kind: ChangeKind
  /** Words for the tooltip / list: "expression changed", "moved from 3 to 1". */
  detail: string
}

/** A filter only the older version had, and where it stood among the newer filters. */
export interface RemovedFilter {
  filter: FilterModel
  olderIndex: number
  /** Index of the newer filter it came after (-1: it came first). */
  after: number
}

/** The steps only the older version had, to draw as ghosts on the newer canvas. */
export interface RemovedSteps {
  filters: RemovedFilter[]
  /** Trailing targets a kept filter lost, by the newer filter's id. */
  targets: Map<string, TargetModel[]>
  defaultFilter: DefaultFilterFields | null
}

export interface WorkflowDiff {
  /** Changes keyed by node id in the newer model. */
  nodes: Map<string, NodeChange>
  /** What only the older version had, in words. */
  removed: string[]
  /** The same, as model parts (see `withRemovedSteps`). */
  removedSteps: RemovedSteps
  /** True when nothing differs. */
  same: boolean
}

function sameFields(a: object, b: object): boolean {
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  const keys = new Set([...Object.keys(left), ...Object.keys(right)])
  for (const key of keys) if (String(left[key] ?? '') !== String(right[key] ?? '')) return false
  return true
}

function changedFields(a: TargetFields, b: TargetFields): string[] {
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  return [...new Set([...Object.keys(left), ...Object.keys(right)])].filter((key) => String(left[key] ?? '') !== String(right[key] ?? ''))
}

const labelOf = (filter: FilterModel, index: number): string => filter.name.trim() || `Filter ${index + 1}`

/** Pairs each newer filter index with an older one (or none). */
function pairFilters(before: FilterModel[], after: FilterModel[]): Map<number, number> {
  const pairs = new Map<number, number>()
  const taken = new Set<number>()
  const passes: Array<(older: FilterModel, newer: FilterModel, olderIndex: number, newerIndex: number) => boolean> = [
    (older, newer) => newer.name.trim() !== '' && older.name.trim() === newer.name.trim(),
    (older, newer) => older.expression.trim() === newer.expression.trim(),
    (_older, _newer, olderIndex, newerIndex) => olderIndex === newerIndex,
  ]
  for (const matches of passes) {
    after.forEach((newer, newerIndex) => {
      if (pairs.has(newerIndex)) return
      const olderIndex = before.findIndex((older, index) => !taken.has(index) && matches(older, newer, index, newerIndex))
      if (olderIndex >= 0) {
        pairs.set(newerIndex, olderIndex)
        taken.add(olderIndex)
      }
    })
  }
  return pairs
}

/**
 * @example
 * const diff = diffModels(versionA, versionB)
 * diff.nodes.get(filterNodeId(id))   // { kind: 'changed', detail: 'expression changed' }
 */
export function diffModels(before: WorkflowModel, after: WorkflowModel): WorkflowDiff {
  const nodes = new Map<string, NodeChange>()
  const removed: string[] = []
  const removedSteps: RemovedSteps = { filters: [], targets: new Map(), defaultFilter: null }
  const pairs = pairFilters(before.filters, after.filters)
  const pairedOlder = new Set(pairs.values())

  after.filters.forEach((newer, newerIndex) => {
    const olderIndex = pairs.get(newerIndex)
    if (olderIndex === undefined) {
      nodes.set(filterNodeId(newer.id), { kind: 'added', detail: 'new filter' })
      for (const target of newer.targets) nodes.set(targetNodeId(target.id), { kind: 'added', detail: 'new target' })
      return
    }
    const older = before.filters[olderIndex]!
    const details: string[] = []
    if (older.name !== newer.name) details.push('renamed')
    if (older.expression.trim() !== newer.expression.trim()) details.push('expression changed')
    // Moved = its place among the filters both versions share changed.
    const olderRank = [...pairs.entries()].filter(([, o]) => o < olderIndex).length
    const newerRank = [...pairs.keys()].filter((n) => n < newerIndex).length
    if (olderRank !== newerRank) details.push(`moved from ${olderIndex + 1} to ${newerIndex + 1}`)
    if (details.length) nodes.set(filterNodeId(newer.id), { kind: 'changed', detail: details.join(', ') })

    newer.targets.forEach((target, index) => {
      const old = older.targets[index]
      if (!old) nodes.set(targetNodeId(target.id), { kind: 'added', detail: 'new target' })
      else if (!sameFields(old.fields, target.fields)) nodes.set(targetNodeId(target.id), { kind: 'changed', detail: `${changedFields(old.fields, target.fields).join(', ')} changed` })
    })
    for (let index = newer.targets.length; index < older.targets.length; index += 1) removed.push(`Target ${index + 1} of “${labelOf(newer, newerIndex)}”`)
    if (older.targets.length > newer.targets.length) removedSteps.targets.set(newer.id, older.targets.slice(newer.targets.length))
  })
  before.filters.forEach((older, index) => {
    if (pairedOlder.has(index)) return
    removed.push(`Filter “${labelOf(older, index)}”`)
    // It follows the newer filter paired with the closest older filter above it.
    let after = -1
    let closest = -1
    for (const [newerIndex, olderIndex] of pairs) {
      if (olderIndex < index && olderIndex > closest) [closest, after] = [olderIndex, newerIndex]
    }
    removedSteps.filters.push({ filter: older, olderIndex: index, after })
  })

  if (after.defaultFilter && !before.defaultFilter) nodes.set(DEFAULT_NODE_ID, { kind: 'added', detail: 'new default filter' })
  else if (!after.defaultFilter && before.defaultFilter) {
    removed.push('The default filter')
    removedSteps.defaultFilter = before.defaultFilter
  }
  else if (after.defaultFilter && before.defaultFilter && !sameFields(before.defaultFilter, after.defaultFilter)) {
    nodes.set(DEFAULT_NODE_ID, { kind: 'changed', detail: `${changedFields(before.defaultFilter, after.defaultFilter).join(', ')} changed` })
  }
  return { nodes, removed, removedSteps, same: nodes.size === 0 && removed.length === 0 }
}

/**
 * The newer model with what the older one had put back where it stood, for the comparison
 * canvas: removed filters after the filter they followed, lost targets at the end of their
 * chain, a lost default filter. `changes` is the diff's plus a 'removed' entry per ghost node.
 * The ghosts are drawn faded; they are never part of a configuration.
 *
 * @example
 * const { model, changes } = withRemovedSteps(newerModel, diffModels(olderModel, newerModel), 3)
 * layoutGraph(buildGraph(model, queues))   // ghosts included, at their old place
 */
export function withRemovedSteps(newer: WorkflowModel, diff: WorkflowDiff, olderVersion: number | null = null): { model: WorkflowModel; changes: Map<string, NodeChange> } {
  const changes = new Map(diff.nodes)
  const detail = olderVersion === null ? 'removed' : `only in version ${olderVersion}`
  const ghost = (id: string): void => void changes.set(id, { kind: 'removed', detail })
  const { filters: lostFilters, targets: lostTargets, defaultFilter } = diff.removedSteps

  const filters: FilterModel[] = []
  const ghostFiltersAfter = (after: number): void => {
    for (const { filter } of lostFilters.filter((lost) => lost.after === after).sort((a, b) => a.olderIndex - b.olderIndex)) {
      ghost(filterNodeId(filter.id))
      for (const target of filter.targets) ghost(targetNodeId(target.id))
      filters.push(filter)
    }
  }
  ghostFiltersAfter(-1)
  newer.filters.forEach((filter, index) => {
    const lost = lostTargets.get(filter.id) ?? []
    for (const target of lost) ghost(targetNodeId(target.id))
    filters.push(lost.length ? { ...filter, targets: [...filter.targets, ...lost] } : filter)
    ghostFiltersAfter(index)
  })
  if (defaultFilter && !newer.defaultFilter) ghost(DEFAULT_NODE_ID)
  return { model: { filters, defaultFilter: newer.defaultFilter ?? defaultFilter }, changes }
}

/**
 * The comparison canvas: the newer version laid out with the older one's removed steps as
 * ghosts (`withRemovedSteps`). A queue or the exit that only ghosts lead to is a ghost too.
 * Filters keep the number they have in their own version ("Filter 1" of the newer version,
 * a ghost its number in the older one), not their row on this merged, read-only canvas.
 */
export function comparisonGraph(newer: WorkflowModel, diff: WorkflowDiff, olderVersion: number | null, queues: ReadonlyMap<string, QueueInfo>): { graph: WorkflowGraph; changes: Map<string, NodeChange> } {
  const { model, changes } = withRemovedSteps(newer, diff, olderVersion)
  const laidOut = layoutGraph(buildGraph(model, queues))
  const numbers = new Map<string, number>(newer.filters.map((filter, index) => [filter.id, index]))
  for (const lost of diff.removedSteps.filters) numbers.set(lost.filter.id, lost.olderIndex)
  const graph: WorkflowGraph = {
    edges: laidOut.edges,
    nodes: laidOut.nodes.map((node) => (node.data.kind === 'filter' ? { ...node, data: { ...node.data, index: numbers.get(node.data.filterId) ?? node.data.index } } : node)),
  }
  const isGhost = (id: string): boolean => changes.get(id)?.kind === 'removed'
  for (const node of graph.nodes) {
    if (node.type !== 'queue' && node.type !== 'exit') continue
    const sources = graph.edges.filter((edge) => edge.target === node.id).map((edge) => edge.source)
    if (sources.length > 0 && sources.every(isGhost)) changes.set(node.id, { kind: 'removed', detail: 'used only by removed steps' })
  }
  return { graph, changes }
}

export interface DiffLine {
  kind: 'added' | 'removed' | 'same'
  text: string
}

/** A line diff of two configuration texts, both re-indented first so formatting is not a change. */
export function diffConfigurationText(before: string, after: string): DiffLine[] {
  const lines: DiffLine[] = []
  for (const part of diffLines(prettyConfiguration(before), prettyConfiguration(after))) {
    const kind = part.added ? 'added' : part.removed ? 'removed' : 'same'
    for (const text of part.value.replace(/\n$/, '').split('\n')) lines.push({ kind, text })
  }
  return lines
}
