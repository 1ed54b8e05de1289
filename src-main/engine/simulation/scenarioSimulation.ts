import { TASK_TIMEOUT_MAX } from '../../contract/inputs'
import type { DomainEvent } from '../../contract/resources'
import { SIMULATION_EVENT_LOG_LIMIT, type HandleTime, type Scenario, type SimulationLogEntry, type SimulationResult, type SimulationSource } from '../../contract/simulation'
import { Engine } from '../engine'
import { InvalidParameterError } from '../errors'
import { sequentialIds } from '../ids'
import type { Outcome } from '../model'
import { EventClock } from './eventClock'
import { erlangEstimate } from './estimate'
import { addAcrossHours, KpiAccumulator } from './kpis'
import { exponential, lognormal, seededRandom, type Random } from './random'
import type { WorkspaceCopy } from './workspaceCopy'

/**
 * Runs a scenario through the REAL engine (same workflows, expressions, queues, reservations
 * and timers as the app) on an event clock: time jumps from one timer to the next, so a day
 * of traffic takes a fraction of a second. The driver plays the agents (accept after a delay,
 * handle, wrap up, log in and out by shift) and the callers (Poisson arrivals with an hourly
 * profile, patience), and tallies what happened per queue and per hour of arrival.
 *
 * Stepwise: `advance(maxTimers)` runs a slice, so a caller can keep an event loop responsive.
 */

/** A Monday, so hour-of-day profiles line up with the simulated clock. */
const SIMULATED_DAY = Date.UTC(2026, 0, 5)
const HOUR_MS = 3_600_000
/** How long after the last arrival the run keeps going so queued tasks finish. */
const DRAIN_LIMIT_MS = 12 * HOUR_MS
const EVENT_LOG_LIMIT = 20_000

interface StreamPlan {
  index: number
  channel: string
  attributes: string
  priority: number | undefined
  handleTime: HandleTime
  patienceMs: number | null
  wrapUpMs: number
  /** Arrivals per ms at each hour of day, and the peak (for thinning). */
  ratePerMs: number[]
  peakRatePerMs: number
}

interface TaskTrack {
  stream: StreamPlan
  createdAt: number
  hour: number
  queueSid: string | null
  workerSid: string | null
  state: 'waiting' | 'answered' | 'abandoned' | 'closed'
  patience: { cancel(): void } | null
  busyFrom: number
}

interface WorkerTrack {
  loggedIn: boolean
  active: number
  busySince: number
  staffedSince: number | null
  staffedMs: number
  /** Channel unique name -> capacity (for the single-skill check). */
  capacities: Record<string, number>
}

interface QueueTrack {
  sid: string
  name: string
  members: Set<string>
  kpis: KpiAccumulator
  /** Tasks per stream index, to tell a single-skill queue fed by one stream. */
  streams: Map<number, number>
}

export interface SimulationOptions {
  /** Default: the scenario's own queues, agents and workflow. */
  source?: SimulationSource
  /** Required for a `workspace` source: the workspace's configuration. */
  workspace?: WorkspaceCopy
}

export class ScenarioSimulation {
  readonly startMs: number
  readonly endMs: number
  private readonly clock: EventClock
  private readonly engine: Engine
  private readonly random: Random
  private readonly acceptDelayMs: number
  private readonly slaMs: number
  private ws = ''
  private workflowSid = ''
  private availableSid = ''
  private offlineSid = ''
  private readonly streams: StreamPlan[] = []
  private readonly tasks = new Map<string, TaskTrack>()
  private readonly pendingReservations = new Map<string, string>()
  private readonly workers = new Map<string, WorkerTrack>()
  private readonly queues = new Map<string, QueueTrack>()
  private readonly totals = new KpiAccumulator()
  private readonly hours: KpiAccumulator[] = []
  private readonly events: DomainEvent[] | null
  private readonly eventLog: SimulationLogEntry[] | null
  private eventsTotal = 0
  private outstanding = 0
  private arrivalsOpen = true
  private finished = false

  constructor(
    private readonly scenario: Scenario,
    private readonly options: SimulationOptions = {},
  ) {
    this.startMs = SIMULATED_DAY + scenario.start_hour * HOUR_MS
    this.endMs = this.startMs + Math.round(scenario.hours * HOUR_MS)
    this.clock = new EventClock(this.startMs)
    this.engine = new Engine({ clock: this.clock, ids: sequentialIds() })
    this.random = seededRandom(scenario.seed)
    this.acceptDelayMs = scenario.accept_delay_seconds * 1000
    this.slaMs = scenario.sla_seconds * 1000
    this.events = scenario.include_events ? [] : null
    this.eventLog = scenario.include_events ? [] : null
    for (let hour = 0; hour < Math.ceil(scenario.hours); hour++) this.hours.push(new KpiAccumulator())
    this.engine.onBackgroundOutcome((outcome) => this.observe(outcome.events))
    if (options.source?.kind === 'workspace') this.buildFromWorkspace(options.source)
    else this.buildFromScenario()
    this.planArrivals()
  }

  /** Share of the horizon simulated so far (the drain after it counts as the last percent). */
  get progress(): number {
    if (this.finished) return 1
    return Math.min(0.99, (this.clock.now() - this.startMs) / (this.endMs - this.startMs))
  }

  get simulatedSeconds(): number {
    return (this.clock.now() - this.startMs) / 1000
  }

  get tasksCreated(): number {
    return this.totals.offered
  }

  get done(): boolean {
    return this.finished
  }

  /** Fires up to `maxTimers` events; returns true once the run is over (horizon plus drain). */
  advance(maxTimers: number): boolean {
    if (this.finished) return true
    let budget = maxTimers
    if (this.clock.now() < this.endMs || this.clock.nextDue() <= this.endMs) {
      budget -= this.clock.runUntil(this.endMs, budget)
      if (budget <= 0) return this.finished
      this.arrivalsOpen = false
    }
    // Drain: no more arrivals; queued and in-hand tasks finish, bounded in time.
    const drainEnd = this.endMs + DRAIN_LIMIT_MS
    while (this.outstanding > 0 && budget > 0 && this.clock.nextDue() <= drainEnd) {
      budget -= this.clock.runUntil(this.clock.nextDue(), budget)
    }
    if (this.outstanding > 0 && this.clock.nextDue() <= drainEnd) return this.finished
    this.close()
    this.finished = true
    return true
  }

  /** Runs to the end in one go (CLI, tests, benchmarks). */
  run(): SimulationResult {
    while (!this.advance(100_000)) {
      // keep going
    }
    return this.result()
  }

  /** The tallies so far; `wallMs` is the caller's measure of the time spent (the engine has no wall clock). */
  result(wallMs = 0): SimulationResult {
    const horizonMs = this.endMs - this.startMs
    const queues = [...this.queues.values()].map((queue) => {
      let staffedMs = 0
      for (const member of queue.members) staffedMs += this.workers.get(member)?.staffedMs ?? 0
      queue.kpis.staffedMs = staffedMs
      return { queue_sid: queue.sid, name: queue.name, members: queue.members.size, ...queue.kpis.kpis(), erlang: this.erlangFor(queue, horizonMs) }
    })
    const startHourOfDay = this.scenario.start_hour
    const result: SimulationResult = {
      scenario_name: this.scenario.name,
      seed: this.scenario.seed,
      sla_seconds: this.scenario.sla_seconds,
      simulated_seconds: this.simulatedSeconds,
      horizon_seconds: horizonMs / 1000,
      wall_ms: Math.round(wallMs),
      agents: this.workers.size,
      totals: this.totals.kpis(),
      queues,
      hours: this.hours.map((hour, index) => ({ hour: index, hour_of_day: (startHourOfDay + index) % 24, ...hour.kpis() })),
    }
    if (this.events) result.events = this.events
    if (this.eventLog) {
      result.event_log = this.eventLog
      result.events_total = this.eventsTotal
    }
    return result
  }

  // --- building the simulated workspace -------------------------------------------------

  private apply<T>(outcome: Outcome<T>): T {
    this.observe(outcome.events)
    return outcome.result
  }

  private createWorkspace(multiTaskEnabled: boolean, channels: readonly string[]): void {
    this.ws = this.apply(this.engine.execute('workspaces.create', { friendly_name: 'Simulation', multi_task_enabled: multiTaskEnabled })).sid
    const existing = new Set(this.engine.query('channels.list', { workspace_sid: this.ws }).map((channel) => channel.unique_name))
    for (const name of channels) {
      if (existing.has(name)) continue
      this.apply(this.engine.execute('channels.create', { workspace_sid: this.ws, friendly_name: name, unique_name: name }))
      existing.add(name)
    }
  }

  private activitySid(name: string): string {
    const found = this.engine.query('activities.list', { workspace_sid: this.ws, friendly_name: name })[0]
    if (!found) throw new InvalidParameterError(`The simulated workspace has no ${name} activity`)
    return found.sid
  }

  private buildFromScenario(): void {
    const scenario = this.scenario
    if (scenario.queues.length === 0) throw new InvalidParameterError('A scenario needs at least one queue', 'scenario.queues')
    if (scenario.agents.length === 0) throw new InvalidParameterError('A scenario needs at least one agent group', 'scenario.agents')
    const channels = new Set<string>()
    for (const stream of scenario.arrivals) channels.add(stream.channel)
    for (const group of scenario.agents) for (const name of Object.keys(group.capacity ?? {})) channels.add(name)
    this.createWorkspace(true, [...channels])
    this.availableSid = this.activitySid('Available')
    this.offlineSid = this.activitySid('Offline')
    const queueSids = new Map<string, string>()
    scenario.queues.forEach((queue, index) => {
      const targetWorkers = queue.target_workers ?? (queue.skill ? `skills HAS ${JSON.stringify(queue.skill)}` : '1==1')
      const created = this.apply(this.engine.execute('queues.create', {
        workspace_sid: this.ws,
        friendly_name: queue.name,
        target_workers: targetWorkers,
        ...(queue.task_order ? { task_order: queue.task_order } : {}),
      }))
      if (queueSids.has(queue.name)) throw new InvalidParameterError(`Two queues are named '${queue.name}'`, `scenario.queues.${index}.name`)
      queueSids.set(queue.name, created.sid)
    })
    for (const [index, stream] of scenario.arrivals.entries()) {
      if (stream.queue !== undefined && !queueSids.has(stream.queue)) {
        throw new InvalidParameterError(`Arrival stream ${index + 1} names queue '${stream.queue}', which the scenario does not define`, `scenario.arrivals.${index}.queue`)
      }
    }
    const configuration = scenario.workflow === undefined ? defaultWorkflow(queueSids) : resolveQueueNames(scenario.workflow, queueSids)
    this.workflowSid = this.apply(this.engine.execute('workflows.create', {
      workspace_sid: this.ws,
      friendly_name: 'Scenario workflow',
      configuration,
      task_reservation_timeout: reservationTimeoutFor(this.acceptDelayMs),
    })).sid
    const allChannels = this.engine.query('channels.list', { workspace_sid: this.ws }).map((channel) => channel.unique_name)
    for (const group of scenario.agents) {
      const capacities: Record<string, number> = {}
      for (const name of allChannels) capacities[name] = group.capacity ? (group.capacity[name] ?? 0) : name === 'voice' ? 1 : 0
      const attributes = JSON.stringify({ ...group.attributes, skills: group.skills })
      const loggedIn = !group.shift || onShift(group.shift, scenario.start_hour)
      const sids: string[] = []
      for (let number = 1; number <= group.count; number++) {
        const worker = this.apply(this.engine.execute('workers.create', { workspace_sid: this.ws, friendly_name: `${group.name} ${number}`, attributes, activity_sid: this.offlineSid }))
        this.setCapacities(worker.sid, capacities)
        sids.push(worker.sid)
      }
      for (const sid of sids) this.logIn(sid, loggedIn)
      if (group.shift) this.planShift(sids, group.shift)
    }
    this.trackQueues()
  }

  private buildFromWorkspace(source: Extract<SimulationSource, { kind: 'workspace' }>): void {
    const copy = this.options.workspace
    if (!copy) throw new InvalidParameterError('Simulating against a workspace needs its configuration', 'source')
    const channels = new Set(copy.channels.map((channel) => channel.unique_name))
    for (const stream of this.scenario.arrivals) channels.add(stream.channel)
    this.createWorkspace(copy.multiTaskEnabled, [...channels])
    const activities = new Map(this.engine.query('activities.list', { workspace_sid: this.ws }).map((activity) => [activity.friendly_name, activity.sid]))
    for (const activity of copy.activities) {
      if (!activities.has(activity.friendly_name)) activities.set(activity.friendly_name, this.apply(this.engine.execute('activities.create', { workspace_sid: this.ws, ...activity })).sid)
    }
    this.availableSid = this.activitySid('Available')
    this.offlineSid = this.activitySid('Offline')
    const sidMap = new Map<string, string>()
    for (const queue of copy.queues) {
      const created = this.apply(this.engine.execute('queues.create', { workspace_sid: this.ws, friendly_name: queue.friendly_name, target_workers: queue.target_workers, task_order: queue.task_order, max_reserved_workers: queue.max_reserved_workers }))
      sidMap.set(queue.sid, created.sid)
    }
    const remap = (configuration: string): string => configuration.replace(/WQ[0-9a-f]{32}/g, (sid) => sidMap.get(sid) ?? sid)
    let chosen: string | undefined
    for (const workflow of copy.workflows) {
      const created = this.apply(this.engine.execute('workflows.create', { workspace_sid: this.ws, friendly_name: workflow.friendly_name, configuration: remap(workflow.configuration), task_reservation_timeout: workflow.task_reservation_timeout }))
      if (workflow.sid === source.workflow_sid) chosen = created.sid
    }
    if (source.workflow_sid !== undefined && chosen === undefined) throw new InvalidParameterError(`The requested workflow ${source.workflow_sid} was not found`, 'source.workflow_sid')
    if (source.configuration !== undefined) {
      const base = copy.workflows.find((workflow) => workflow.sid === source.workflow_sid)
      chosen = this.apply(this.engine.execute('workflows.create', { workspace_sid: this.ws, friendly_name: 'Draft under test', configuration: remap(source.configuration), task_reservation_timeout: base?.task_reservation_timeout ?? reservationTimeoutFor(this.acceptDelayMs) })).sid
    }
    const first = this.engine.query('workflows.list', { workspace_sid: this.ws })[0]
    if (chosen === undefined && !first) throw new InvalidParameterError('The workspace has no workflow to route the simulated tasks; give source.configuration', 'source')
    this.workflowSid = chosen ?? first!.sid
    for (const worker of copy.workers) {
      const created = this.apply(this.engine.execute('workers.create', { workspace_sid: this.ws, friendly_name: worker.friendly_name, attributes: worker.attributes, activity_sid: this.offlineSid }))
      this.setCapacities(created.sid, worker.capacities)
      this.logIn(created.sid, source.workers === 'all' || worker.available)
    }
    this.trackQueues()
  }

  private setCapacities(workerSid: string, capacities: Record<string, number>): void {
    for (const [channel, capacity] of Object.entries(capacities)) {
      if (capacity === 1) continue
      this.apply(this.engine.execute('workerChannels.update', { workspace_sid: this.ws, worker_sid: workerSid, sid: channel, capacity }))
    }
    this.workers.set(workerSid, { loggedIn: false, active: 0, busySince: 0, staffedSince: null, staffedMs: 0, capacities })
  }

  private trackQueues(): void {
    for (const queue of this.engine.query('queues.list', { workspace_sid: this.ws })) {
      const members = new Set(this.engine.query('workers.list', { workspace_sid: this.ws, task_queue_sid: queue.sid }).map((worker) => worker.sid))
      this.queues.set(queue.sid, { sid: queue.sid, name: queue.friendly_name, members, kpis: new KpiAccumulator(), streams: new Map() })
    }
  }

  // --- agents ------------------------------------------------------------------------------

  private planShift(workerSids: readonly string[], shift: { start_hour: number; end_hour: number }): void {
    const hours = Math.ceil(this.scenario.hours)
    for (let hour = 1; hour < hours; hour++) {
      const before = onShift(shift, (this.scenario.start_hour + hour - 1) % 24)
      const after = onShift(shift, (this.scenario.start_hour + hour) % 24)
      if (before === after) continue
      this.clock.schedule(hour * HOUR_MS, () => {
        for (const sid of workerSids) this.logIn(sid, after)
      })
    }
  }

  private logIn(workerSid: string, loggedIn: boolean): void {
    const worker = this.workers.get(workerSid)!
    if (worker.loggedIn === loggedIn) return
    worker.loggedIn = loggedIn
    if (loggedIn) {
      if (worker.staffedSince === null) worker.staffedSince = this.clock.now()
      this.apply(this.engine.execute('workers.update', { workspace_sid: this.ws, sid: workerSid, activity_sid: this.availableSid }))
    } else {
      this.apply(this.engine.execute('workers.update', { workspace_sid: this.ws, sid: workerSid, activity_sid: this.offlineSid, reject_pending_reservations: true }))
      // Agents finish the task in hand before they leave: staffed until then.
      if (worker.active === 0) this.closeStaffed(worker)
    }
  }

  private closeStaffed(worker: WorkerTrack): void {
    if (worker.staffedSince === null) return
    const now = this.clock.now()
    const added = addAcrossHours(this.hours, 'staffedMs', this.startMs, this.endMs, worker.staffedSince, now)
    worker.staffedMs += added
    this.totals.staffedMs += added
    worker.staffedSince = null
  }

  /** At the end, open intervals count up to the horizon. */
  private close(): void {
    // Tasks still queued when the drain ended count as offered to their queue, unanswered.
    for (const track of this.tasks.values()) {
      const queue = track.queueSid === null ? undefined : this.queues.get(track.queueSid)
      if (queue) queue.kpis.offered += 1
    }
    for (const worker of this.workers.values()) {
      if (worker.active > 0) this.addBusy(worker.busySince, this.clock.now())
      worker.active = 0
      this.closeStaffed(worker)
    }
  }

  private addBusy(from: number, to: number): void {
    this.totals.busyMs += addAcrossHours(this.hours, 'busyMs', this.startMs, this.endMs, from, to)
  }

  // --- callers -------------------------------------------------------------------------------

  private planArrivals(): void {
    const scenario = this.scenario
    for (const [index, stream] of scenario.arrivals.entries()) {
      const attributes: Record<string, unknown> = { ...stream.attributes }
      if (stream.queue !== undefined && attributes.queue === undefined) attributes.queue = stream.queue
      const profile = stream.profile ?? new Array<number>(24).fill(1)
      const ratePerMs = profile.map((factor) => (stream.per_hour * factor) / HOUR_MS)
      const plan: StreamPlan = {
        index,
        channel: stream.channel,
        attributes: JSON.stringify(attributes),
        priority: stream.priority,
        handleTime: stream.handle_time,
        patienceMs: stream.patience_seconds === undefined ? null : stream.patience_seconds * 1000,
        wrapUpMs: (stream.wrap_up_seconds ?? 0) * 1000,
        ratePerMs,
        peakRatePerMs: Math.max(...ratePerMs),
      }
      this.streams.push(plan)
      if (plan.peakRatePerMs > 0) this.scheduleArrival(plan)
    }
  }

  /** Non-homogeneous Poisson arrivals by thinning: candidates at the peak rate, kept at rate(t)/peak. */
  private scheduleArrival(stream: StreamPlan): void {
    this.clock.schedule(exponential(this.random, 1 / stream.peakRatePerMs), () => {
      if (!this.arrivalsOpen || this.clock.now() >= this.endMs) return
      const hourOfDay = (this.scenario.start_hour + Math.floor((this.clock.now() - this.startMs) / HOUR_MS)) % 24
      const keep = stream.ratePerMs[hourOfDay]! / stream.peakRatePerMs
      if (keep >= 1 || this.random() < keep) this.arrive(stream)
      this.scheduleArrival(stream)
    })
  }

  private arrive(stream: StreamPlan): void {
    const now = this.clock.now()
    const hour = Math.floor((now - this.startMs) / HOUR_MS)
    const track: TaskTrack = { stream, createdAt: now, hour, queueSid: null, workerSid: null, state: 'waiting', patience: null, busyFrom: 0 }
    this.totals.offered += 1
    this.hours[hour]!.offered += 1
    this.outstanding += 1
    const outcome = this.engine.execute('tasks.create', {
      workspace_sid: this.ws,
      attributes: stream.attributes,
      task_channel: stream.channel,
      workflow_sid: this.workflowSid,
      timeout: TASK_TIMEOUT_MAX,
      ...(stream.priority === undefined ? {} : { priority: stream.priority }),
    })
    const taskSid = outcome.result.sid
    this.tasks.set(taskSid, track)
    if (stream.patienceMs !== null) track.patience = this.clock.schedule(exponential(this.random, stream.patienceMs), () => this.abandon(taskSid))
    this.observe(outcome.events)
  }

  private abandon(taskSid: string): void {
    const track = this.tasks.get(taskSid)
    if (!track || track.state !== 'waiting') return
    track.patience = null
    // Marked first: the engine's task.canceled event must not count this task a second time.
    track.state = 'abandoned'
    this.apply(this.engine.execute('tasks.update', { workspace_sid: this.ws, sid: taskSid, assignment_status: 'canceled', reason: 'abandoned' }))
    this.finishTask(taskSid, track, 'abandoned')
  }

  // --- what the engine did -------------------------------------------------------------------

  /** The compact line a saved run keeps (the first SIMULATION_EVENT_LOG_LIMIT of them). */
  private logEvent(event: DomainEvent): void {
    this.eventsTotal += 1
    if (this.eventLog!.length >= SIMULATION_EVENT_LOG_LIMIT) return
    const data = event.event_data
    this.eventLog!.push({
      at_seconds: (event.event_date_ms - this.startMs) / 1000,
      date: event.event_date,
      event_type: event.event_type,
      description: event.description,
      resource_sid: event.resource_sid,
      task_sid: data.task_sid ?? (event.resource_type === 'task' ? event.resource_sid : null),
      worker_name: data.worker_name ?? null,
      queue_name: data.task_queue_name ?? null,
    })
  }

  private observe(events: readonly DomainEvent[]): void {
    for (const event of events) {
      if (this.events && this.events.length < EVENT_LOG_LIMIT) this.events.push(event)
      if (this.eventLog) this.logEvent(event)
      switch (event.event_type) {
        case 'reservation.created': {
          const reservationSid = event.resource_sid
          const taskSid = event.event_data.task_sid!
          this.pendingReservations.set(reservationSid, taskSid)
          if (this.acceptDelayMs === 0) this.accept(reservationSid)
          else this.clock.schedule(this.acceptDelayMs, () => this.accept(reservationSid))
          break
        }
        case 'reservation.canceled':
        case 'reservation.rejected':
        case 'reservation.timeout':
        case 'reservation.rescinded':
          this.pendingReservations.delete(event.resource_sid)
          break
        case 'task-queue.entered': {
          const track = this.tasks.get(event.event_data.task_sid!)
          if (track) track.queueSid = event.event_data.task_queue_sid ?? null
          break
        }
        case 'task.canceled': {
          // Canceled by the engine (TTL, a workflow with nowhere to go): neither answered nor abandoned.
          const track = this.tasks.get(event.resource_sid)
          if (track && track.state === 'waiting') this.finishTask(event.resource_sid, track, 'closed')
          break
        }
      }
    }
  }

  private accept(reservationSid: string): void {
    const taskSid = this.pendingReservations.get(reservationSid)
    if (taskSid === undefined) return
    this.pendingReservations.delete(reservationSid)
    const outcome = this.engine.execute('reservations.update', { workspace_sid: this.ws, sid: reservationSid, reservation_status: 'accepted' })
    const track = this.tasks.get(taskSid)!
    const now = this.clock.now()
    track.state = 'answered'
    track.patience?.cancel()
    track.patience = null
    track.workerSid = outcome.result.worker_sid
    track.busyFrom = now
    const wait = now - track.createdAt
    const withinSla = wait <= this.slaMs
    const queue = track.queueSid === null ? undefined : this.queues.get(track.queueSid)
    for (const kpis of [this.totals, this.hours[track.hour]!, queue?.kpis]) {
      if (!kpis) continue
      kpis.answered += 1
      kpis.waitMs += wait
      if (withinSla) kpis.answeredWithinSla += 1
    }
    const worker = this.workers.get(track.workerSid)
    if (worker && worker.active++ === 0) worker.busySince = now
    const handleMs = sampleHandle(this.random, track.stream.handleTime) * 1000
    for (const kpis of [this.totals, this.hours[track.hour]!, queue?.kpis]) if (kpis) kpis.handleMs += handleMs
    this.observe(outcome.events)
    this.clock.schedule(handleMs, () => this.endHandling(taskSid, track))
  }

  private endHandling(taskSid: string, track: TaskTrack): void {
    if (track.stream.wrapUpMs > 0) {
      this.apply(this.engine.execute('tasks.update', { workspace_sid: this.ws, sid: taskSid, assignment_status: 'wrapping' }))
      this.clock.schedule(track.stream.wrapUpMs, () => this.complete(taskSid, track))
    } else {
      this.complete(taskSid, track)
    }
  }

  private complete(taskSid: string, track: TaskTrack): void {
    this.apply(this.engine.execute('tasks.update', { workspace_sid: this.ws, sid: taskSid, assignment_status: 'completed', reason: 'handled' }))
    const now = this.clock.now()
    const queue = track.queueSid === null ? undefined : this.queues.get(track.queueSid)
    const worker = track.workerSid === null ? undefined : this.workers.get(track.workerSid)
    if (queue) {
      // A chat among two at once takes half an agent: queue occupancy stays a share of agent time.
      const share = Math.max(1, worker?.capacities[track.stream.channel] ?? 1)
      queue.kpis.busyMs += Math.max(0, Math.min(now, this.endMs) - Math.min(track.busyFrom, this.endMs)) / share
    }
    if (worker && worker.active > 0 && --worker.active === 0) {
      this.addBusy(worker.busySince, now)
      if (!worker.loggedIn) this.closeStaffed(worker)
    }
    this.finishTask(taskSid, track, 'closed')
  }

  private finishTask(taskSid: string, track: TaskTrack, state: 'abandoned' | 'closed'): void {
    if (state === 'abandoned') {
      const queue = track.queueSid === null ? undefined : this.queues.get(track.queueSid)
      for (const kpis of [this.totals, this.hours[track.hour]!, queue?.kpis]) if (kpis) kpis.abandoned += 1
    }
    if (track.queueSid !== null) {
      const queue = this.queues.get(track.queueSid)
      if (queue) {
        queue.kpis.offered += 1
        queue.streams.set(track.stream.index, (queue.streams.get(track.stream.index) ?? 0) + 1)
      }
    }
    track.state = state
    this.tasks.delete(taskSid)
    this.outstanding -= 1
  }

  // --- theory alongside ----------------------------------------------------------------------

  /**
   * Erlang C/A for a single-skill queue: fed by one stream that goes nowhere else, served by
   * agents in no other queue with capacity 1 on that channel. Null otherwise (the models do
   * not describe skills-based or multi-channel routing).
   */
  private erlangFor(queue: QueueTrack, horizonMs: number): SimulationResult['queues'][number]['erlang'] {
    if (queue.streams.size !== 1 || queue.members.size === 0) return null
    const streamIndex = [...queue.streams.keys()][0]!
    for (const other of this.queues.values()) {
      if (other === queue) continue
      if (other.streams.has(streamIndex)) return null
      for (const member of queue.members) if (other.members.has(member)) return null
    }
    const stream = this.streams[streamIndex]!
    let staffedMs = 0
    for (const member of queue.members) {
      const worker = this.workers.get(member)!
      if ((worker.capacities[stream.channel] ?? 1) !== 1) return null
      staffedMs += worker.staffedMs
    }
    const agents = Math.round(staffedMs / horizonMs)
    if (agents < 1) return null
    const hours = this.hours.length
    let meanRate = 0
    for (let hour = 0; hour < hours; hour++) meanRate += stream.ratePerMs[(this.scenario.start_hour + hour) % 24]!
    const arrivalsPerHour = (meanRate / hours) * HOUR_MS
    if (arrivalsPerHour <= 0) return null
    return erlangEstimate({
      arrivalsPerHour,
      ahtSeconds: (stream.handleTime.mean_seconds * 1000 + stream.wrapUpMs) / 1000,
      agents,
      slaSeconds: this.scenario.sla_seconds,
      targetServiceLevel: this.scenario.target_service_level,
      ...(stream.patienceMs === null ? {} : { patienceSeconds: stream.patienceMs / 1000 }),
    })
  }
}

function sampleHandle(random: Random, handleTime: HandleTime): number {
  switch (handleTime.distribution) {
    case 'exponential':
      return exponential(random, handleTime.mean_seconds)
    case 'lognormal':
      return lognormal(random, handleTime.mean_seconds, handleTime.sd_seconds)
    case 'fixed':
      return handleTime.mean_seconds
  }
}

/** Whether an hour of day falls in a shift (which may wrap past midnight; start = end is all day). */
export function onShift(shift: { start_hour: number; end_hour: number }, hourOfDay: number): boolean {
  if (shift.start_hour === shift.end_hour) return true
  if (shift.start_hour < shift.end_hour) return hourOfDay >= shift.start_hour && hourOfDay < shift.end_hour
  return hourOfDay >= shift.start_hour || hourOfDay < shift.end_hour
}

/** Reservations must outlive the agents' accept delay; TaskRouter's ceiling is a day. */
function reservationTimeoutFor(acceptDelayMs: number): number {
  return Math.min(86_400, Math.max(120, Math.ceil(acceptDelayMs / 1000) * 4))
}

/** One filter per queue on the task attribute `queue`; the first queue catches the rest. */
function defaultWorkflow(queueSids: ReadonlyMap<string, string>): string {
  const filters = [...queueSids].map(([name, sid]) => ({ filter_friendly_name: name, expression: `queue == ${JSON.stringify(name)}`, targets: [{ queue: sid }] }))
  return JSON.stringify({ task_routing: { filters, default_filter: { queue: [...queueSids.values()][0]! } } })
}

/** A scenario's workflow may name its queues (`"queue": "Billing"`); the engine needs SIDs. */
function resolveQueueNames(workflow: string | Record<string, unknown>, queueSids: ReadonlyMap<string, string>): string {
  let document: unknown
  if (typeof workflow === 'string') {
    try {
      document = JSON.parse(workflow)
    } catch {
      throw new InvalidParameterError('The scenario workflow is not valid JSON', 'scenario.workflow')
    }
  } else {
    document = workflow
  }
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk)
    if (value === null || typeof value !== 'object') return value
    const copy: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(value)) copy[key] = key === 'queue' && typeof inner === 'string' ? (queueSids.get(inner) ?? inner) : walk(inner)
    return copy
  }
  return JSON.stringify(walk(document))
}
