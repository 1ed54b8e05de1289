import { describe, expect, it } from 'vitest'
import { edgeClass } from '@renderer/features/workflows/canvas/canvasDecorations'
import { comparisonGraph, diffModels } from '@renderer/features/workflows/model/workflowDiff'
import { DEFAULT_NODE_ID, EXIT_NODE_ID, filterNodeId, queueNodeId, targetNodeId } from '@renderer/features/workflows/model/workflowGraph'
import type { GraphNode, QueueInfo, WorkflowGraph } from '@renderer/features/workflows/model/workflowGraph'
import { parseConfiguration } from '@renderer/features/workflows/model/workflowModel'
import type { WorkflowModel } from '@renderer/features/workflows/model/workflowModel'

/**
 * The version comparison canvas (no DOM): the newer version, its added and changed steps
 * highlighted, and what the older version had drawn as ghosts ('removed') where it stood.
 */
const SUPPORT = `WQ${'1'.repeat(32)}`
const SALES = `WQ${'2'.repeat(32)}`
const BILLING = `WQ${'3'.repeat(32)}`
const queues = new Map<string, QueueInfo>([
  [SUPPORT, { name: 'Support', eligible: 3, available: 1 }],
  [SALES, { name: 'Sales', eligible: 2, available: 2 }],
  [BILLING, { name: 'Billing', eligible: 1, available: 0 }],
])

type Target = { queue?: string; timeout?: number; priority?: number }
type Filter = { filter_friendly_name: string; expression: string; targets: Target[] }

function model(filters: Filter[], defaultQueue: string | null = SUPPORT): WorkflowModel {
  const parsed = parseConfiguration(JSON.stringify({ task_routing: { filters, ...(defaultQueue ? { default_filter: { queue: defaultQueue } } : {}) } }))
  if (!parsed.ok) throw new Error(parsed.message)
  return parsed.model
}

const vip: Filter = { filter_friendly_name: 'VIP', expression: 'vip == true', targets: [{ queue: SUPPORT }] }
const sales: Filter = { filter_friendly_name: 'Sales', expression: 'type == "sales"', targets: [{ queue: SALES, timeout: 30 }, { queue: SUPPORT }] }
const billing: Filter = { filter_friendly_name: 'Billing', expression: 'type == "billing"', targets: [{ queue: BILLING }] }

function compare(older: WorkflowModel, newer: WorkflowModel) {
  const diff = diffModels(older, newer)
  return { diff, ...comparisonGraph(newer, diff, 1, queues) }
}

const byTitle = (graph: WorkflowGraph, name: string): GraphNode => graph.nodes.find((node) => node.data.kind === 'filter' && node.data.name === name)!
const centreY = (node: GraphNode): number => node.position.y + node.height / 2
const kinds = (changes: ReadonlyMap<string, { kind: string }>): Record<string, string> => Object.fromEntries([...changes].map(([id, change]) => [id, change.kind]))

describe('comparison canvas: removed steps drawn as ghosts', () => {
  it('draws a removed filter, with its targets, between the filters it stood between', () => {
    const older = model([vip, sales, billing])
    const newer = model([vip, billing])
    const { graph, changes } = compare(older, newer)
    const ghost = older.filters[1]!
    expect(changes.get(filterNodeId(ghost.id))).toEqual({ kind: 'removed', detail: 'only in version 1' })
    for (const target of ghost.targets) expect(changes.get(targetNodeId(target.id))?.kind).toBe('removed')
    // Drawn at its old place: below VIP, above Billing, its chain on its own row.
    const [top, middle, bottom] = ['VIP', 'Sales', 'Billing'].map((name) => byTitle(graph, name).position.y)
    expect(top! < middle! && middle! < bottom!).toBe(true)
    const ghostTargets = graph.nodes.filter((node) => node.data.kind === 'target' && changes.get(node.id)?.kind === 'removed')
    expect(ghostTargets.map(centreY)).toEqual([centreY(byTitle(graph, 'Sales')), centreY(byTitle(graph, 'Sales'))])
    // Each filter is numbered as in its own version: VIP 1 and Billing 2 in the newer one, the ghost 2 in the older.
    expect(['VIP', 'Sales', 'Billing'].map((name) => (byTitle(graph, name).data as { index: number }).index)).toEqual([0, 1, 1])
    // The kept filters are not marked.
    expect(changes.has(filterNodeId(newer.filters[0]!.id))).toBe(false)
    expect(changes.has(filterNodeId(newer.filters[1]!.id))).toBe(false)
  })

  it('puts a removed first filter first', () => {
    const { graph } = compare(model([vip, sales]), model([sales]))
    expect(byTitle(graph, 'VIP').position.y).toBeLessThan(byTitle(graph, 'Sales').position.y)
  })

  it('keeps added and changed highlights next to the ghosts', () => {
    const older = model([vip, sales])
    const newer = model([billing, { ...vip, expression: 'vip == true AND tier == "gold"' }])
    const { changes } = compare(older, newer)
    expect(kinds(changes)).toEqual({
      [filterNodeId(newer.filters[0]!.id)]: 'added',
      [targetNodeId(newer.filters[0]!.targets[0]!.id)]: 'added',
      [filterNodeId(newer.filters[1]!.id)]: 'changed',
      [filterNodeId(older.filters[1]!.id)]: 'removed',
      [targetNodeId(older.filters[1]!.targets[0]!.id)]: 'removed',
      [targetNodeId(older.filters[1]!.targets[1]!.id)]: 'removed',
      // Sales was only used by the removed filter.
      [queueNodeId(SALES)]: 'removed',
    })
  })

  it('draws a lost target at the end of its chain', () => {
    const older = model([sales])
    const newer = model([{ ...sales, targets: [{ queue: SALES, timeout: 30 }] }])
    const { graph, changes } = compare(older, newer)
    const kept = graph.nodes.find((node) => node.id === targetNodeId(newer.filters[0]!.targets[0]!.id))!
    const lost = graph.nodes.find((node) => node.id === targetNodeId(older.filters[0]!.targets[1]!.id))!
    expect(changes.get(lost.id)?.kind).toBe('removed')
    expect(centreY(lost)).toBe(centreY(kept))
    expect(lost.position.x).toBeGreaterThan(kept.position.x)
    // The timeout that led into it is drawn as a ghost edge.
    const into = graph.edges.find((edge) => edge.target === lost.id && edge.kind === 'timeout')!
    expect(edgeClass(into, { selectedNodeId: null, severities: new Map(), changes, route: null })).toContain('wf-edge--removed')
    expect(changes.has(queueNodeId(SUPPORT))).toBe(false)
  })

  it('draws a removed default filter, and an exit only a ghost leads to', () => {
    const older = model([{ ...vip, targets: [{ queue: SUPPORT, timeout: 60 }] }, sales])
    const newer = model([{ ...vip, targets: [{ queue: SUPPORT, timeout: 60 }] }], null)
    const { graph, changes } = compare(older, newer)
    expect(changes.get(DEFAULT_NODE_ID)?.kind).toBe('removed')
    expect(graph.nodes.some((node) => node.id === DEFAULT_NODE_ID)).toBe(true)
    // VIP's timeout now leads out of the workflow: the exit is real, not a ghost.
    expect(changes.has(EXIT_NODE_ID)).toBe(false)
  })

  it('changes nothing when the versions are the same', () => {
    const { diff, changes, graph } = compare(model([vip, sales]), model([vip, sales]))
    expect(diff.same).toBe(true)
    expect(changes.size).toBe(0)
    expect(graph.nodes.filter((node) => node.data.kind === 'filter')).toHaveLength(2)
  })
})
