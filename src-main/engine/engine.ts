import type { MethodName, MethodOutput, MethodParsedInput } from '../contract/methods'
import type { Clock } from './clock'
import * as activities from './configuration/activities'
import * as channels from './configuration/channels'
import { EngineContext } from './configuration/context'
import * as queues from './configuration/queues'
import * as workers from './configuration/workers'
import { WorkspaceState } from './configuration/workspaceState'
import * as workflows from './configuration/workflows'
import * as workspaces from './configuration/workspaces'
import { randomIds, type IdGenerator } from './ids'
import type { Outcome, StoredState } from './model'

export interface EngineOptions {
  clock: Clock
  ids?: IdGenerator
}

type Query<M extends MethodName> = (ctx: EngineContext, input: MethodParsedInput<M>) => MethodOutput<M>
type Command<M extends MethodName> = (ctx: EngineContext, input: MethodParsedInput<M>) => Outcome<MethodOutput<M>>

/** Reads: no state change, no events. */
const queries: { [M in MethodName]?: Query<M> } = {
  'workspaces.list': workspaces.listWorkspaces,
  'workspaces.get': workspaces.getWorkspace,
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

  constructor(private readonly options: EngineOptions) {
    this.ctx = new EngineContext(options.clock, options.ids ?? randomIds)
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
    return handler(this.ctx, input)
  }

  /** Replaces all state with what the store holds (start-up, or after a failed commit). */
  load(stored: StoredState): void {
    const ctx = new EngineContext(this.options.clock, this.options.ids ?? randomIds)
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
    this.ctx = ctx
  }

  /** Counts per workspace, for the status bar and health checks. */
  counts(): { workspaces: number; workers: number } {
    let workerCount = 0
    for (const state of this.ctx.workspaces.values()) workerCount += state.workers.size
    return { workspaces: this.ctx.workspaces.size, workers: workerCount }
  }
}
