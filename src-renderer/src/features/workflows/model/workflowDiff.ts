import { diffLines } from 'diff'
import { DEFAULT_NODE_ID, filterNodeId, targetNodeId } from './workflowGraph'
import { prettyConfiguration } from './workflowModel'
import type { FilterModel, TargetFields, WorkflowModel } from './workflowModel'

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

export interface WorkflowDiff {
  /** Changes keyed by node id in the newer model. */
  nodes: Map<string, NodeChange>
  /** What only the older version had (no node to highlight on the newer canvas). */
  removed: string[]
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
  })
  before.filters.forEach((older, index) => {
    if (!pairedOlder.has(index)) removed.push(`Filter “${labelOf(older, index)}”`)
  })

  if (after.defaultFilter && !before.defaultFilter) nodes.set(DEFAULT_NODE_ID, { kind: 'added', detail: 'new default filter' })
  else if (!after.defaultFilter && before.defaultFilter) removed.push('The default filter')
  else if (after.defaultFilter && before.defaultFilter && !sameFields(before.defaultFilter, after.defaultFilter)) {
    nodes.set(DEFAULT_NODE_ID, { kind: 'changed', detail: `${changedFields(before.defaultFilter, after.defaultFilter).join(', ')} changed` })
  }
  return { nodes, removed, same: nodes.size === 0 && removed.length === 0 }
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
