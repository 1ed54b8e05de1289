import type { MethodName, MethodOutput, MethodParsedInput } from '../../contract/methods'
import type { DomainEvent } from '../../contract/resources'
import { SIMULATE_ROUTE_HORIZON_DEFAULT, type SimulatedRouteEvent } from '../../contract/workflowBuilder'
import type { EngineContext } from '../configuration/context'
import { listActivities } from '../configuration/activities'
import { listChannels } from '../configuration/channels'
import { listQueues } from '../configuration/queues'
import { listWorkerChannels, listWorkers } from '../configuration/workers'
import { listWorkflows } from '../configuration/workflows'
import { getWorkspace } from '../configuration/workspaces'
import { sequentialIds, type IdGenerator } from '../ids'
import type { Outcome } from '../model'
import { EventClock } from '../simulation/eventClock'
import { copyWorkspace, type WorkspaceCopy } from '../simulation/workspaceCopy'
import { checkWorkflow } from './checks'

/**
 * `workflows.simulateRoute` ("Step through time"): the task walks the configuration on a
 * private virtual clock. The live workspace's configuration (activities, channels, queues,
 * workers with their capacities and whether they are available now) is copied into a private
 * Engine on an EventClock; the configuration becomes its workflow; one task is created and
 * the clock jumps from timer to timer until the task leaves the workflow or the horizon.
 *
 * The model, stated honestly: nobody answers. Every reservation times out after the
 * workflow's reservation timeout, and the worker then goes to the timeout activity (Offline),
 * exactly as TaskRouter does, so each available worker is offered the task at most once.
 * Workers start idle: the tasks they hold live are not copied. The live engine is only read
 * (no task, event, timer or index change), so this is a query.
 */

type Output = MethodOutput<'workflows.simulateRoute'>

/** The part of the Engine facade a simulated route drives. */
export interface PrivateEngine {
  execute<M extends MethodName>(method: M, input: MethodParsedInput<M>): Outcome<MethodOutput<M>>
  query<M extends MethodName>(method: M, input: MethodParsedInput<M>): MethodOutput<M>
  onBackgroundOutcome(sink: (outcome: Outcome<null>) => void): void
}

/**
 * Builds the private engine. Injected by engine.ts (`(options) => new Engine(options)`) rather
 * than imported, because engine.ts imports this module through its query table.
 */
export type PrivateEngineFactory = (options: { clock: EventClock; ids: IdGenerator }) => PrivateEngine

/** TaskRouter's default task_reservation_timeout. */
const DEFAULT_RESERVATION_TIMEOUT_SECONDS = 120
/** The timeline stops growing here (a huge pool of workers each offered once). */
const TIMELINE_LIMIT = 1000
/** Timers fired at most, a guard against periodic timers on a long horizon. */
const TIMER_LIMIT = 100_000

/** The engine events the timeline shows; the rest (task.updated, worker activity...) is noise here. */
const SHOWN_EVENTS = new Set([
  'task.created', 'workflow.target-matched', 'task-queue.entered', 'task-queue.moved', 'reservation.created',
  'reservation.timeout', 'reservation.canceled', 'reservation.rescinded', 'task-queue.timeout',
  'workflow.timeout', 'workflow.skipped', 'task.canceled', 'task.deleted',
])

/** The handful of live reads `copyWorkspace` needs, served from the live context. */
const liveReads: { [M in MethodName]?: (ctx: EngineContext, input: MethodParsedInput<M>) => MethodOutput<M> } = {
  'workspaces.get': getWorkspace,
  'activities.list': listActivities,
  'channels.list': listChannels,
  'queues.list': listQueues,
  'workflows.list': listWorkflows,
  'workers.list': listWorkers,
  'workerChannels.list': listWorkerChannels,
}

function liveReader(ctx: EngineContext): Pick<PrivateEngine, 'query'> {
  return {
    query<M extends MethodName>(method: M, input: MethodParsedInput<M>): MethodOutput<M> {
      const read = liveReads[method] as ((ctx: EngineContext, input: MethodParsedInput<M>) => MethodOutput<M>) | undefined
      if (!read) throw new Error(`${method} is not a read a simulated route makes`)
      return read(ctx, input)
    },
  }
}

/**
 * @example
 * const query = simulateRouteWith((options) => new Engine(options))
 * query(ctx, { workspace_sid, configuration, attributes: '{"language":"es"}' })
 */
export function simulateRouteWith(newEngine: PrivateEngineFactory): (ctx: EngineContext, input: MethodParsedInput<'workflows.simulateRoute'>) => Output {
  return (ctx, input) => simulateRoute(ctx, input, newEngine)
}

function simulateRoute(ctx: EngineContext, input: MethodParsedInput<'workflows.simulateRoute'>, newEngine: PrivateEngineFactory): Output {
  const state = ctx.workspace(input.workspace_sid)
  const channel = state.getChannel(input.task_channel ?? 'default', 'task_channel')
  const priority = input.priority ?? 0
  const horizonSeconds = input.horizon_seconds ?? SIMULATE_ROUTE_HORIZON_DEFAULT
  const liveWorkflow = input.workflow_sid !== undefined ? state.workflows.get(input.workflow_sid, 'workflow_sid') : undefined
  const reservationTimeout = input.task_reservation_timeout ?? liveWorkflow?.task_reservation_timeout ?? DEFAULT_RESERVATION_TIMEOUT_SECONDS
  const base = { task_channel: channel.unique_name, priority, reservation_timeout_seconds: reservationTimeout, horizon_seconds: horizonSeconds }

  const checked = checkWorkflow(state, input.configuration, ctx.clock.now(), { warnings: false })
  const errors = checked.result.problems.filter((problem) => problem.severity === 'error')
  if (!checked.compiled || errors.length > 0) {
    return {
      ...base, ok: false, problems: errors, outcome: 'waiting', ended_at_seconds: 0, timeline: [], truncated: false,
      summary: `The configuration has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} to simulate it`,
    }
  }

  const reader = liveReader(ctx)
  const liveWorkers = new Map(reader.query('workers.list', { workspace_sid: input.workspace_sid }).map((worker) => [worker.friendly_name, worker.sid]))
  const world = new PrivateWorld(newEngine, copyWorkspace(reader, input.workspace_sid), liveWorkers, ctx.clock.now())
  const run = world.run({ configuration: input.configuration, attributes: input.attributes, channel: channel.unique_name, priority, reservationTimeout, horizonSeconds })
  return { ...base, ok: true, problems: [], ...run, summary: summarize(run.timeline, run.outcome, run.ended_at_seconds, horizonSeconds) }
}

interface RunRequest {
  configuration: string
  attributes: string
  channel: string
  priority: number
  reservationTimeout: number
  horizonSeconds: number
}

interface RunResult {
  outcome: 'canceled' | 'waiting'
  ended_at_seconds: number
  timeline: SimulatedRouteEvent[]
  truncated: boolean
}

/** The step the task is in, carried onto every later timeline entry. */
interface Position {
  filter_index: number | null
  target_index: number
  queue_sid?: string
  queue_name?: string
}

/** The private Engine holding the copy, and the way back from its SIDs to the live ones (by unique friendly name). */
class PrivateWorld {
  private readonly clock: EventClock
  private readonly engine: PrivateEngine
  private readonly events: DomainEvent[] = []
  private readonly ws: string
  private readonly liveQueueByName: Map<string, string>
  private readonly privateWorkerNames = new Map<string, string>()
  private readonly privateQueueBySid = new Map<string, string>()

  constructor(
    newEngine: PrivateEngineFactory,
    private readonly copy: WorkspaceCopy,
    private readonly liveWorkerByName: ReadonlyMap<string, string>,
    private readonly startMs: number,
  ) {
    this.clock = new EventClock(startMs)
    this.engine = newEngine({ clock: this.clock, ids: sequentialIds() })
    this.engine.onBackgroundOutcome((outcome) => this.events.push(...outcome.events))
    this.liveQueueByName = new Map(copy.queues.map((queue) => [queue.friendly_name, queue.sid]))
    this.ws = this.apply(this.engine.execute('workspaces.create', { friendly_name: 'Simulated route', multi_task_enabled: copy.multiTaskEnabled })).sid
    this.build()
  }

  private apply<T>(outcome: Outcome<T>): T {
    this.events.push(...outcome.events)
    return outcome.result
  }

  private build(): void {
    const ws = this.ws
    const channels = new Set(this.engine.query('channels.list', { workspace_sid: ws }).map((channel) => channel.unique_name))
    for (const channel of this.copy.channels) {
      if (!channels.has(channel.unique_name)) this.apply(this.engine.execute('channels.create', { workspace_sid: ws, ...channel }))
    }
    const activities = new Map(this.engine.query('activities.list', { workspace_sid: ws }).map((activity) => [activity.friendly_name, activity]))
    for (const activity of this.copy.activities) {
      if (!activities.has(activity.friendly_name)) activities.set(activity.friendly_name, this.apply(this.engine.execute('activities.create', { workspace_sid: ws, ...activity })))
    }
    const all = [...activities.values()]
    const availableSid = (activities.get('Available') ?? all.find((activity) => activity.available))!.sid
    const offlineSid = (activities.get('Offline') ?? all.find((activity) => !activity.available))!.sid
    for (const queue of this.copy.queues) {
      const created = this.apply(this.engine.execute('queues.create', { workspace_sid: ws, friendly_name: queue.friendly_name, target_workers: queue.target_workers, task_order: queue.task_order, max_reserved_workers: queue.max_reserved_workers }))
      this.privateQueueBySid.set(queue.sid, created.sid)
    }
    for (const worker of this.copy.workers) {
      const created = this.apply(this.engine.execute('workers.create', { workspace_sid: ws, friendly_name: worker.friendly_name, attributes: worker.attributes, activity_sid: offlineSid }))
      for (const [name, capacity] of Object.entries(worker.capacities)) {
        if (capacity !== 1) this.apply(this.engine.execute('workerChannels.update', { workspace_sid: ws, worker_sid: created.sid, sid: name, capacity }))
      }
      if (worker.available) this.apply(this.engine.execute('workers.update', { workspace_sid: ws, sid: created.sid, activity_sid: availableSid }))
    }
  }

  run(request: RunRequest): RunResult {
    // Queue SIDs are the only live references a configuration holds.
    const configuration = request.configuration.replace(/WQ[0-9a-fA-F]{32}/g, (sid) => this.privateQueueBySid.get(sid) ?? sid)
    const workflowSid = this.apply(this.engine.execute('workflows.create', { workspace_sid: this.ws, friendly_name: 'Route under test', configuration, task_reservation_timeout: request.reservationTimeout })).sid
    for (const worker of this.engine.query('workers.list', { workspace_sid: this.ws })) this.privateWorkerNames.set(worker.sid, worker.friendly_name)
    const setupEvents = this.events.length
    const task = this.apply(this.engine.execute('tasks.create', { workspace_sid: this.ws, workflow_sid: workflowSid, attributes: request.attributes, task_channel: request.channel, priority: request.priority }))
    const endMs = this.startMs + request.horizonSeconds * 1000
    const inWorkflow = (): boolean => {
      const status = this.engine.query('tasks.get', { workspace_sid: this.ws, sid: task.sid }).assignment_status
      return status === 'pending' || status === 'reserved'
    }
    let fired = 0
    while (inWorkflow() && this.clock.nextDue() <= endMs && fired < TIMER_LIMIT && this.events.length - setupEvents < TIMELINE_LIMIT * 4) {
      fired += this.clock.runUntil(this.clock.nextDue())
    }
    const stillIn = inWorkflow()
    const endedMs = stillIn ? endMs : this.clock.now()
    const { timeline, truncated } = this.timeline(this.events.slice(setupEvents), task.sid)
    return { outcome: stillIn ? 'waiting' : 'canceled', ended_at_seconds: (endedMs - this.startMs) / 1000, timeline, truncated }
  }

  private timeline(events: readonly DomainEvent[], taskSid: string): { timeline: SimulatedRouteEvent[]; truncated: boolean } {
    const timeline: SimulatedRouteEvent[] = []
    let position: Position | undefined
    for (const event of events) {
      if (event.resource_sid !== taskSid && event.event_data.task_sid !== taskSid) continue
      if (!SHOWN_EVENTS.has(event.event_type)) continue
      if (timeline.length >= TIMELINE_LIMIT) return { timeline, truncated: true }
      const data = event.event_data
      if (event.event_type === 'workflow.target-matched') {
        const filterIndex = Number(data.workflow_filter_index)
        position = { filter_index: filterIndex < 0 ? null : filterIndex, target_index: Number(data.workflow_target_index) }
      }
      if (position && data.task_queue_name && (event.event_type === 'workflow.target-matched' || event.event_type.startsWith('task-queue.'))) {
        position.queue_name = data.task_queue_name
        const liveQueue = this.liveQueueByName.get(data.task_queue_name)
        if (liveQueue !== undefined) position.queue_sid = liveQueue
      }
      const entry: SimulatedRouteEvent = { at_seconds: (event.event_date_ms - this.startMs) / 1000, event_type: event.event_type, description: '', ...position }
      const workerName = event.resource_type === 'reservation' ? (data.worker_name ?? (data.worker_sid ? this.privateWorkerNames.get(data.worker_sid) : undefined)) : undefined
      if (workerName) {
        entry.worker_name = workerName
        const liveWorker = this.liveWorkerByName.get(workerName)
        if (liveWorker !== undefined) entry.worker_sid = liveWorker
      }
      entry.description = describe(event, entry, data.workflow_filter_name ?? null)
      timeline.push(entry)
    }
    return { timeline, truncated: false }
  }
}

function describe(event: DomainEvent, entry: SimulatedRouteEvent, filterName: string | null): string {
  const queue = entry.queue_name !== undefined ? `queue '${entry.queue_name}'` : 'its queue'
  const worker = entry.worker_name ?? 'a worker'
  switch (event.event_type) {
    case 'task.created': return 'The task is created and enters the workflow'
    case 'workflow.target-matched':
      return entry.filter_index === null
        ? `No filter matches: the default filter sends it to ${queue}`
        : `Filter ${(entry.filter_index ?? 0) + 1}${filterName ? ` '${filterName}'` : ''}, target ${(entry.target_index ?? 0) + 1}: ${queue}`
    case 'task-queue.entered': return `Enters ${queue}`
    case 'task-queue.moved': return `Moves to ${queue}`
    case 'reservation.created': return `Offered to ${worker}`
    case 'reservation.timeout': return `${worker} does not answer: the reservation times out (${worker} goes to the timeout activity)`
    case 'reservation.canceled':
    case 'reservation.rescinded': return `The offer to ${worker} is withdrawn`
    case 'task-queue.timeout': return `The target's timeout passes: the task leaves ${queue}`
    case 'workflow.timeout': return 'No filter below matches: the workflow times out'
    case 'workflow.skipped': return 'Every remaining target skips: the workflow gives up'
    case 'task.canceled': return `The task is canceled (${event.event_data.task_canceled_reason ?? 'no reason'})`
    default: return event.description
  }
}

function summarize(timeline: readonly SimulatedRouteEvent[], outcome: 'canceled' | 'waiting', endedAt: number, horizon: number): string {
  const offered = [...new Set(timeline.filter((entry) => entry.event_type === 'reservation.created').map((entry) => entry.worker_name ?? '?'))]
  const queues: string[] = []
  for (const entry of timeline) if (entry.event_type === 'workflow.target-matched' && entry.queue_name !== undefined) queues.push(entry.queue_name)
  const path = queues.length > 0 ? `Queues: ${queues.join(' → ')}. ` : ''
  const offers = offered.length > 0 ? `Offered to ${offered.join(', ')}, nobody answers. ` : 'Nobody is offered the task. '
  const reason = [...timeline].reverse().find((entry) => entry.event_type === 'workflow.timeout' || entry.event_type === 'workflow.skipped')
  const end = outcome === 'waiting'
    ? `Still waiting in ${queues.length > 0 ? `queue '${queues[queues.length - 1]}'` : 'its queue'} after ${horizon}s.`
    : `After ${endedAt}s the task is canceled${reason ? ` (${reason.event_type})` : ''}.`
  return path + offers + end
}
