import type { MethodName, MethodOutput, MethodParsedInput } from '../contract/methods'
import type { Clock, Scheduler } from './clock'
import * as tasks from './configuration/tasks'
import * as expressionTools from './configuration/expressionTools'
import { compiledWorkflowOf } from './configuration/workflows'
import { compileExpression } from './expression/compile'
import { armStepTimer } from './routing/workflowRouter'
import { refreshQueueMembership } from './routing/membership'
import { QueueRuntime, TaskRuntime, WorkerRuntime } from './routing/runtime'
import { timeoutReservation } from './routing/assignment'
import { timerKey } from './routing/scope'
import { rebuildRetention } from './routing/retention'
import * as activities from './configuration/activities'
import * as channels from './configuration/channels'
import { EngineContext } from './configuration/context'
import * as queues from './configuration/queues'
import * as workers from './configuration/workers'
import { WorkspaceState } from './configuration/workspaceState'
import * as workflows from './configuration/workflows'
import * as workspaces from './configuration/workspaces'
import { randomIds, type IdGenerator } from './ids'
import type { DocumentRecord, Outcome, StoredState } from './model'
import type { DomainEvent } from '../contract/resources'
import { StatisticsBook } from './statistics/book'
import * as stats from './statistics/queries'
import { wallboardCommands, wallboardQueries } from './wallboard'
import { simulationCommands, simulationQueries } from './simulation/runs'
import { workflowBuilderCommands, workflowBuilderQueries } from './workflowBuilder/handlers'
import { documentsOfKinds, restoreDocuments, type RestoredDocument } from './configuration/documentTransfer'
import { isWorkerTarget, targetWorkerOf } from './routing/directRouting'

export interface EngineOptions {
  /** Time for the engine; also its timers unless `scheduler` is given. */
  clock: Clock & Partial<Scheduler>
  scheduler?: Scheduler
  ids?: IdGenerator
}

type Query<M extends MethodName> = (ctx: EngineContext, input: MethodParsedInput<M>) => MethodOutput<M>
type Command<M extends MethodName> = (ctx: EngineContext, input: MethodParsedInput<M>) => Outcome<MethodOutput<M>>

/** Reads: no state change, no events. */
const queries: { [M in MethodName]?: Query<M> } = {
  'workspaces.list': workspaces.listWorkspaces,
  'workspaces.get': workspaces.getWorkspace,
  'workspaceCounts.get': workspaces.countWorkspaceResources,
  'activities.list': activities.listActivities,
  'activities.get': activities.getActivity,
  'channels.list': channels.listChannels,
  'channels.get': channels.getChannel,
  'workers.list': workers.listWorkers,
  'workers.get': workers.getWorker,
  'workerChannels.list': workers.listWorkerChannels,
  'workerChannels.get': workers.getWorkerChannel,
  'queues.list': queues.listQueues,
  'queues.get': queues.getQueue,
  'workflows.list': workflows.listWorkflows,
  'workflows.get': workflows.getWorkflow,
  'tasks.list': tasks.listTasks,
  'tasks.get': tasks.getTaskResource,
  'reservations.list': tasks.listReservations,
  'reservations.get': tasks.getReservation,
  'expressions.compile': expressionTools.compileTool,
  'expressions.explain': expressionTools.explainTool,
  'expressions.lint': expressionTools.lintTool,
  'stats.workspace': stats.workspaceStatistics,
  'statsRealtime.workspace': stats.workspaceRealtime,
  'statsCumulative.workspace': stats.workspaceCumulative,
  'stats.queue': stats.queueStatistics,
  'statsRealtime.queue': stats.queueRealtime,
  'statsCumulative.queue': stats.queueCumulative,
  'stats.queues': stats.queuesStatistics,
  'statsRealtime.queues': stats.queuesBulkRealtime,
  'stats.workers': stats.workersStatistics,
  'statsRealtime.workers': stats.workersRealtime,
  'statsCumulative.workers': stats.workersCumulative,
  'stats.worker': stats.workerStatistics,
  'stats.workflow': stats.workflowStatistics,
  'statsRealtime.workflow': stats.workflowRealtime,
  'statsCumulative.workflow': stats.workflowCumulative,
  'stats.kpis': stats.kpis,
  'stats.snapshot': stats.snapshot,
  'stats.series': stats.series,
  ...wallboardQueries,
  ...simulationQueries,
  ...workflowBuilderQueries((options) => new Engine(options)),
}

/** Writes: each returns its result plus the change set to persist and the events to publish. */
const commands: { [M in MethodName]?: Command<M> } = {
  'workspaces.create': workspaces.createWorkspace,
  'workspaces.update': workspaces.updateWorkspace,
  'workspaces.delete': workspaces.deleteWorkspace,
  'activities.create': activities.createActivity,
  'activities.update': activities.updateActivity,
  'activities.delete': activities.deleteActivity,
  'channels.create': channels.createChannel,
  'channels.update': channels.updateChannel,
  'channels.delete': channels.deleteChannel,
  'workers.create': workers.createWorker,
  'workers.update': workers.updateWorker,
  'workers.delete': workers.deleteWorker,
  'workerChannels.update': workers.updateWorkerChannel,
  'queues.create': queues.createQueue,
  'queues.update': queues.updateQueue,
  'queues.delete': queues.deleteQueue,
  'workflows.create': workflows.createWorkflow,
  'workflows.update': workflows.updateWorkflow,
  'workflows.delete': workflows.deleteWorkflow,
  'tasks.create': tasks.createTask,
  'tasks.update': tasks.updateTask,
  'tasks.delete': tasks.deleteTask,
  'reservations.update': tasks.updateReservation,
  ...wallboardCommands,
  ...simulationCommands,
  // Last on purpose: also replaces workflows.create/update/delete with their versioned form.
  ...workflowBuilderCommands,
}

/**
 * The engine facade: commands in -> state change + events + change set out. Synchronous and
 * I/O-free; the caller persists the change set and publishes the events.
 *
 * @example
 * const engine = new Engine({ clock: new FakeClock() })
 * const { result: workspace } = engine.execute('workspaces.create', { friendly_name: 'Support' })
 */
export class Engine {
  private ctx: EngineContext
  /** Statistics outlive a reload: cumulative history stays, real-time numbers are recounted. */
  readonly statistics = new StatisticsBook()
  private backgroundSink: (outcome: Outcome<null>) => void = () => {}

  constructor(private readonly options: EngineOptions) {
    this.ctx = this.newContext()
  }

  private newContext(): EngineContext {
    const scheduler = this.options.scheduler ?? (this.options.clock.schedule ? (this.options.clock as Scheduler) : undefined)
    if (!scheduler) throw new Error('Engine needs a Scheduler: pass `scheduler` or a clock that schedules')
    const ctx = new EngineContext(this.options.clock, this.options.ids ?? randomIds, scheduler)
    ctx.statistics = this.statistics
    ctx.onBackgroundOutcome = (outcome) => {
      this.observe(ctx, outcome.events)
      this.backgroundSink(outcome)
    }
    return ctx
  }

  /**
   * Where timer-driven work (reservation and step timeouts, TTLs) goes: the caller persists
   * and publishes it exactly like a command's outcome.
   */
  onBackgroundOutcome(sink: (outcome: Outcome<null>) => void): void {
    this.backgroundSink = sink
  }

  /** The engine's time (its injected clock). */
  now(): number {
    return this.options.clock.now()
  }

  /** Whether a method is a read (no change set). */
  isQuery(method: MethodName): boolean {
    return method in queries
  }

  isCommand(method: MethodName): boolean {
    return method in commands
  }

  query<M extends MethodName>(method: M, input: MethodParsedInput<M>): MethodOutput<M> {
    const handler = queries[method] as Query<M> | undefined
    if (!handler) throw new Error(`${method} is not an engine query`)
    return handler(this.ctx, input)
  }

  execute<M extends MethodName>(method: M, input: MethodParsedInput<M>): Outcome<MethodOutput<M>> {
    const handler = commands[method] as Command<M> | undefined
    if (!handler) throw new Error(`${method} is not an engine command`)
    const outcome = handler(this.ctx, input)
    this.observe(this.ctx, outcome.events)
    return outcome
  }

  /** Statistics see every outcome's events right after the state changed (commands and timers). */
  private observe(ctx: EngineContext, events: readonly DomainEvent[]): void {
    if (events.length > 0) this.statistics.observe(events, (sid) => ctx.workspaces.get(sid), ctx.clock.now())
  }

  /**
   * Rebuilds cumulative statistics from stored events (start-up): `events` of one workspace,
   * in any order, typically the retention window of the Events log.
   */
  replayStatistics(workspaceSid: string, events: readonly DomainEvent[]): void {
    const state = this.ctx.workspaces.get(workspaceSid)
    if (state) this.statistics.replay(state, events)
  }

  /** Workspace SIDs, for callers that walk every workspace (the live statistics feed). */
  workspaceSids(): string[] {
    return [...this.ctx.workspaces.keys()]
  }

  /** Changes whenever a workspace's statistics may have changed (the feed pushes only then). */
  statisticsVersion(workspaceSid: string): number {
    return this.statistics.versionOf(workspaceSid)
  }

  /**
   * Replaces all state with what the store holds (start-up, or after a failed commit): records,
   * routing indexes, and every timer re-armed from its stored deadline (past ones fire at once).
   */
  load(stored: StoredState): void {
    this.ctx.timers.clear()
    const ctx = this.newContext()
    for (const record of stored.workspaces) {
      ctx.workspaces.set(record.sid, new WorkspaceState({ ...record }))
      ctx.workspaceNames.set(record)
    }
    const inWorkspace = (sid: string): WorkspaceState | undefined => ctx.workspaces.get(sid)
    for (const record of stored.activities) inWorkspace(record.workspace_sid)?.activities.set({ ...record })
    for (const record of stored.task_channels) inWorkspace(record.workspace_sid)?.setChannel({ ...record })
    for (const record of stored.workers) inWorkspace(record.workspace_sid)?.workers.set({ ...record })
    for (const record of stored.worker_channels) inWorkspace(record.workspace_sid)?.setWorkerChannel({ ...record })
    for (const record of stored.task_queues) inWorkspace(record.workspace_sid)?.queues.set({ ...record })
    for (const record of stored.workflows) inWorkspace(record.workspace_sid)?.workflows.set({ ...record })
    for (const record of stored.tasks) inWorkspace(record.workspace_sid)?.tasks.set(record.sid, new TaskRuntime({ ...record }))
    for (const record of stored.reservations) inWorkspace(record.workspace_sid)?.reservations.set(record.sid, { ...record })
    for (const record of stored.documents) inWorkspace(record.workspace_sid)?.documents.set(record.sid, { ...record })
    for (const state of ctx.workspaces.values()) rebuildRouting(ctx, state)
    this.ctx = ctx
    this.statistics.rebind(ctx.workspaces.values())
  }

  /** Workspace export: the Routedesk documents of `kinds` (configuration/documentTransfer.ts). */
  documents(workspaceSid: string, kinds: readonly string[]): DocumentRecord[] {
    return documentsOfKinds(this.ctx, workspaceSid, kinds)
  }

  /** Workspace import: writes exported Routedesk documents back (configuration/documentTransfer.ts). */
  restoreDocuments(workspaceSid: string, documents: readonly RestoredDocument[]): Outcome<string[]> {
    return restoreDocuments(this.ctx, workspaceSid, documents)
  }

  /** Counts per workspace, for the status bar and health checks. */
  counts(): { workspaces: number; workers: number } {
    let workerCount = 0
    for (const state of this.ctx.workspaces.values()) workerCount += state.workers.size
    return { workspaces: this.ctx.workspaces.size, workers: workerCount }
  }
}

/** Rebuilds a workspace's routing indexes from its records and re-arms its timers. */
function rebuildRouting(ctx: EngineContext, state: WorkspaceState): void {
  const now = ctx.clock.now()
  for (const worker of state.workers.values()) state.workerRuntime.set(worker.sid, new WorkerRuntime(state, worker))
  for (const queue of state.queues.values()) {
    const compiled = compileExpression(queue.target_workers, 'worker')
    // Stored expressions were valid when written; one that no longer compiles selects nobody.
    const runtime = new QueueRuntime(queue.sid, compiled.ok ? compiled.expression : compileNever())
    state.queueRuntime.set(queue.sid, runtime)
    refreshQueueMembership(state, runtime, now)
  }
  for (const workflow of state.workflows.values()) compiledWorkflowOf(workflow)
  for (const reservation of state.reservations.values()) {
    state.tasks.get(reservation.task_sid)?.reservationSids.push(reservation.sid)
    const status = reservation.reservation_status
    if (status !== 'pending' && status !== 'accepted' && status !== 'wrapping') continue
    const worker = state.workerRuntime.get(reservation.worker_sid)
    if (worker) {
      worker.active.add(reservation.sid)
      worker.loadOn(reservation.task_channel_sid)[status] += 1
    }
    if (status === 'pending') {
      state.tasks.get(reservation.task_sid)?.pending.add(reservation.sid)
      ctx.timers.arm(timerKey.reservation(reservation.sid), reservation.timeout_deadline, () =>
        ctx.runInBackground((tx) => {
          const current = state.reservations.get(reservation.sid)
          if (current?.reservation_status === 'pending') timeoutReservation({ ctx, state, tx }, current)
        }),
      )
    }
  }
  for (const task of state.tasks.values()) {
    const status = task.record.assignment_status
    if (status !== 'pending' && status !== 'reserved') continue
    if (task.record.routing) state.queueRuntime.get(task.record.routing.queue_sid)?.tasks.add(task.sid)
    else if (isWorkerTarget(task.record)) targetWorkerOf(state, task)?.direct.add(task.sid)
    tasks.armTtlTimer(ctx, state, task)
    const deadline = task.record.routing?.step_deadline
    if (deadline !== null && deadline !== undefined) armStepTimer({ ctx, state, tx: ctx.begin() }, task, deadline)
  }
  rebuildRetention(ctx, state)
}

function compileNever(): NonNullable<Extract<ReturnType<typeof compileExpression>, { ok: true }>['expression']> {
  const result = compileExpression('1==0', 'worker')
  if (!result.ok) throw new Error('1==0 must compile')
  return result.expression
}
