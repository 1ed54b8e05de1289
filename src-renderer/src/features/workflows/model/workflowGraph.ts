import { effectiveQueue, integerOf } from './workflowModel'
import type { DefaultFilterFields, FilterModel, TargetFields, WorkflowModel } from './workflowModel'

/**
 * The canvas's view of the model: nodes and edges in the shape Vue Flow takes (plain objects,
 * no DOM, no Vue), and the way back from nodes to the model. The canvas component only renders
 * this; it never builds routing logic itself.
 *
 * Reading the graph (REFERENCE §5.2): the task enters at the top and tries each filter in order.
 * "match" leads into the filter's first target; "no match" to the next filter (after the last
 * one, to the default filter). A target's "after Ns" edge is its timeout: to the next target,
 * or from the last target to the next filter below; with no filter below, the task leaves the
 * workflow (canceled). Dashed edges show which queue each target puts the task in.
 */

export interface QueueInfo {
  name: string
  /** Live counts (app.statsDelta via app/liveStats.ts); null until the first snapshot arrives. */
  eligible: number | null
  available: number | null
}

export type GraphNodeData =
  | { kind: 'entry' }
  | { kind: 'filter'; filterId: string; index: number; name: string; nameKey: FilterModel['nameKey']; expression: string }
  | { kind: 'target'; targetId: string; filterId: string; index: number; fields: TargetFields; queueSid: string | null; inheritsQueue: boolean }
  | { kind: 'default'; fields: DefaultFilterFields }
  | { kind: 'queue'; queueSid: string; name: string; known: boolean; eligible: number | null; available: number | null }
  | { kind: 'exit' }

export type GraphNodeKind = GraphNodeData['kind']

export interface GraphNode {
  id: string
  type: GraphNodeKind
  position: { x: number; y: number }
  data: GraphNodeData
  /** Rendered size; the layout needs it before the DOM exists. */
  width: number
  height: number
}

export type GraphEdgeKind = 'start' | 'match' | 'no-match' | 'timeout' | 'queue'

export interface GraphEdge {
  id: string
  source: string
  target: string
  sourceHandle: string
  targetHandle: string
  label: string
  kind: GraphEdgeKind
}

export interface WorkflowGraph {
  nodes: GraphNode[]
  edges: GraphEdge[]
}

export const ENTRY_NODE_ID = 'entry'
export const DEFAULT_NODE_ID = 'default'
export const EXIT_NODE_ID = 'exit'
export const filterNodeId = (filterId: string): string => `filter:${filterId}`
export const targetNodeId = (targetId: string): string => `target:${targetId}`
export const queueNodeId = (queueSid: string): string => `queue:${queueSid}`

/** Rendered sizes by kind (the node components use the same numbers). */
// Compact on purpose: a filter with a two-target chain plus the queue column must fit the
// canvas beside the side panel at a zoom where the text stays readable (about 0.7 at 1440px).
export const NODE_SIZE: Record<GraphNodeKind, { width: number; height: number }> = {
  entry: { width: 150, height: 44 },
  filter: { width: 220, height: 86 },
  target: { width: 220, height: 112 },
  default: { width: 220, height: 86 },
  queue: { width: 180, height: 72 },
  exit: { width: 170, height: 44 },
}

/** Handle ids: flow enters on the left or the top, leaves on the right or the bottom. */
export const HANDLE = { in: 'in', top: 'top', out: 'out', bottom: 'bottom' } as const

function node(id: string, data: GraphNodeData): GraphNode {
  return { id, type: data.kind, position: { x: 0, y: 0 }, data, ...NODE_SIZE[data.kind] }
}

function edge(source: string, target: string, kind: GraphEdgeKind, label: string, sourceHandle: string = HANDLE.out, targetHandle: string = HANDLE.in): GraphEdge {
  return { id: `${kind}:${source}->${target}`, source, target, sourceHandle, targetHandle, label, kind }
}

/** "after 30s", "if skipped", or both: what moves a task from this target to the next step. */
export function advanceLabel(fields: TargetFields): string | null {
  const timeout = integerOf(fields.timeout)
  const parts: string[] = []
  if (timeout !== null) parts.push(`after ${timeout}s`)
  if (fields.skip_if) parts.push('if skipped')
  return parts.length ? parts.join(' / ') : null
}

/**
 * The graph of a model, without positions (see `layoutGraph`). `queues` names the workspace's
 * queues and their live counts; a SID missing from it is drawn as an unknown queue.
 *
 * @example
 * const { nodes, edges } = layoutGraph(buildGraph(model, queueInfo))
 */
export function buildGraph(model: WorkflowModel, queues: ReadonlyMap<string, QueueInfo>): WorkflowGraph {
  const nodes: GraphNode[] = [node(ENTRY_NODE_ID, { kind: 'entry' })]
  const edges: GraphEdge[] = []
  const queueSids: string[] = []
  const useQueue = (sid: string | null, from: string): void => {
    if (!sid) return
    if (!queueSids.includes(sid)) queueSids.push(sid)
    edges.push(edge(from, queueNodeId(sid), 'queue', '', HANDLE.bottom, HANDLE.in))
  }
  let exitUsed = false

  const afterFilters = model.defaultFilter ? DEFAULT_NODE_ID : null
  model.filters.forEach((filter, filterIndex) => {
    const id = filterNodeId(filter.id)
    nodes.push(node(id, { kind: 'filter', filterId: filter.id, index: filterIndex, name: filter.name, nameKey: filter.nameKey, expression: filter.expression }))
    if (filterIndex === 0) edges.push(edge(ENTRY_NODE_ID, id, 'start', '', HANDLE.bottom, HANDLE.top))
    const below = model.filters[filterIndex + 1]
    const noMatch = below ? filterNodeId(below.id) : afterFilters
    if (noMatch) edges.push(edge(id, noMatch, 'no-match', 'no match', HANDLE.bottom, HANDLE.top))

    let previous = id
    filter.targets.forEach((target, targetIndex) => {
      const targetId = targetNodeId(target.id)
      const queueSid = effectiveQueue(filter, targetIndex)
      nodes.push(node(targetId, { kind: 'target', targetId: target.id, filterId: filter.id, index: targetIndex, fields: target.fields, queueSid, inheritsQueue: !target.fields.queue && queueSid !== null }))
      const previousTarget = filter.targets[targetIndex - 1]
      edges.push(targetIndex === 0 ? edge(previous, targetId, 'match', 'match') : edge(previous, targetId, 'timeout', advanceLabel(previousTarget!.fields) ?? 'never (no timeout)'))
      useQueue(queueSid, targetId)
      previous = targetId
    })
    // Timing out of the last target continues with the next filter below (never the default).
    const last = filter.targets[filter.targets.length - 1]
    const leave = last ? advanceLabel(last.fields) : null
    if (last && leave) {
      if (below) edges.push(edge(previous, filterNodeId(below.id), 'timeout', leave, HANDLE.out, HANDLE.top))
      else {
        exitUsed = true
        edges.push(edge(previous, EXIT_NODE_ID, 'timeout', leave))
      }
    }
  })

  if (model.defaultFilter) {
    nodes.push(node(DEFAULT_NODE_ID, { kind: 'default', fields: model.defaultFilter }))
    if (model.filters.length === 0) edges.push(edge(ENTRY_NODE_ID, DEFAULT_NODE_ID, 'start', '', HANDLE.bottom, HANDLE.top))
    useQueue(model.defaultFilter.queue || null, DEFAULT_NODE_ID)
  }
  if (exitUsed) nodes.push(node(EXIT_NODE_ID, { kind: 'exit' }))
  for (const sid of queueSids) {
    const info = queues.get(sid)
    nodes.push(node(queueNodeId(sid), { kind: 'queue', queueSid: sid, name: info?.name ?? sid, known: info !== undefined, eligible: info?.eligible ?? null, available: info?.available ?? null }))
  }
  return { nodes, edges }
}

/**
 * The model the graph's nodes describe: filters by their index, each filter's targets by
 * theirs, the default filter. It is `buildGraph`'s inverse, so the canvas and the JSON are
 * two views of one model (tested as a round trip).
 */
export function graphToModel(graph: Pick<WorkflowGraph, 'nodes'>): WorkflowModel {
  const filters: Array<FilterModel & { index: number }> = []
  const targets = new Map<string, Array<{ index: number; id: string; fields: TargetFields }>>()
  let defaultFilter: DefaultFilterFields | null = null
  for (const { data } of graph.nodes) {
    if (data.kind === 'filter') filters.push({ id: data.filterId, index: data.index, name: data.name, nameKey: data.nameKey, expression: data.expression, targets: [] })
    else if (data.kind === 'target') {
      const chain = targets.get(data.filterId) ?? []
      chain.push({ index: data.index, id: data.targetId, fields: data.fields })
      targets.set(data.filterId, chain)
    } else if (data.kind === 'default') defaultFilter = data.fields
  }
  return {
    filters: filters
      .sort((a, b) => a.index - b.index)
      .map(({ index: _index, ...filter }) => ({
        ...filter,
        targets: (targets.get(filter.id) ?? []).sort((a, b) => a.index - b.index).map(({ id, fields }) => ({ id, fields })),
      })),
    defaultFilter,
  }
}
