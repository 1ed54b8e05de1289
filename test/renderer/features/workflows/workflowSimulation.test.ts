import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { NMessageProvider } from 'naive-ui'
import { createMemoryHistory } from 'vue-router'
import type { SimulatedRoute, SimulatedRouteEvent, WorkflowDraft, WorkflowVersion } from '@contract'
import { installTransport } from '@renderer/app/api'
import { createAppRouter } from '@renderer/app/router'
import WorkflowBuilderView from '@renderer/features/workflows/WorkflowBuilderView.vue'
import { stepHighlight } from '@renderer/features/workflows/canvas/canvasDecorations'
import { formatOffset, simulationMoments } from '@renderer/features/workflows/model/simulationMoments'
import { DEFAULT_NODE_ID, ENTRY_NODE_ID, buildGraph, filterNodeId, queueNodeId, targetNodeId } from '@renderer/features/workflows/model/workflowGraph'
import { parseConfiguration } from '@renderer/features/workflows/model/workflowModel'
import { createFakeTransport } from '../../fakes/fakeTransport'
import { WS, createQueue, createWorkflow } from '../../fakes/factories'

const SALES = createQueue({ friendly_name: 'Sales' })
const SUPPORT = createQueue({ friendly_name: 'Support' })
const CONFIG = JSON.stringify({
  task_routing: {
    filters: [
      { filter_friendly_name: 'Spanish', expression: 'language == "es"', targets: [{ queue: SALES.sid, timeout: 30 }, { queue: SUPPORT.sid, timeout: 60 }] },
      { filter_friendly_name: 'Rest', expression: '1==1', targets: [{ queue: SUPPORT.sid }] },
    ],
    default_filter: { queue: SUPPORT.sid },
  },
})

const at = (seconds: number, event_type: string, description: string, step?: [number | null, number, typeof SALES]): SimulatedRouteEvent => ({
  at_seconds: seconds,
  event_type,
  description,
  ...(step ? { filter_index: step[0], target_index: step[1], queue_sid: step[2].sid, queue_name: step[2].friendly_name } : {}),
})

/** What the engine answers for a Spanish caller: 30s in Sales, 60s in Support, then canceled. */
const TIMELINE: SimulatedRouteEvent[] = [
  at(0, 'task.created', 'The task is created and enters the workflow'),
  at(0, 'workflow.target-matched', "Filter 1 'Spanish', target 1: queue 'Sales'", [0, 0, SALES]),
  at(0, 'reservation.created', 'Offered to Ana', [0, 0, SALES]),
  at(30, 'task-queue.timeout', "The target's timeout passes: the task leaves queue 'Sales'", [0, 0, SALES]),
  at(30, 'workflow.target-matched', "Filter 1 'Spanish', target 2: queue 'Support'", [0, 1, SUPPORT]),
  at(90, 'workflow.timeout', 'No filter below matches: the workflow times out', [0, 1, SUPPORT]),
  at(90, 'task.canceled', 'The task is canceled (Workflow Timeout)', [0, 1, SUPPORT]),
]
const SIMULATED: SimulatedRoute = {
  ok: true, problems: [], task_channel: 'default', priority: 0, reservation_timeout_seconds: 120, horizon_seconds: 3600,
  outcome: 'canceled', ended_at_seconds: 90, timeline: TIMELINE, truncated: false,
  summary: 'Queues: Sales → Support. Offered to Ana, nobody answers. After 90s the task is canceled (workflow.timeout).',
}

function modelOf(text: string) {
  const parsed = parseConfiguration(text)
  if (!parsed.ok) throw new Error(parsed.message)
  return parsed.model
}

describe('simulation moments (pure)', () => {
  it('groups the timeline by instant and carries the step the task is in', () => {
    const moments = simulationMoments(TIMELINE)
    expect(moments.map((m) => [m.atSeconds, m.events.length, m.position && [m.position.filter, m.position.target, m.position.queueName]])).toEqual([
      [0, 3, [0, 0, 'Sales']],
      [30, 2, [0, 1, 'Support']],
      [90, 2, [0, 1, 'Support']],
    ])
  })

  it('has no position before the task entered a step', () => {
    expect(simulationMoments([at(0, 'task.created', 'created')])[0]!.position).toBeNull()
  })

  it.each([[0, '0s'], [45, '45s'], [90, '1m 30s'], [120, '2m'], [3600, '1h'], [3900, '1h 5m']])('formats %is as %s', (seconds, text) => {
    expect(formatOffset(seconds)).toBe(text)
  })
})

describe('stepHighlight (the canvas at one instant)', () => {
  const model = modelOf(CONFIG)
  const graph = buildGraph(model, new Map())
  const [spanish, rest] = model.filters

  it.each([
    {
      label: 'target 2 of the first filter',
      position: { filter: 0, target: 1, queueSid: SUPPORT.sid, queueName: 'Support' },
      active: targetNodeId(spanish!.targets[1]!.id),
      lit: [ENTRY_NODE_ID, filterNodeId(spanish!.id), targetNodeId(spanish!.targets[0]!.id), targetNodeId(spanish!.targets[1]!.id), queueNodeId(SUPPORT.sid)],
      dark: [filterNodeId(rest!.id), queueNodeId(SALES.sid)],
    },
    {
      label: 'the default filter',
      position: { filter: null, target: 0, queueSid: SUPPORT.sid, queueName: 'Support' },
      active: DEFAULT_NODE_ID,
      lit: [ENTRY_NODE_ID, filterNodeId(spanish!.id), filterNodeId(rest!.id), DEFAULT_NODE_ID, queueNodeId(SUPPORT.sid)],
      dark: [targetNodeId(spanish!.targets[0]!.id)],
    },
  ])('$label', ({ position, active, lit, dark }) => {
    const highlight = stepHighlight(model, graph, position)
    expect(highlight.matched).toBe(active)
    for (const id of lit) expect(highlight.nodes.has(id), id).toBe(true)
    for (const id of dark) expect(highlight.nodes.has(id), id).toBe(false)
  })
})

describe('Try it → Step through time (builder in happy-dom, fake server)', { timeout: 30_000 }, () => {
  let wrapper: VueWrapper | null = null
  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
  })

  async function mountBuilder() {
    const workflow = createWorkflow({ configuration: CONFIG, friendly_name: 'Routing' })
    const draft: WorkflowDraft = { workflow_sid: workflow.sid, configuration: CONFIG, based_on_version: 1, revision: 0, exists: false, changed: false, date_updated: null }
    const version: WorkflowVersion = { sid: null, workflow_sid: workflow.sid, version: 1, message: 'Created', source: 'created', rolled_back_from: null, configuration: CONFIG, date_created: '2026-01-01T00:00:00Z' }
    const transport = createFakeTransport({
      'workflows.get': () => workflow,
      'workflowDrafts.get': () => draft,
      'queues.list': () => [SALES, SUPPORT],
      'workflowVersions.list': () => [version],
      'workflowSamples.list': () => [],
      'workflows.check': () => ({ ok: true, problems: [] }),
      'tasks.list': () => [],
      'workflows.simulateRoute': () => SIMULATED,
    })
    installTransport(transport)
    const pinia = createPinia()
    setActivePinia(pinia)
    const router = createAppRouter(createMemoryHistory())
    await router.push(`/workspaces/${WS}/workflows?workflow=${workflow.sid}`)
    const Host = defineComponent({ render: () => h(NMessageProvider, null, { default: () => h(WorkflowBuilderView, { workspaceSid: WS, workflowSid: workflow.sid }) }) })
    wrapper = mount(Host, { global: { plugins: [pinia, router] }, attachTo: document.body })
    await flushPromises()
    return { transport, router, workflow }
  }
  const byTestId = (id: string) => wrapper!.findAll(`[data-testid="${id}"]`)
  const matchedNodes = () => wrapper!.findAll('.wf-node--matched').map((node) => node.attributes('data-node-id'))

  async function simulate() {
    await byTestId('wf-tab-try')[0]!.trigger('click')
    await flushPromises()
    await byTestId('wf-sim-run')[0]!.trigger('click')
    await flushPromises()
  }

  it('runs the draft on screen and lists the timeline by instant, the first one current', async () => {
    const { transport, workflow } = await mountBuilder()
    await simulate()
    const call = transport.calls.find((c) => c.method === 'workflows.simulateRoute')
    expect(call?.input).toMatchObject({ workspace_sid: WS, workflow_sid: workflow.sid, configuration: CONFIG })
    expect(byTestId('wf-sim-summary')[0]!.text()).toBe(SIMULATED.summary)
    const moments = byTestId('wf-sim-moment')
    expect(moments.map((m) => m.find('.try__at').text())).toEqual(['0s', '30s', '1m 30s'])
    expect(moments[1]!.text()).toContain("the task leaves queue 'Sales'")
    expect(moments[0]!.attributes('aria-current')).toBe('step')
    expect(byTestId('wf-sim-now')[0]!.text()).toBe('at 0s')
    expect(byTestId('wf-sim-position')[0]!.text()).toContain('Filter 1, target 1 · queue Sales')
  })

  it('stepping through time moves the highlight on the canvas from target to target', async () => {
    await mountBuilder()
    await simulate()
    const targets = byTestId('wf-node-target').map((node) => node.attributes('data-node-id'))
    expect(matchedNodes()).toEqual([targets[0]])
    await byTestId('wf-sim-next')[0]!.trigger('click')
    await flushPromises()
    expect(byTestId('wf-sim-now')[0]!.text()).toBe('at 30s')
    expect(matchedNodes()).toEqual([targets[1]])
    await byTestId('wf-sim-moment')[2]!.trigger('click')
    await flushPromises()
    expect(byTestId('wf-sim-next')[0]!.attributes('disabled')).toBeDefined()
    await byTestId('wf-sim-prev')[0]!.trigger('click')
    await byTestId('wf-sim-prev')[0]!.trigger('click')
    await flushPromises()
    expect(matchedNodes()).toEqual([targets[0]])
  })

  it('"Simulate…" opens the Simulate area on the workflow draft', async () => {
    const { router, workflow } = await mountBuilder()
    await byTestId('wf-simulate')[0]!.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe(`/workspaces/${WS}/simulate`)
    expect(router.currentRoute.value.query).toEqual({ workflow: workflow.sid, draft: '1' })
  })
})
