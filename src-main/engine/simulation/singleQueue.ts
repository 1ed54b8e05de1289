import type { DomainEvent } from '../../contract/resources'
import { FakeClock } from '../clock'
import { Engine } from '../engine'
import { sequentialIds } from '../ids'
import type { Outcome } from '../model'
import { exponential, seededRandom } from './random'

/**
 * One queue of identical agents (one voice task at a time each), Poisson arrivals, exponential
 * handle times, no abandonment, FIFO: the M/M/N case Erlang C describes, run through the real
 * engine (workflow, queue, reservations, timers) on the fake clock, so it runs thousands of
 * times faster than real time and exercises exactly the routing the app uses.
 */
export interface SingleQueueOptions {
  agents: number
  arrivalsPerHour: number
  ahtSeconds: number
  slaSeconds: number
  hours: number
  seed: number
  /** Seconds an agent takes to accept a reservation (0 = at once). */
  acceptDelaySeconds?: number
}

export interface SingleQueueResult {
  /** Share of tasks accepted within `slaSeconds` of creation. */
  service_level: number
  /** Average seconds from creation to acceptance. */
  asa_seconds: number
  /** Share of staffed agent time spent handling tasks during the horizon. */
  occupancy: number
  /** Tasks that arrived during the horizon. */
  tasks: number
  /** Simulated seconds, including the drain after the last arrival. */
  simulated_seconds: number
}

const START = Date.UTC(2026, 0, 5, 0, 0, 0)

export function simulateSingleQueue(options: SingleQueueOptions): SingleQueueResult {
  const clock = new FakeClock(START)
  const engine = new Engine({ clock, ids: sequentialIds() })
  const random = seededRandom(options.seed)
  const horizonMs = options.hours * 3_600_000
  const acceptDelayMs = (options.acceptDelaySeconds ?? 0) * 1000
  const createdAt = new Map<string, number>()
  let accepted = 0
  let withinSla = 0
  let totalWaitMs = 0
  let busyMsInHorizon = 0
  let arrived = 0

  const onEvents = (events: readonly DomainEvent[]): void => {
    for (const event of events) {
      if (event.event_type !== 'reservation.created') continue
      const reservationSid = event.resource_sid
      const taskSid = event.event_data.task_sid!
      clock.schedule(acceptDelayMs, () => accept(reservationSid, taskSid))
    }
  }
  const run = <T>(outcome: Outcome<T>): T => {
    onEvents(outcome.events)
    return outcome.result
  }
  engine.onBackgroundOutcome((outcome) => onEvents(outcome.events))

  const ws = run(engine.execute('workspaces.create', { friendly_name: 'Simulation' })).sid
  const available = engine.query('activities.list', { workspace_sid: ws, friendly_name: 'Available' })[0]!.sid
  const queue = run(engine.execute('queues.create', { workspace_sid: ws, friendly_name: 'Queue' })).sid
  run(engine.execute('workflows.create', { workspace_sid: ws, friendly_name: 'Route', configuration: JSON.stringify({ task_routing: { default_filter: { queue } } }), task_reservation_timeout: 86_400 }))
  for (let index = 0; index < options.agents; index++) {
    run(engine.execute('workers.create', { workspace_sid: ws, friendly_name: `Agent ${index + 1}`, activity_sid: available }))
  }

  function accept(reservationSid: string, taskSid: string): void {
    const reservation = engine.query('reservations.get', { workspace_sid: ws, sid: reservationSid })
    if (reservation.reservation_status !== 'pending') return
    run(engine.execute('reservations.update', { workspace_sid: ws, sid: reservationSid, reservation_status: 'accepted' }))
    const now = clock.now()
    const wait = now - createdAt.get(taskSid)!
    accepted += 1
    totalWaitMs += wait
    if (wait <= options.slaSeconds * 1000) withinSla += 1
    const handleMs = exponential(random, options.ahtSeconds) * 1000
    busyMsInHorizon += Math.max(0, Math.min(now + handleMs, START + horizonMs) - Math.min(now, START + horizonMs))
    clock.schedule(handleMs, () => run(engine.execute('tasks.update', { workspace_sid: ws, sid: taskSid, assignment_status: 'completed', reason: 'handled' })))
  }

  const meanGapMs = 3_600_000 / options.arrivalsPerHour
  const arrive = (): void => {
    if (clock.now() - START >= horizonMs) return
    arrived += 1
    const task = run(engine.execute('tasks.create', { workspace_sid: ws, task_channel: 'voice', timeout: 1_209_600 }))
    createdAt.set(task.sid, clock.now())
    clock.schedule(exponential(random, meanGapMs), arrive)
  }
  clock.schedule(exponential(random, meanGapMs), arrive)
  clock.advance(horizonMs)
  // Drain: every task that arrived is eventually accepted (no abandonment).
  let guard = 0
  while (accepted < arrived && guard++ < 10_000) clock.advance(60_000)
  return {
    service_level: arrived === 0 ? 1 : withinSla / arrived,
    asa_seconds: accepted === 0 ? 0 : totalWaitMs / accepted / 1000,
    occupancy: busyMsInHorizon / (options.agents * horizonMs),
    tasks: arrived,
    simulated_seconds: (clock.now() - START) / 1000,
  }
}
