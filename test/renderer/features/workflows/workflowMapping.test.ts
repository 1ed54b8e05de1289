import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import { buildGraph, graphToModel, filterNodeId, queueNodeId, targetNodeId, DEFAULT_NODE_ID, EXIT_NODE_ID } from '@renderer/features/workflows/model/workflowGraph'
import type { QueueInfo } from '@renderer/features/workflows/model/workflowGraph'
import { parseConfiguration, toConfigurationJson } from '@renderer/features/workflows/model/workflowModel'
import type { WorkflowModel } from '@renderer/features/workflows/model/workflowModel'
import { useWorkflowGraph } from '@renderer/features/workflows/useWorkflowGraph'

const Q1 = `WQ${'1'.repeat(32)}`
const Q2 = `WQ${'2'.repeat(32)}`
const Q3 = `WQ${'3'.repeat(32)}`
const queues = new Map<string, QueueInfo>([
  [Q1, { name: 'Support', eligible: 3, available: 1 }],
  [Q2, { name: 'Everyone', eligible: 9, available: 4 }],
])

function model(configuration: unknown): WorkflowModel {
  const parsed = parseConfiguration(JSON.stringify(configuration))
  if (!parsed.ok) throw new Error(parsed.message)
  return parsed.model
}

/** Configurations the round trip must keep exactly (JSON -> model -> graph -> model -> JSON). */
const roundTrips: Array<{ name: string; configuration: unknown }> = [
  { name: 'default filter only', configuration: { task_routing: { default_filter: { queue: Q1 } } } },
  { name: 'one filter, one target', configuration: { task_routing: { filters: [{ filter_friendly_name: 'Sales', expression: 'type == "sales"', targets: [{ queue: Q1 }] }] } } },
  {
    name: 'escalation chain with every target field',
    configuration: {
      task_routing: {
        filters: [
          {
            filter_friendly_name: 'Gold',
            expression: "customer_value == 'Gold'",
            targets: [
              { queue: Q1, expression: 'worker.tier == task.tier', priority: 10, timeout: 300, order_by: 'worker.level DESC', skip_if: 'workers.available == 0', known_worker_sid: 'task.agent_sid' },
              { queue: Q2, priority: '20', timeout: '60', known_worker_friendly_name: 'task.agent_name' },
              { priority: 5 },
            ],
          },
          { expression: '1==1', targets: [{ queue: Q2 }] },
        ],
        default_filter: { queue: Q2, priority: 1, expression: 'worker.any == 1', order_by: 'worker.age ASC' },
      },
    },
  },
  { name: 'legacy friendly_name key', configuration: { task_routing: { filters: [{ friendly_name: 'Old', expression: 'a == 1', targets: [{ queue: Q1 }] }] } } },
  { name: 'empty name kept as written', configuration: { task_routing: { filters: [{ filter_friendly_name: '', expression: 'a == 1', targets: [{ queue: Q1 }] }] } } },
  { name: 'unknown queue SID kept', configuration: { task_routing: { filters: [{ expression: 'a == 1', targets: [{ queue: Q3 }] }], default_filter: { queue: Q3 } } } },
]

describe('configuration <-> graph mapping', () => {
  it.each(roundTrips)('round-trips $name', ({ configuration }) => {
    const graph = buildGraph(model(configuration), queues)
    expect(toConfigurationJson(graphToModel(graph))).toEqual(configuration)
  })

  it('draws entry, filters, target chains, default and the used queues with their live counts', () => {
    const m = model(roundTrips[2]!.configuration)
    const { nodes, edges } = buildGraph(m, queues)
    const [gold, catchAll] = m.filters
    expect(nodes.map((n) => n.type)).toEqual(['entry', 'filter', 'target', 'target', 'target', 'filter', 'target', 'default', 'queue', 'queue'])
    const label = (source: string, target: string): string | undefined => edges.find((e) => e.source === source && e.target === target && e.kind !== 'queue')?.label
    expect(label(filterNodeId(gold!.id), targetNodeId(gold!.targets[0]!.id))).toBe('match')
    expect(label(targetNodeId(gold!.targets[0]!.id), targetNodeId(gold!.targets[1]!.id))).toBe('after 300s / if skipped')
    expect(label(targetNodeId(gold!.targets[1]!.id), targetNodeId(gold!.targets[2]!.id))).toBe('after 60s')
    expect(label(filterNodeId(gold!.id), filterNodeId(catchAll!.id))).toBe('no match')
    expect(label(filterNodeId(catchAll!.id), DEFAULT_NODE_ID)).toBe('no match')
    // The third target has no queue: it inherits Everyone from the second.
    const third = nodes.find((n) => n.id === targetNodeId(gold!.targets[2]!.id))!
    expect(third.data).toMatchObject({ queueSid: Q2, inheritsQueue: true })
    expect(nodes.find((n) => n.id === queueNodeId(Q2))!.data).toMatchObject({ name: 'Everyone', eligible: 9, available: 4, known: true })
  })

  it.each([
    { case: 'last target times out with a filter below', timeout: 30, below: true, expectTo: 'next filter', exit: false },
    { case: 'last target times out with no filter below', timeout: 30, below: false, expectTo: 'exit', exit: true },
    { case: 'last target without timeout waits', timeout: undefined, below: false, expectTo: null, exit: false },
  ])('$case', ({ timeout, below, expectTo, exit }) => {
    const filters = [{ expression: 'a == 1', targets: [{ queue: Q1, ...(timeout ? { timeout } : {}) }] }]
    if (below) filters.push({ expression: 'b == 1', targets: [{ queue: Q2 }] })
    const m = model({ task_routing: { filters } })
    const { nodes, edges } = buildGraph(m, queues)
    const leaving = edges.find((e) => e.source === targetNodeId(m.filters[0]!.targets[0]!.id) && e.kind === 'timeout')
    expect(nodes.some((n) => n.id === EXIT_NODE_ID)).toBe(exit)
    if (expectTo === null) expect(leaving).toBeUndefined()
    else expect(leaving).toMatchObject({ label: `after ${timeout}s`, target: expectTo === 'exit' ? EXIT_NODE_ID : filterNodeId(m.filters[1]!.id) })
  })

  it('marks a queue the workspace does not have as unknown', () => {
    const { nodes } = buildGraph(model(roundTrips[5]!.configuration), queues)
    expect(nodes.find((n) => n.id === queueNodeId(Q3))!.data).toMatchObject({ known: false, name: Q3 })
  })

  it.each([
    { text: '{', message: /not valid JSON/, path: '' },
    { text: '{"task_routing":{"filters":[{"expression":"a","targets":[{"queue":"x","timout":3}]}]}}', message: /unknown key 'timout' in task_routing\.filters\[0\]\.targets\[0\]/, path: 'task_routing.filters[0].targets[0]' },
    { text: '{"task_routing":{"filters":[{"targets":[]}]}}', message: /expression is required/, path: 'task_routing.filters[0].expression' },
    { text: '{"task_routing":{"default_filter":{"queue":5}}}', message: /queue must be a string/, path: 'task_routing.default_filter.queue' },
    { text: '{"routing":{}}', message: /unknown key 'routing'/, path: 'configuration' },
  ])('refuses $text with the JSON path at fault', ({ text, message, path }) => {
    const parsed = parseConfiguration(text)
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.message).toMatch(message)
    expect(parsed.path).toBe(path)
  })
})

describe('useWorkflowGraph (the canvas mapping composable)', () => {
  const configuration = {
    task_routing: {
      filters: [
        { filter_friendly_name: 'A', expression: 'a == 1', targets: [{ queue: Q1, timeout: 10 }, { queue: Q2 }] },
        { filter_friendly_name: 'B', expression: 'b == 1', targets: [{ queue: Q2 }] },
        { filter_friendly_name: 'C', expression: 'c == 1', targets: [{ queue: Q1 }] },
      ],
      default_filter: { queue: Q2 },
    },
  }

  it('lays filters out top to bottom in configuration order, queues in the rightmost column', () => {
    const { graph } = useWorkflowGraph(ref(model(configuration)), ref(queues))
    const ys = graph.value.nodes.filter((n) => n.type === 'filter' || n.type === 'default').map((n) => n.position.y)
    expect([...ys].sort((a, b) => a - b)).toEqual(ys)
    const maxFlowX = Math.max(...graph.value.nodes.filter((n) => n.type !== 'queue').map((n) => n.position.x + n.width))
    for (const queue of graph.value.nodes.filter((n) => n.type === 'queue')) expect(queue.position.x).toBeGreaterThan(maxFlowX)
    const entry = graph.value.nodes.find((n) => n.type === 'entry')!
    expect(entry.position.y).toBeLessThan(ys[0]!)
  })

  it('the nodes it draws map back to the same configuration', () => {
    const m = model(configuration)
    const { graph, toModel } = useWorkflowGraph(ref(m), ref(queues))
    expect(toConfigurationJson(toModel(graph.value.nodes))).toEqual(configuration)
  })

  it.each([
    { what: 'filter C dropped above A', node: 'C', near: 'A', dy: -20, order: ['C', 'A', 'B'] },
    { what: 'filter A dropped just below B', node: 'A', near: 'B', dy: 20, order: ['B', 'A', 'C'] },
    { what: 'filter B dropped where it was', node: 'B', near: 'B', dy: 5, order: null },
  ])('drag-reorders: $what', ({ node, near, dy, order }) => {
    const m = model(configuration)
    const { graph, drop } = useWorkflowGraph(ref(m), ref(queues))
    const placedOf = (name: string) => graph.value.nodes.find((n) => n.id === filterNodeId(m.filters.find((f) => f.name === name)!.id))!
    const next = drop(placedOf(node).id, { x: placedOf(node).position.x, y: placedOf(near).position.y + dy })
    if (order === null) expect(next).toBeNull()
    else expect(next!.filters.map((f) => f.name)).toEqual(order)
  })

  it('drag-reorders a target inside its chain by its horizontal place', () => {
    const m = model(configuration)
    const { graph, drop } = useWorkflowGraph(ref(m), ref(queues))
    const second = graph.value.nodes.find((n) => n.id === targetNodeId(m.filters[0]!.targets[1]!.id))!
    const first = graph.value.nodes.find((n) => n.id === targetNodeId(m.filters[0]!.targets[0]!.id))!
    const next = drop(second.id, { x: first.position.x - 50, y: second.position.y })
    expect(next!.filters[0]!.targets.map((t) => t.fields.queue)).toEqual([Q2, Q1])
  })
})
