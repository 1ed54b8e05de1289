import { computed } from 'vue'
import type { ComputedRef, Ref } from 'vue'
import { layoutGraph } from './model/graphLayout'
import { buildGraph, graphToModel } from './model/workflowGraph'
import type { GraphNode, QueueInfo, WorkflowGraph } from './model/workflowGraph'
import { moveFilter, moveTarget } from './model/workflowEdits'
import type { WorkflowModel } from './model/workflowModel'

/**
 * The mapping between the configuration model and the canvas: model -> laid-out nodes and
 * edges, and canvas gestures -> model edits (a dragged filter or target is dropped back into
 * the configuration's order). No DOM: the canvas component renders `graph` and calls `drop`.
 *
 * @example
 * const { graph, drop } = useWorkflowGraph(doc.model, queueInfo)
 * const next = drop(draggedNodeId, { x, y })   // a new model, or null when nothing moves
 */
export function useWorkflowGraph(model: Ref<WorkflowModel>, queues: Ref<ReadonlyMap<string, QueueInfo>>): {
  graph: ComputedRef<WorkflowGraph>
  toModel: (nodes: readonly GraphNode[]) => WorkflowModel
  drop: (nodeId: string, position: { x: number; y: number }) => WorkflowModel | null
} {
  const graph = computed(() => layoutGraph(buildGraph(model.value, queues.value)))
  return {
    graph,
    toModel: (nodes) => graphToModel({ nodes: [...nodes] }),
    drop: (nodeId, position) => reorderByDrop(model.value, graph.value, nodeId, position),
  }
}

/**
 * Where a dragged node lands in the configuration: a filter takes the place among filters
 * given by its vertical centre, a target the place in its own chain given by its horizontal
 * centre. Anything else (entry, queues, default) does not reorder.
 *
 * @returns the reordered model, or null when the order is unchanged.
 */
export function reorderByDrop(model: WorkflowModel, graph: WorkflowGraph, nodeId: string, position: { x: number; y: number }): WorkflowModel | null {
  const dragged = graph.nodes.find((graphNode) => graphNode.id === nodeId)
  if (!dragged) return null
  const { data } = dragged
  if (data.kind === 'filter') {
    const centreY = position.y + dragged.height / 2
    const above = graph.nodes.filter((other) => other.data.kind === 'filter' && other.id !== nodeId && other.position.y + other.height / 2 < centreY).length
    const next = moveFilter(model, data.filterId, above)
    return next === model ? null : next
  }
  if (data.kind === 'target') {
    const centreX = position.x + dragged.width / 2
    const before = graph.nodes.filter((other) => other.data.kind === 'target' && other.data.filterId === data.filterId && other.id !== nodeId && other.position.x + other.width / 2 < centreX).length
    const next = moveTarget(model, data.targetId, before)
    return next === model ? null : next
  }
  return null
}
