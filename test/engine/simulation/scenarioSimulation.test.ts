import { describe, expect, it } from 'vitest'
import { ScenarioSchema, SIMULATION_EVENT_LOG_LIMIT, type ScenarioInput } from '../../../src-main/contract/simulation'
import { DomainEventSchema } from '../../../src-main/contract/resources'
import { erlangA } from '../../../src-main/engine/simulation/erlang'
import type { InvalidParameterError } from '../../../src-main/engine/errors'
import { exampleScenario } from '../../../src-main/engine/simulation/examples'
import { ScenarioSimulation } from '../../../src-main/engine/simulation/scenarioSimulation'
import { copyWorkspace } from '../../../src-main/engine/simulation/workspaceCopy'
import { workspaceFixture } from '../helpers'

const simulate = (input: ScenarioInput) => new ScenarioSimulation(ScenarioSchema.parse(input)).run()

/** One voice queue of `agents` identical agents: the single-skill case Erlang describes. */
function oneQueue(overrides: Partial<ScenarioInput> & { agents?: never }, agents: number, stream: Partial<ScenarioInput['arrivals'][number]> = {}): ScenarioInput {
  return {
    start_hour: 0,
    queues: [{ name: 'Voice' }],
    agents: [{ name: 'Agent', count: agents }],
    arrivals: [{ queue: 'Voice', per_hour: 300, handle_time: { distribution: 'exponential', mean_seconds: 120 }, ...stream }],
    ...overrides,
  }
}

describe('a scenario run through the real engine', () => {
  it('agrees with Erlang A when callers hang up (long horizon, understaffed and staffed)', () => {
    for (const agents of [8, 11]) {
      const result = simulate(oneQueue({ hours: 80, seed: 3 }, agents, { patience_seconds: 60 }))
      const theory = erlangA({ agents, arrivalsPerHour: 300, ahtSeconds: 120, patienceSeconds: 60 })
      const queue = result.queues[0]!
      expect(queue.erlang?.model).toBe('erlang_a')
      expect(queue.erlang?.agents).toBe(agents)
      expect(Math.abs(queue.abandonment_rate - theory.abandonmentRate)).toBeLessThan(0.015)
      expect(Math.abs(queue.service_level - theory.serviceLevel(20))).toBeLessThan(0.03)
      expect(Math.abs(queue.occupancy - theory.occupancy)).toBeLessThan(0.02)
      expect(Math.abs(queue.asa_seconds - theory.asaSeconds)).toBeLessThan(Math.max(2, theory.asaSeconds * 0.1))
    }
  }, 120_000)

  it('is reproducible for a seed, and differs between seeds', () => {
    const first = simulate({ ...exampleScenario, hours: 2, seed: 5 })
    expect(simulate({ ...exampleScenario, hours: 2, seed: 5 })).toEqual(first)
    expect(simulate({ ...exampleScenario, hours: 2, seed: 6 }).totals).not.toEqual(first.totals)
  })

  it('follows the hourly profile: no arrivals in hours whose multiplier is 0', () => {
    const profile = Array.from({ length: 24 }, (_, hour) => (hour % 2 === 0 ? 2 : 0))
    const result = simulate(oneQueue({ hours: 6 }, 12, { profile }))
    expect(result.hours.map((hour) => hour.hour_of_day)).toEqual([0, 1, 2, 3, 4, 5])
    for (const hour of result.hours) {
      if (hour.hour_of_day % 2 === 1) expect(hour.offered).toBe(0)
      else expect(hour.offered).toBeGreaterThan(450)
    }
  })

  it('logs agents in and out by shift: nobody answers outside it, and staffed time follows it', () => {
    const result = simulate({
      start_hour: 6,
      hours: 6,
      queues: [{ name: 'Voice' }],
      agents: [{ name: 'Day', count: 5, shift: { start_hour: 8, end_hour: 10 } }],
      arrivals: [{ queue: 'Voice', per_hour: 60, handle_time: { distribution: 'fixed', mean_seconds: 60 } }],
    })
    const [six, seven, eight, nine, ten, eleven] = result.hours
    // Before the shift nobody answers in time: callers wait for 8:00.
    for (const early of [six!, seven!]) {
      expect(early.answered_within_sla).toBe(0)
      expect(early.occupancy).toBe(0)
    }
    expect(six!.asa_seconds).toBeGreaterThan(3600)
    expect(eight!.service_level).toBeLessThan(nine!.service_level)
    expect(nine!.service_level).toBeGreaterThan(0.9)
    // After 10:00 everyone has logged out: callers are never answered.
    expect(ten!.answered + eleven!.answered).toBe(0)
    expect(ten!.offered).toBeGreaterThan(0)
    // 10 staffed agent-hours carry the 6:00-8:00 backlog and their own hours' calls (~4 agent-hours).
    expect(result.totals.occupancy).toBeGreaterThan(0.3)
    expect(result.totals.occupancy).toBeLessThan(0.55)
  })

  it('samples lognormal handle times with the configured mean, and wrap-up keeps agents busy', () => {
    const plain = simulate(oneQueue({ hours: 20 }, 20, { handle_time: { distribution: 'lognormal', mean_seconds: 120, sd_seconds: 90 } }))
    const wrapped = simulate(oneQueue({ hours: 20 }, 20, { handle_time: { distribution: 'lognormal', mean_seconds: 120, sd_seconds: 90 }, wrap_up_seconds: 60 }))
    expect(plain.totals.aht_seconds).toBeGreaterThan(114)
    expect(plain.totals.aht_seconds).toBeLessThan(126)
    // 300/h x 120 s = 10 Erlangs on 20 agents; 60 s of wrap-up adds 5 more.
    expect(plain.totals.occupancy).toBeCloseTo(0.5, 1)
    expect(wrapped.totals.occupancy).toBeCloseTo(0.75, 1)
  }, 60_000)

  it('routes skills through the workflow: per-queue numbers, and no Erlang where agents are shared', () => {
    const result = simulate({ ...exampleScenario, hours: 3 })
    expect(result.queues.map((queue) => queue.name)).toEqual(['Sales', 'Support', 'Billing'])
    expect(result.queues.reduce((sum, queue) => sum + queue.offered, 0)).toBe(result.totals.offered)
    for (const queue of result.queues) {
      expect(queue.offered).toBeGreaterThan(0)
      expect(queue.erlang).toBeNull()
      expect(queue.occupancy).toBeGreaterThan(0)
      expect(queue.occupancy).toBeLessThanOrEqual(1)
    }
    expect(result.queues.find((queue) => queue.name === 'Sales')!.members).toBe(10)
  })

  it('keeps the event log when asked', () => {
    const result = simulate(oneQueue({ hours: 1, include_events: true }, 12))
    const types = new Set(result.events!.map((event) => event.event_type))
    for (const type of ['task.created', 'reservation.created', 'reservation.accepted', 'task.completed']) expect(types).toContain(type)
    // The events honour their contract (integer event_date_ms), so a run that keeps them can be saved.
    expect(result.events!.filter((event) => !DomainEventSchema.safeParse(event).success)).toEqual([])
    const plain = simulate(oneQueue({ hours: 1 }, 12))
    expect([plain.events, plain.event_log, plain.events_total]).toEqual([undefined, undefined, undefined])
  })

  it('keeps a compact event log on simulated time, capped at the first 5,000 lines with the total said', () => {
    const result = simulate(oneQueue({ hours: 4, include_events: true }, 12))
    const log = result.event_log!
    expect(result.events_total).toBeGreaterThan(SIMULATION_EVENT_LOG_LIMIT)
    expect(log).toHaveLength(SIMULATION_EVENT_LOG_LIMIT)
    // The log's lines are the engine's first events, seen on the simulated clock (a Monday).
    expect(log.slice(0, 50).map((line) => line.event_type)).toEqual(result.events!.slice(0, 50).map((event) => event.event_type))
    expect(log.every((line, i) => i === 0 || line.at_seconds >= log[i - 1]!.at_seconds)).toBe(true)
    expect(log.at(-1)!.at_seconds).toBeLessThan(4 * 3600)
    expect(log[0]!.date).toMatch(/^2026-01-05T00:/)
    const accepted = log.find((line) => line.event_type === 'reservation.accepted')!
    expect(accepted).toMatchObject({ worker_name: expect.stringMatching(/^Agent/), queue_name: 'Voice', task_sid: expect.stringMatching(/^WT/) })
  })

  it.each([
    [{ ...oneQueue({}, 1), arrivals: [{ queue: 'Nope', per_hour: 1, handle_time: { distribution: 'fixed' as const, mean_seconds: 1 } }] }, 'scenario.arrivals.0.queue'],
    [{ ...oneQueue({}, 1), queues: [] }, 'scenario.queues'],
    [{ ...oneQueue({}, 1), queues: [{ name: 'Voice', target_workers: 'skills HAS' }] }, 'target_workers'],
    [{ ...oneQueue({}, 1), workflow: '{"task_routing": ' }, 'scenario.workflow'],
  ])('refuses a broken scenario with a TaskRouter-style error naming the field (%#)', (input, param) => {
    try {
      simulate(input)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(Error)
      expect((error as InvalidParameterError).param).toBe(param)
    }
  })

  it('runs against a copy of a workspace: its workers, and its workflow or a draft configuration', () => {
    const live = workspaceFixture()
    const vip = live.run('queues.create', { workspace_sid: live.ws, friendly_name: 'VIP', target_workers: 'tier == "gold"' }).result
    const rest = live.run('queues.create', { workspace_sid: live.ws, friendly_name: 'Everyone', target_workers: '1==1' }).result
    const workflow = live.run('workflows.create', { workspace_sid: live.ws, friendly_name: 'Route', configuration: JSON.stringify({ task_routing: { filters: [{ expression: 'vip == true', targets: [{ queue: vip.sid }] }], default_filter: { queue: rest.sid } } }) }).result
    for (let index = 0; index < 6; index++) {
      live.run('workers.create', { workspace_sid: live.ws, friendly_name: `W${index}`, attributes: JSON.stringify({ tier: index < 2 ? 'gold' : 'silver' }), activity_sid: live.activity('Available') })
    }
    const copy = copyWorkspace(live.engine, live.ws)
    const scenario = ScenarioSchema.parse({ hours: 4, arrivals: [{ per_hour: 40, attributes: { vip: true }, handle_time: { distribution: 'exponential', mean_seconds: 120 } }] })
    const published = new ScenarioSimulation(scenario, { source: { kind: 'workspace', workflow_sid: workflow.sid, workers: 'all' }, workspace: copy }).run()
    expect(published.agents).toBe(6)
    expect(published.queues.find((queue) => queue.name === 'VIP')).toMatchObject({ members: 2 })
    expect(published.queues.find((queue) => queue.name === 'VIP')!.offered).toBe(published.totals.offered)
    // The draft sends everything to Everyone: the same callers now reach six agents.
    const draft = JSON.stringify({ task_routing: { filters: [], default_filter: { queue: rest.sid } } })
    const drafted = new ScenarioSimulation(scenario, { source: { kind: 'workspace', workflow_sid: workflow.sid, configuration: draft, workers: 'all' }, workspace: copy }).run()
    expect(drafted.queues.find((queue) => queue.name === 'Everyone')!.offered).toBe(drafted.totals.offered)
    expect(drafted.totals.asa_seconds).toBeLessThan(published.totals.asa_seconds)
    // Only the workers logged in now, when asked: nobody is, in a workspace whose workers are offline.
    const offline = workspaceFixture()
    offline.run('queues.create', { workspace_sid: offline.ws, friendly_name: 'Q', target_workers: '1==1' })
    offline.run('workers.create', { workspace_sid: offline.ws, friendly_name: 'Off' })
    expect(() => new ScenarioSimulation(scenario, { source: { kind: 'workspace', workers: 'available' }, workspace: copyWorkspace(offline.engine, offline.ws) })).toThrow(/no workflow/)
  })
})
