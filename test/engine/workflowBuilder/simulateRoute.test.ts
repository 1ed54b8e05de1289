import { describe, expect, it } from 'vitest'
import { routingFixture } from '../routing/fixture'

/**
 * Ana and Bea (available) speak Spanish, Carmen speaks Spanish but is offline, Dan speaks
 * English. Queue Spanish selects Spanish speakers, Everyone selects all. The live clock sits
 * at 10s when a route is simulated.
 */
function setup() {
  const f = routingFixture()
  f.queue('Spanish', 'languages HAS "es"')
  f.queue('Everyone', '1==1')
  f.worker('Ana', { languages: ['es'] })
  f.clock.advance(1000)
  f.worker('Bea', { languages: ['es'] })
  f.worker('Carmen', { languages: ['es'] }, { available: false })
  f.worker('Dan', { languages: ['en'] })
  f.clock.advance(9000)
  const configure = (routing: object): string => JSON.stringify({ task_routing: routing }).replace(/"queue":"([^"]+)"/g, (_m, name: string) => `"queue":"${f.queueSid(name)}"`)
  const simulate = (routing: object, attributes: object, extra: { horizon_seconds?: number; task_reservation_timeout?: number; priority?: number } = {}) =>
    f.engine.query('workflows.simulateRoute', { workspace_sid: f.ws, configuration: configure(routing), attributes: JSON.stringify(attributes), ...extra })
  return { ...f, simulate }
}

/** Spanish callers try queue Spanish for 30s, then Everyone for 60s; the rest go to Everyone. */
const spanishThenEveryone = {
  filters: [
    { filter_friendly_name: 'Spanish', expression: 'language == "es"', targets: [{ queue: 'Spanish', timeout: 30 }, { queue: 'Everyone', timeout: 60 }] },
  ],
  default_filter: { queue: 'Everyone' },
}

type Row = [seconds: number, eventType: string, step: string, worker?: string]

/** One timeline entry as [at, event, "filter/target queue", worker]: the step is where the task is at that moment. */
function rows(timeline: ReadonlyArray<{ at_seconds: number; event_type: string; filter_index?: number | null; target_index?: number; queue_name?: string; worker_name?: string }>): Row[] {
  return timeline.map((entry) => {
    const step = entry.filter_index === undefined ? '-' : `${entry.filter_index ?? 'default'}/${entry.target_index} ${entry.queue_name ?? ''}`
    return entry.worker_name === undefined ? [entry.at_seconds, entry.event_type, step] : [entry.at_seconds, entry.event_type, step, entry.worker_name]
  })
}

interface Case {
  name: string
  routing: object
  attributes: object
  options?: { horizon_seconds?: number; task_reservation_timeout?: number }
  timeline: Row[]
  outcome: 'canceled' | 'waiting'
  endedAt: number
  summary: RegExp
}

const cases: Case[] = [
  {
    name: 'a 2-target filter: 30s in Spanish, then 60s in Everyone, then the workflow times out',
    routing: spanishThenEveryone,
    attributes: { language: 'es' },
    options: { task_reservation_timeout: 20 },
    timeline: [
      [0, 'task.created', '-'],
      [0, 'workflow.target-matched', '0/0 Spanish'],
      [0, 'task-queue.entered', '0/0 Spanish'],
      [0, 'reservation.created', '0/0 Spanish', 'Ana'],
      [20, 'reservation.timeout', '0/0 Spanish', 'Ana'],
      [20, 'reservation.created', '0/0 Spanish', 'Bea'],
      [30, 'task-queue.timeout', '0/0 Spanish'],
      [30, 'reservation.canceled', '0/0 Spanish', 'Bea'],
      [30, 'workflow.target-matched', '0/1 Everyone'],
      [30, 'task-queue.moved', '0/1 Everyone'],
      [30, 'reservation.created', '0/1 Everyone', 'Bea'],
      [50, 'reservation.timeout', '0/1 Everyone', 'Bea'],
      [50, 'reservation.created', '0/1 Everyone', 'Dan'],
      [70, 'reservation.timeout', '0/1 Everyone', 'Dan'],
      [90, 'task-queue.timeout', '0/1 Everyone'],
      [90, 'workflow.timeout', '0/1 Everyone'],
      [90, 'task.canceled', '0/1 Everyone'],
    ],
    outcome: 'canceled',
    endedAt: 90,
    summary: /^Queues: Spanish → Everyone\. Offered to Ana, Bea, Dan, nobody answers\. After 90s the task is canceled \(workflow\.timeout\)\.$/,
  },
  {
    name: 'the default filter: no timeout, so the task waits until the horizon',
    routing: spanishThenEveryone,
    attributes: { language: 'en' },
    options: { horizon_seconds: 600 },
    timeline: [
      [0, 'task.created', '-'],
      [0, 'workflow.target-matched', 'default/0 Everyone'],
      [0, 'task-queue.entered', 'default/0 Everyone'],
      [0, 'reservation.created', 'default/0 Everyone', 'Ana'],
      [120, 'reservation.timeout', 'default/0 Everyone', 'Ana'],
      [120, 'reservation.created', 'default/0 Everyone', 'Bea'],
      [240, 'reservation.timeout', 'default/0 Everyone', 'Bea'],
      [240, 'reservation.created', 'default/0 Everyone', 'Dan'],
      [360, 'reservation.timeout', 'default/0 Everyone', 'Dan'],
    ],
    outcome: 'waiting',
    endedAt: 600,
    summary: /Still waiting in queue 'Everyone' after 600s\.$/,
  },
  {
    name: 'a workflow timeout from a lone target nobody can take',
    routing: { filters: [{ filter_friendly_name: 'French', expression: 'language == "fr"', targets: [{ queue: 'Spanish', expression: 'worker.languages HAS "fr"', timeout: 45 }] }], default_filter: { queue: 'Everyone' } },
    attributes: { language: 'fr' },
    timeline: [
      [0, 'task.created', '-'],
      [0, 'workflow.target-matched', '0/0 Spanish'],
      [0, 'task-queue.entered', '0/0 Spanish'],
      [45, 'task-queue.timeout', '0/0 Spanish'],
      [45, 'workflow.timeout', '0/0 Spanish'],
      [45, 'task.canceled', '0/0 Spanish'],
    ],
    outcome: 'canceled',
    endedAt: 45,
    summary: /Nobody is offered the task\. After 45s the task is canceled \(workflow\.timeout\)\.$/,
  },
]

describe('workflows.simulateRoute', () => {
  it.each(cases)('$name', ({ routing, attributes, options, timeline, outcome, endedAt, summary }) => {
    const { simulate } = setup()
    const result = simulate(routing, attributes, options)
    expect(result.ok).toBe(true)
    expect(rows(result.timeline)).toEqual(timeline)
    expect(result.outcome).toBe(outcome)
    expect(result.ended_at_seconds).toBe(endedAt)
    expect(result.summary).toMatch(summary)
  })

  it('names live queues and workers, so the canvas can highlight them', () => {
    const f = setup()
    const result = f.simulate(spanishThenEveryone, { language: 'es' })
    const offer = result.timeline.find((entry) => entry.event_type === 'reservation.created')!
    expect(offer).toMatchObject({ queue_sid: f.queueSid('Spanish'), worker_sid: f.workerSid('Ana'), worker_name: 'Ana', filter_index: 0, target_index: 0 })
    expect(offer.description).toBe('Offered to Ana')
    expect(result.reservation_timeout_seconds).toBe(120)
  })

  it('takes the reservation timeout of the workflow being edited', () => {
    const f = setup()
    const workflowSid = f.workflow(spanishThenEveryone, { task_reservation_timeout: 25 })
    const result = f.engine.query('workflows.simulateRoute', { workspace_sid: f.ws, workflow_sid: workflowSid, configuration: f.engine.query('workflows.get', { workspace_sid: f.ws, sid: workflowSid }).configuration, attributes: '{"language":"es"}' })
    expect(result.reservation_timeout_seconds).toBe(25)
    expect(result.timeline.find((entry) => entry.event_type === 'reservation.timeout')?.at_seconds).toBe(25)
  })

  it('leaves the live workspace untouched: no task, no event, no timer, no activity change', () => {
    const f = setup()
    const eventsBefore = f.events.length
    const timersBefore = f.clock.pendingTimers
    const workersBefore = f.engine.query('workers.list', { workspace_sid: f.ws })
    f.simulate(spanishThenEveryone, { language: 'es' })
    expect(f.events.length).toBe(eventsBefore)
    expect(f.clock.pendingTimers).toBe(timersBefore)
    expect(f.engine.query('tasks.list', { workspace_sid: f.ws })).toEqual([])
    expect(f.engine.query('workers.list', { workspace_sid: f.ws })).toEqual(workersBefore)
    f.clock.advance(3_600_000)
    expect(f.events.length).toBe(eventsBefore)
  })

  it('answers the configuration errors instead of a timeline', () => {
    const { simulate } = setup()
    const result = simulate({ filters: [{ expression: 'language ==', targets: [{ queue: 'Spanish' }] }] }, {})
    expect(result.ok).toBe(false)
    expect(result.timeline).toEqual([])
    expect(result.problems.length).toBeGreaterThan(0)
    expect(result.summary).toMatch(/fix/)
  })

  it('refuses an unknown task channel like TaskRouter', () => {
    const { engine, ws } = setup()
    expect(() => engine.query('workflows.simulateRoute', { workspace_sid: ws, configuration: '{}', attributes: '{}', task_channel: 'carrier-pigeon' })).toThrow(expect.objectContaining({ param: 'task_channel' }))
  })
})
