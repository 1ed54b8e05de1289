import type { z } from 'zod'
import { apiError, ErrorCode, type ApiError, type Result } from '../contract/errors'
import { methods, type MethodName, type MethodOutput, type MethodParsedInput } from '../contract/methods'
import type { ResourceKind } from '../contract/pushEvents'
import type { DomainEvent } from '../contract/resources'
import type { Engine } from '../engine/engine'
import { EngineError } from '../engine/errors'
import type { Change, TableName } from '../engine/model'
import { StorageError, type EngineStore } from '../store/port'
import type { EventBus } from './eventBus'
import { getEvent, listEvents } from './history'
import { answerBackup, isBackupMethod } from './backup'
import { deliveryView, type Outbox } from './webhooks/outbox'
import { settingsCall, type AppSettingsService } from './settings'
import { isTransferMethod, WorkspaceTransfer } from './workspaceTransfer'
import { answerCredentials, credentialsApiError, isCredentialsMethod, type CredentialsAdmin } from './credentials'
import { createSimulationRunner } from './simulationRunner'
import { answerLiveStats } from './statsFeed'

export interface ApiDependencies {
  engine: Engine
  store: EngineStore
  bus: EventBus
  info: { version: string; mode: 'desktop' | 'headless'; dataDir: string }
  /** The webhook outbox: callbacks planned from each outcome's events, committed with them. */
  outbox?: Outbox
  /** Answers `settings.*` (settings.json of the data folder); absent in tests without a host. */
  appSettings?: AppSettingsService
  /** Answers `credentials.*` (the REST Account SID, Auth Token and API keys); absent in tests without a server. */
  credentials?: CredentialsAdmin
}

/** The one entry point every transport calls: IPC, HTTP RPC, REST and tests. */
export type Dispatch = <M extends MethodName>(method: M, input: unknown) => Promise<Result<MethodOutput<M>>>

const kindOfTable: Record<TableName, ResourceKind> = {
  workspaces: 'workspace',
  activities: 'activity',
  task_channels: 'task_channel',
  workers: 'worker',
  worker_channels: 'worker_channel',
  task_queues: 'task_queue',
  workflows: 'workflow',
  tasks: 'task',
  reservations: 'reservation',
  documents: 'document',
}

/**
 * Builds `dispatch`: validate the input against the contract (bad input -> typed error, no
 * state touched), run the engine, persist the change set durably, and only then answer and
 * publish. If persisting fails the engine is reloaded from the store, so memory never holds
 * what the disk does not.
 */
export function createDispatch(deps: ApiDependencies): Dispatch {
  const { engine, store, bus, outbox } = deps
  // Cumulative statistics count an outcome once its commit succeeded (see persist).
  engine.statistics.countCommittedOnly()

  /** Persists an outcome, then publishes it; on failure memory goes back to the durable state. */
  async function persist(outcome: { changes: Change[]; events: DomainEvent[] }): Promise<void> {
    const deliveries = outbox?.plan(outcome.events) ?? []
    try {
      await store.commit(deliveries.length > 0 ? { changes: outcome.changes, events: outcome.events, deliveries } : { changes: outcome.changes, events: outcome.events })
    } catch (error) {
      await store.load().then((stored) => engine.load(stored), (reloadError: unknown) => console.error('[routedesk] could not reload the durable state:', reloadError))
      bus.emit('app.health', { store: store.health().state, message: store.health().message })
      throw error
    }
    engine.statistics.committed(outcome.events)
    publish(outcome.changes, outcome.events)
    if (deliveries.length > 0) outbox?.committed(deliveries)
  }

  const transfer = new WorkspaceTransfer({ engine, persist, routedeskVersion: deps.info.version })

  // Timer-driven work (reservation timeouts, step timeouts, TTLs) is persisted like a command.
  // Simulations run in time slices beside the API; a finished run is saved like any command.
  const simulations = createSimulationRunner({ engine, bus, save: async (input) => (await run('simulationRuns.create', input)) as MethodOutput<'simulationRuns.create'> })

  engine.onBackgroundOutcome((outcome) => {
    persist(outcome).catch((error: unknown) => console.error('[routedesk] a timer-driven change was not saved:', error))
  })

  async function run(method: MethodName, input: unknown): Promise<unknown> {
    const spec = methods[method]
    if (!spec) throw new UnknownMethodError(method)
    const parsed = (spec.input as z.ZodType).safeParse(input ?? {})
    if (!parsed.success) throw validationError(parsed.error)
    if (method === 'system.info') {
      return { name: 'Routedesk', version: deps.info.version, mode: deps.info.mode, data_dir: deps.info.dataDir }
    }
    if (method === 'events.list') return listEvents(engine, store, parsed.data as never, engine.now())
    if (method === 'events.get') return getEvent(engine, store, parsed.data as never)
    if (method === 'webhooks.deliveries') return listDeliveries(parsed.data as MethodParsedInput<'webhooks.deliveries'>)
    if (isBackupMethod(method)) return answerBackup(store, deps.info.dataDir, method, new Date(engine.now()))
    if (method === 'settings.get' || method === 'settings.update') return settingsCall(deps.appSettings, method, parsed.data)
    if (isTransferMethod(method)) return transfer.call(method, parsed.data as never)
    if (isCredentialsMethod(method)) return answerCredentials(deps.credentials, method, parsed.data)
    if (simulations.handles(method)) return simulations.handle(method, parsed.data)
    if (method === 'tasks.list') return listTasks(engine, parsed.data as MethodParsedInput<'tasks.list'>)
    if (method === 'stats.live') return answerLiveStats(engine, bus, parsed.data as MethodParsedInput<'stats.live'>)
    if (engine.isQuery(method)) return engine.query(method, parsed.data as never)
    const health = store.health()
    if (health.state !== 'ok') {
      throw new StorageError(health.message ?? 'The store refuses writes')
    }
    // The engine applies the command in memory; if persisting fails, persist() puts memory
    // back to the last durable state before the error is answered.
    const outcome = engine.execute(method, parsed.data as never)
    await persist(outcome)
    return outcome.result
  }

  async function listDeliveries(input: MethodParsedInput<'webhooks.deliveries'>): Promise<MethodOutput<'webhooks.deliveries'>> {
    engine.query('workspaces.get', { sid: input.workspace_sid })
    const rows = await store.queryDeliveries({ workspace_sid: input.workspace_sid, limit: input.limit ?? 100, ...(input.status ? { status: input.status } : {}) })
    return rows.map(deliveryView)
  }

  function publish(changes: Change[], events: DomainEvent[]): void {
    const byWorkspace = new Map<string | null, { kind: ResourceKind; sid: string; op: 'put' | 'delete' }[]>()
    const add = (workspaceSid: string | null, entry: { kind: ResourceKind; sid: string; op: 'put' | 'delete' }): void => {
      let list = byWorkspace.get(workspaceSid)
      if (!list) byWorkspace.set(workspaceSid, (list = []))
      list.push(entry)
    }
    for (const change of changes) {
      if (change.op === 'put') {
        const workspaceSid = 'workspace_sid' in change.row ? change.row.workspace_sid : change.row.sid
        add(workspaceSid, { kind: kindOfTable[change.table], sid: change.row.sid, op: 'put' })
      } else if (change.op === 'delete') {
        add(null, { kind: kindOfTable[change.table], sid: change.sid, op: 'delete' })
      } else {
        add(change.workspace_sid, { kind: 'workspace', sid: change.workspace_sid, op: 'delete' })
      }
    }
    for (const [workspaceSid, list] of byWorkspace) bus.emit('app.changed', { workspace_sid: workspaceSid, changes: list })
    for (const event of events) bus.emit('app.event', event as never)
  }

  return async (method, input) => {
    try {
      return { ok: true, data: (await run(method, input)) as never }
    } catch (error) {
      return { ok: false, error: toApiError(error) }
    }
  }
}

/** `has_addons` is answered here: add-ons never run locally, so a task has them only if its `addons` is not empty. */
function listTasks(engine: Engine, input: MethodParsedInput<'tasks.list'>): MethodOutput<'tasks.list'> {
  const { has_addons: hasAddons, ...rest } = input
  const tasks = engine.query('tasks.list', rest)
  if (hasAddons === undefined) return tasks
  return tasks.filter((task) => (task.addons !== '' && task.addons !== '{}') === hasAddons)
}

class UnknownMethodError extends Error {}

class InputValidationError extends Error {
  constructor(readonly apiError: ApiError) {
    super(apiError.message)
  }
}

/** The first zod issue, phrased as "<field> <problem>", with the field as `param`. */
function validationError(error: z.ZodError): InputValidationError {
  const issue = error.issues[0]!
  const param = issue.path.map(String).join('.')
  let message: string
  if (issue.code === 'unrecognized_keys') {
    message = `Unknown parameter${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`
    return new InputValidationError(apiError(ErrorCode.InvalidRequest, message, { param: issue.keys[0] ?? '' }))
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) message = `${param} is required`
  else message = `${param || 'input'} ${issue.message}`
  return new InputValidationError(apiError(ErrorCode.InvalidRequest, message, param ? { param } : {}))
}

/** Every failure becomes an ApiError; unexpected ones are logged and reported as 500. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof InputValidationError) return error.apiError
  if (error instanceof EngineError) {
    return apiError(error.code, error.message, { ...(error.param ? { param: error.param } : {}), ...(error.details ? { details: error.details } : {}) })
  }
  if (error instanceof UnknownMethodError) return apiError(ErrorCode.NotFound, `Unknown method ${error.message}`)
  if (error instanceof StorageError) return apiError(ErrorCode.StorageUnavailable, `The change was not saved: ${error.message}`)
  const credentialsError = credentialsApiError(error)
  if (credentialsError) return credentialsError
  console.error('[routedesk] unexpected error:', error)
  return apiError(ErrorCode.Internal, 'Internal error: the request was not completed')
}
