import { describe, expect, it } from 'vitest'
import { createDispatch } from '../../src-main/api/dispatch'
import { EventBus } from '../../src-main/api/eventBus'
import type { SimulationStatus } from '../../src-main/contract/simulation'
import { FakeClock } from '../../src-main/engine/clock'
import { Engine } from '../../src-main/engine/engine'
import { sequentialIds } from '../../src-main/engine/ids'
import { createMemoryStore } from '../../src-main/store/memoryStore'

function setup() {
  const engine = new Engine({ clock: new FakeClock(), ids: sequentialIds() })
  const bus = new EventBus()
  const store = createMemoryStore()
  const dispatch = createDispatch({ engine, store, bus, info: { version: '0.0.0-test', mode: 'headless', dataDir: '/tmp/x' } })
  const pushes: SimulationStatus[] = []
  bus.on('app.simulation', (status) => pushes.push(status))
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const result = await dispatch(method as never, input)
    if (!result.ok) throw Object.assign(new Error(result.error.message), result.error)
    return result.data as T
  }
  /** Resolves with the last push once a run has ended. */
  const ended = (runId: string): Promise<SimulationStatus> =>
    new Promise((resolve) => {
      const stop = bus.on('app.simulation', (status) => {
        if (status.run_id === runId && status.status !== 'running') {
          stop()
          resolve(status)
        }
      })
    })
  return { engine, dispatch, call, pushes, ended }
}

const scenario = {
  name: 'Four hours',
  hours: 4,
  queues: [{ name: 'Voice' }],
  agents: [{ name: 'Agent', count: 12 }],
  arrivals: [{ queue: 'Voice', per_hour: 300, handle_time: { distribution: 'exponential', mean_seconds: 120 } }],
}

describe('simulations through dispatch (time-sliced runs, saved as documents)', () => {
  it('runs in slices with progress pushes, then saves the run', async () => {
    const { call, pushes, ended } = setup()
    const workspace = await call<{ sid: string }>('workspaces.create', { friendly_name: 'Plan' })
    const started = await call<SimulationStatus>('simulations.start', { workspace_sid: workspace.sid, scenario })
    expect(started).toMatchObject({ status: 'running', progress: 0, name: 'Four hours' })
    const last = await ended(started.run_id)
    expect(last).toMatchObject({ status: 'done', progress: 1, error: null })
    expect(last.saved_sid).toMatch(/^RD/)
    const progress = pushes.filter((push) => push.run_id === started.run_id).map((push) => push.progress)
    expect(progress[0]).toBe(0)
    expect([...progress].sort((a, b) => a - b)).toEqual(progress)

    const status = await call<{ result: { totals: { offered: number } } }>('simulations.status', { run_id: started.run_id })
    expect(status.result.totals.offered).toBeGreaterThan(1000)
    const runs = await call<Array<{ sid: string; name: string; totals: { offered: number } }>>('simulationRuns.list', { workspace_sid: workspace.sid })
    expect(runs).toEqual([expect.objectContaining({ sid: last.saved_sid, name: 'Four hours', totals: status.result.totals })])
    const saved = await call<{ scenario: { hours: number }; result: { hours: unknown[] } }>('simulationRuns.get', { workspace_sid: workspace.sid, sid: last.saved_sid })
    expect(saved.scenario.hours).toBe(4)
    expect(saved.result.hours).toHaveLength(4)
    await call('simulationRuns.delete', { workspace_sid: workspace.sid, sid: last.saved_sid })
    expect(await call('simulationRuns.list', { workspace_sid: workspace.sid })).toEqual([])
  }, 60_000)

  it('cancels a run between slices', async () => {
    const { call, ended } = setup()
    const workspace = await call<{ sid: string }>('workspaces.create', { friendly_name: 'Plan' })
    const started = await call<SimulationStatus>('simulations.start', { workspace_sid: workspace.sid, scenario: { ...scenario, hours: 200 } })
    await call('simulations.cancel', { run_id: started.run_id })
    const last = await ended(started.run_id)
    expect(last.status).toBe('canceled')
    expect(last.progress).toBeLessThan(1)
    expect(await call('simulationRuns.list', { workspace_sid: workspace.sid })).toEqual([])
  })

  it('reports a scenario the engine refuses as a failed run with the field at fault', async () => {
    const { call } = setup()
    const workspace = await call<{ sid: string }>('workspaces.create', { friendly_name: 'Plan' })
    await expect(call('simulations.start', { workspace_sid: workspace.sid, scenario: { ...scenario, queues: [{ name: 'Voice', target_workers: 'skills HAS' }] } })).rejects.toMatchObject({ code: 20001, param: 'target_workers' })
    await expect(call('simulations.start', { workspace_sid: workspace.sid, scenario: { ...scenario, hours: -1 } })).rejects.toMatchObject({ code: 20001, param: 'scenario.hours' })
    await expect(call('simulations.status', { run_id: 'SR' + '0'.repeat(32) })).rejects.toMatchObject({ code: 20404, param: 'run_id' })
  })

  it('answers Erlang C, Erlang A and the staffing calculator', async () => {
    const { call } = setup()
    expect(await call('simulations.erlang', { arrivals_per_hour: 300, aht_seconds: 120 })).toMatchObject({ model: 'erlang_c', agents: 13, agents_needed: 13 })
    expect(await call('simulations.erlang', { arrivals_per_hour: 300, aht_seconds: 120, agents: 12, patience_seconds: 60 })).toMatchObject({ model: 'erlang_a', agents: 12 })
  })
})
