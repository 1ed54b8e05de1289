import type { RouteExplanation } from '@contract'
import type { NodeChange } from '../model/workflowDiff'
import type { SimulatedPosition } from '../model/simulationMoments'
import { DEFAULT_NODE_ID, ENTRY_NODE_ID, EXIT_NODE_ID, filterNodeId, queueNodeId, targetNodeId } from '../model/workflowGraph'
import type { GraphEdge, GraphNodeData, WorkflowGraph } from '../model/workflowGraph'
import type { WorkflowModel } from '../model/workflowModel'

/**
 * What the canvas paints over the plain graph: the selection, problems, a version diff, and the
 * path of a "Try it" run. Kept apart from the layout so none of it moves a node.
 */
export interface CanvasDecorations {
  selectedNodeId: string | null
  severities: ReadonlyMap<string, 'error' | 'warning'>
  changes: ReadonlyMap<string, NodeChange> | null
  route: RouteHighlight | null
}

export interface RouteHighlight {
  nodes: ReadonlySet<string>
  edges: ReadonlySet<string>
  /** The filter that took the task (or the default node); drawn strongest. */
  matched: string | null
}

/** The data each rendered node gets: its graph data plus how to paint it. */
export interface FlowNodeData {
  node: GraphNodeData
  severity: 'error' | 'warning' | null
  change: NodeChange | null
  onRoute: boolean
  matched: boolean
  /** A route is shown and this node is not on it. */
  dimmed: boolean
}

/**
 * The nodes and edges a "Try it" answer walks through: entry, each filter evaluated down to the
 * one that took the task, then the targets of the path (or the default filter), and their queues.
 */
export function routeHighlight(model: WorkflowModel, graph: WorkflowGraph, explanation: RouteExplanation): RouteHighlight {
  const path: string[] = [ENTRY_NODE_ID]
  for (const filter of explanation.filters) {
    if (filter.verdict === 'not_evaluated') break
    const modelFilter = model.filters[filter.index]
    if (modelFilter) path.push(filterNodeId(modelFilter.id))
  }
  let matched: string | null = null
  if (explanation.matched_filter !== null) {
    const filter = model.filters[explanation.matched_filter]
    if (filter) {
      matched = filterNodeId(filter.id)
      for (const step of explanation.targets) {
        const target = step.index === null ? undefined : filter.targets[step.index]
        if (target) path.push(targetNodeId(target.id))
      }
    }
  } else if (explanation.default_filter && model.defaultFilter) {
    matched = DEFAULT_NODE_ID
    path.push(DEFAULT_NODE_ID)
  }
  const last = explanation.targets[explanation.targets.length - 1]
  if (last?.next.kind === 'workflow_timeout') path.push(EXIT_NODE_ID)

  const nodes = new Set(path)
  for (const step of explanation.targets) nodes.add(queueNodeId(step.queue_sid))
  const consecutive = new Set(path.slice(1).map((id, index) => `${path[index]}->${id}`))
  const edges = new Set<string>()
  for (const graphEdge of graph.edges) {
    const onPath = consecutive.has(`${graphEdge.source}->${graphEdge.target}`)
    const toQueue = graphEdge.kind === 'queue' && nodes.has(graphEdge.source) && nodes.has(graphEdge.target) && graphEdge.source !== ENTRY_NODE_ID
    if (onPath || toQueue) edges.add(graphEdge.id)
  }
  return { nodes, edges, matched }
}

/**
 * The step a simulated task is in at one instant ("Step through time"): entry, the filters
 * above and including its filter (all of them for the default filter), the filter's targets up
 * to the active one, drawn strongest, and its queue.
 */
export function stepHighlight(model: WorkflowModel, graph: WorkflowGraph, position: SimulatedPosition): RouteHighlight {
  const path: string[] = [ENTRY_NODE_ID]
  let active: string | null = null
  const lastFilter = position.filter ?? model.filters.length - 1
  for (const filter of model.filters.slice(0, lastFilter + 1)) path.push(filterNodeId(filter.id))
  if (position.filter === null) {
    if (model.defaultFilter) active = DEFAULT_NODE_ID
  } else {
    const targets = model.filters[position.filter]?.targets ?? []
    for (const target of targets.slice(0, position.target + 1)) path.push(targetNodeId(target.id))
    const current = targets[position.target]
    if (current) active = targetNodeId(current.id)
  }
  if (active === DEFAULT_NODE_ID) path.push(DEFAULT_NODE_ID)
  const nodes = new Set(path)
  if (position.queueSid) nodes.add(queueNodeId(position.queueSid))
  const consecutive = new Set(path.slice(1).map((id, index) => `${path[index]}->${id}`))
  const edges = new Set<string>()
  for (const graphEdge of graph.edges) {
    const toActiveQueue = graphEdge.kind === 'queue' && graphEdge.source === active && nodes.has(graphEdge.target)
    if (consecutive.has(`${graphEdge.source}->${graphEdge.target}`) || toActiveQueue) edges.add(graphEdge.id)
  }
  return { nodes, edges, matched: active }
}

/** CSS classes of an edge: its kind, whether a route or the selection runs through it, whether it touches a removed (ghost) step. */
export function edgeClass(graphEdge: GraphEdge, decorations: CanvasDecorations): string {
  const classes = [`wf-edge`, `wf-edge--${graphEdge.kind}`]
  if (decorations.route) classes.push(decorations.route.edges.has(graphEdge.id) ? 'wf-edge--route' : 'wf-edge--dimmed')
  const ghost = (id: string): boolean => decorations.changes?.get(id)?.kind === 'removed'
  if (ghost(graphEdge.source) || ghost(graphEdge.target)) classes.push('wf-edge--removed')
  if (decorations.selectedNodeId && (graphEdge.source === decorations.selectedNodeId || graphEdge.target === decorations.selectedNodeId)) classes.push('wf-edge--selected')
  return classes.join(' ')
}

export function flowNodeData(id: string, node: GraphNodeData, decorations: CanvasDecorations): FlowNodeData {
  const onRoute = decorations.route?.nodes.has(id) ?? false
  return {
    node,
    severity: decorations.severities.get(id) ?? null,
    change: decorations.changes?.get(id) ?? null,
    onRoute,
    matched: decorations.route?.matched === id,
    dimmed: decorations.route !== null && !onRoute,
  }
}
