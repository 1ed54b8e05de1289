import { Graph, layout } from '@dagrejs/dagre'
import { ENTRY_NODE_ID, EXIT_NODE_ID } from './workflowGraph'
import type { GraphNode, WorkflowGraph } from './workflowGraph'

/**
 * Places the nodes: dagre (left to right) lays out each filter's target chain and the queues
 * so edges cross as little as possible; then three rules dagre cannot express are applied:
 * filter rows keep the configuration's order top to bottom (order is meaning: the first match
 * wins), all queues share the rightmost column, and the entry sits above the first filter.
 */
const RANK_SEP = 80
/** Queue edges carry no label: the queue column can sit closer than a chain's next step. */
const QUEUE_COLUMN_GAP = 56
const NODE_SEP = 36
const QUEUE_GAP = 24

type Row = { key: string; nodes: GraphNode[] }

function rowsOf(graph: WorkflowGraph): Row[] {
  const rows = new Map<string, Row>()
  const order: string[] = []
  const add = (key: string, graphNode: GraphNode): void => {
    if (!rows.has(key)) {
      rows.set(key, { key, nodes: [] })
      order.push(key)
    }
    rows.get(key)!.nodes.push(graphNode)
  }
  for (const graphNode of graph.nodes) {
    const { data } = graphNode
    if (data.kind === 'filter') add(data.filterId, graphNode)
    else if (data.kind === 'target') add(data.filterId, graphNode)
    else if (data.kind === 'default') add('default', graphNode)
  }
  // Filters are pushed in configuration order, then the default filter: `order` is row order.
  return order.map((key) => rows.get(key)!)
}

/**
 * @returns the same graph with `position` (top-left, as Vue Flow wants) set on every node.
 * @example
 * const placed = layoutGraph(buildGraph(model, queues))
 */
export function layoutGraph(graph: WorkflowGraph): WorkflowGraph {
  const dag = new Graph()
  dag.setGraph({ rankdir: 'LR', ranksep: RANK_SEP, nodesep: NODE_SEP, marginx: 20, marginy: 20 })
  dag.setDefaultEdgeLabel(() => ({}))
  for (const graphNode of graph.nodes) dag.setNode(graphNode.id, { width: graphNode.width, height: graphNode.height })
  const rows = rowsOf(graph)
  // Heavy entry -> row-head edges put every filter (and the default) in the first rank; chain
  // edges are weighted so chains stay straight. "No match" and filter-to-filter timeouts are
  // left out: they would push each filter one rank further right (a staircase).
  for (const row of rows) dag.setEdge(ENTRY_NODE_ID, row.nodes[0]!.id, { weight: 100, minlen: 1 })
  for (const graphEdge of graph.edges) {
    if (graphEdge.kind === 'match' || (graphEdge.kind === 'timeout' && graphEdge.target.startsWith('target:'))) dag.setEdge(graphEdge.source, graphEdge.target, { weight: 10, minlen: 1 })
    else if (graphEdge.kind === 'queue' || graphEdge.target === EXIT_NODE_ID) dag.setEdge(graphEdge.source, graphEdge.target, { weight: 1, minlen: 1 })
  }
  layout(dag)

  const center = new Map<string, { x: number; y: number }>()
  for (const graphNode of graph.nodes) {
    const placed = dag.node(graphNode.id)
    center.set(graphNode.id, { x: placed?.x ?? 0, y: placed?.y ?? 0 })
  }

  // Rows in configuration order, each on one horizontal line: the k-th row takes the k-th
  // smallest dagre row centre, pushed down as needed so rows never overlap.
  const rowY = (row: Row): number => center.get(row.nodes[0]!.id)!.y
  const slots = rows.map(rowY).sort((a, b) => a - b)
  let previousBottom = Number.NEGATIVE_INFINITY
  rows.forEach((row, index) => {
    const half = Math.max(...row.nodes.map((graphNode) => graphNode.height)) / 2
    const y = Math.max(slots[index]!, previousBottom + NODE_SEP + half)
    for (const graphNode of row.nodes) center.get(graphNode.id)!.y = y
    previousBottom = y + half
  })

  // Queues (and the exit) in one column right of everything, in dagre's vertical order.
  const side = graph.nodes.filter((graphNode) => graphNode.type === 'queue' || graphNode.type === 'exit')
  const flowRight = Math.max(...graph.nodes.filter((graphNode) => !side.includes(graphNode) && graphNode.id !== ENTRY_NODE_ID).map((graphNode) => center.get(graphNode.id)!.x + graphNode.width / 2), 0)
  const sideWidth = Math.max(...side.map((graphNode) => graphNode.width), 0)
  let nextTop = Number.NEGATIVE_INFINITY
  for (const graphNode of [...side].sort((a, b) => center.get(a.id)!.y - center.get(b.id)!.y)) {
    const position = center.get(graphNode.id)!
    position.x = flowRight + QUEUE_COLUMN_GAP + sideWidth / 2
    position.y = Math.max(position.y, nextTop + graphNode.height / 2)
    nextTop = position.y + graphNode.height / 2 + QUEUE_GAP
  }

  const firstRow = rows[0]?.nodes[0]
  const entry = graph.nodes.find((graphNode) => graphNode.id === ENTRY_NODE_ID)
  if (entry) {
    const below = firstRow ? center.get(firstRow.id)! : { x: 0, y: 0 }
    const belowHeight = firstRow?.height ?? 0
    center.set(entry.id, { x: below.x, y: below.y - belowHeight / 2 - NODE_SEP - entry.height / 2 })
  }

  return {
    edges: graph.edges,
    nodes: graph.nodes.map((graphNode) => {
      const { x, y } = center.get(graphNode.id)!
      return { ...graphNode, position: { x: Math.round(x - graphNode.width / 2), y: Math.round(y - graphNode.height / 2) } }
    }),
  }
}
