import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { KpiNow, LiveStats, StatsDelta, WallboardLayout, WallboardPush } from '@contract'
import { installTransport } from '@renderer/app/api'
import WallboardView from '@renderer/features/wallboard/WallboardView.vue'
import { useWallboardStore } from '@renderer/features/wallboard/wallboard.store'
import { createFakeTransport } from '../../fakes/fakeTransport'
import type { FakeTransport } from '../../fakes/fakeTransport'
import { hostFor } from '../../fakes/host'

const WS = 'WS' + '1'.repeat(32)
const QUEUE = 'WQ' + 'a'.repeat(32)
const AVAILABLE = 'WA' + 'a'.repeat(32)
const OFFLINE = 'WA' + 'b'.repeat(32)

const byStatus = (waiting: number): LiveStats['workspace']['tasks_by_status'] => ({ pending: waiting, reserved: 0, assigned: 0, wrapping: 0 })

/** The live frame `stats.live` answers: one queue, `waiting` tasks (the oldest 30 s old), `available` agents. */
function frame(waiting: number, available: number, at: number, seq: number): LiveStats {
  const since = waiting > 0 ? at - 30_000 : null
  return {
    workspace_sid: WS,
    seq,
    generated_at_ms: at,
    activities: [],
    workspace: { total_workers: 2, total_tasks: waiting, activity_workers: [], tasks_by_status: byStatus(waiting), tasks_by_priority: {}, longest_task_waiting_since: since, longest_task_waiting_sid: null },
    rollup_agents: { agents_available: available, agents_unavailable: 0, agents_offline: 1, occupancy: null },
    queues: [
      {
        task_queue_sid: QUEUE, friendly_name: 'Billing', sla_threshold_seconds: 20, short_abandon_seconds: 5, sla_formula: 'exclude_short_abandons', sla_formula_text: '',
        total_available_workers: available, total_eligible_workers: 2, total_tasks: waiting, activity_workers: [], tasks_by_status: byStatus(waiting), tasks_by_priority: {},
        longest_task_waiting_since: since, longest_task_waiting_sid: null, longest_relative_task_since: since, longest_relative_task_sid_in_queue: null,
        agents_unavailable: 0, agents_offline: 1, occupancy: null,
      },
    ],
    channels: [],
  }
}

/** `app.statsDelta` number `seq`: only the queue's waiting tasks (and the workspace's) changed. */
function waitingDelta(waiting: number, at: number, seq: number): StatsDelta {
  return { kind: 'delta', workspace_sid: WS, seq, generated_at_ms: at, workspace: { total_tasks: waiting, tasks_by_status: byStatus(waiting) }, queues: [{ task_queue_sid: QUEUE, total_tasks: waiting, tasks_by_status: byStatus(waiting) }], removed_queues: [] }
}

const kpis30m = (): unknown => {
  const now: KpiNow = { active_tasks: 0, waiting_tasks: 3, longest_wait: 30, longest_wait_task_sid: null, agents_available: 1, agents_unavailable: 0, agents_offline: 1, occupancy: null }
  return { workspace_sid: WS, window: '30m', task_channel_sid: null, generated_at: '', queues: [], rollup: { now, period: null }, rollup_by_channel: [] }
}

const layout: WallboardLayout = {
  sid: 'RD' + '1'.repeat(32),
  workspace_sid: WS,
  name: 'Floor',
  tiles: ['waiting_tasks', 'available_workers'],
  panels: ['queue_table', 'agent_grid'],
  queue_sids: [],
  channel_sids: [],
  thresholds: [{ metric: 'waiting_tasks', queue_sid: QUEUE, warning: 5, critical: 10 }],
  rotate_seconds: 30,
  revision: 1,
  date_created: '',
  date_updated: '',
}

let transport: FakeTransport
let wrapper: VueWrapper | null = null
const tile = (metric: string): HTMLElement => document.body.querySelector<HTMLElement>(`[data-testid="wallboard-tile-${metric}"]`)!

beforeEach(async () => {
  document.body.innerHTML = ''
  localStorage.clear()
  transport = createFakeTransport({
    'stats.live': () => frame(3, 1, 1000, 1),
    'stats.kpis': kpis30m,
    'stats.series': () => ({ workspace_sid: WS, resolution: 'second', start_time: '', end_time: '', points: [] }),
    'wallboardAgents.get': () => ({ workspace_sid: WS, generated_at_ms: 1000, activities: [{ sid: AVAILABLE, friendly_name: 'Available', available: true }, { sid: OFFLINE, friendly_name: 'Offline', available: false }], sids: ['WK1', 'WK2'], names: ['Ann', 'Bob'], activity_index: [0, 1], load: [0, 0] }),
    'wallboardLayouts.list': () => [layout],
    'wallboardSettings.get': () => ({ workspace_sid: WS, sharing_enabled: false, date_updated: null }),
    'shareLinks.list': () => [],
  })
  installTransport(transport)
  setActivePinia(createPinia())
  wrapper = mount(hostFor(WallboardView, { workspaceSid: WS }), { attachTo: document.body, global: { stubs: { Echarts: true } } })
  await flushPromises()
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('WallboardView', () => {
  it('shows the saved layout: its tiles in order, the queue table, the agent grid', () => {
    const tiles = [...document.body.querySelectorAll<HTMLElement>('[data-testid^="wallboard-tile-"]')].map((element) => element.dataset.testid)
    expect(tiles).toEqual(['wallboard-tile-waiting_tasks', 'wallboard-tile-available_workers'])
    expect(tile('waiting_tasks').dataset.value).toBe('3')
    expect(document.body.querySelector('[data-testid="wallboard-queue-table"]')?.textContent).toContain('Billing')
    expect(document.body.querySelector('[data-testid="wallboard-agent-grid"]')?.getAttribute('data-workers')).toBe('2')
    // Fetched once on open; after that only pushes feed it.
    expect(transport.calls.map((call) => call.method).filter((method) => method === 'stats.live')).toHaveLength(1)
  })

  it('follows pushed statistics and turns a queue red with an alert when its threshold is crossed', async () => {
    transport.emit('app.statsDelta', waitingDelta(12, 2000, 2))
    await flushPromises()
    expect(tile('waiting_tasks').dataset.value).toBe('12')
    const cell = document.body.querySelector('[data-testid="wallboard-queue-table"] tbody td:nth-child(2)')
    expect(cell?.className).toBe('wb-cell-critical')
    expect(document.body.querySelector('[data-testid="wallboard-alerts"]')?.textContent).toContain('RED Billing · Tasks waiting: 12')
    expect(transport.calls.filter((call) => call.method === 'stats.live')).toHaveLength(1)
  })

  it('refetches the whole frame when a push skips a number, then applies the pushes that waited', async () => {
    transport.handlers['stats.live'] = () => frame(7, 1, 3000, 4)
    transport.emit('app.statsDelta', waitingDelta(9, 3500, 5))
    await flushPromises()
    expect(tile('waiting_tasks').dataset.value).toBe('9')
    transport.emit('app.statsDelta', waitingDelta(8, 3600, 4))
    await flushPromises()
    expect(tile('waiting_tasks').dataset.value).toBe('9')
    expect(transport.calls.filter((call) => call.method === 'stats.live')).toHaveLength(2)
  })

  it('takes the available count from the faster wallboard push, and applies agent deltas to the grid', async () => {
    const push: WallboardPush = { workspace_sid: WS, generated_at_ms: 1500, available_workers: 2, agents: { changes: [['WK2', AVAILABLE, 0]], removed: [] }, kpis_30m: null }
    transport.emit('app.wallboard', push)
    await flushPromises()
    expect(tile('available_workers').dataset.value).toBe('2')
    expect([...useWallboardStore().grid.activity]).toEqual([0, 0])
    // An older snapshot does not undo the newer count.
    transport.emit('app.statsDelta', waitingDelta(3, 1400, 2))
    await flushPromises()
    expect(tile('available_workers').dataset.value).toBe('2')
  })

  it('refetches the grid when a push names a worker it does not have', async () => {
    transport.emit('app.wallboard', { workspace_sid: WS, generated_at_ms: 1500, available_workers: 1, agents: { changes: [['WK9', OFFLINE, 0]], removed: [] }, kpis_30m: null })
    await flushPromises()
    expect(transport.calls.filter((call) => call.method === 'wallboardAgents.get')).toHaveLength(2)
  })
})
