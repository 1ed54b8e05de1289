import type { MethodParsedInput } from '../../contract/methods'
import type { Worker, WorkerChannel } from '../../contract/resources'
import { SidPrefix } from '../../contract/sids'
import { ConflictError, InvalidParameterError } from '../errors'
import { parseAttributes, WorkerRuntime } from '../routing/runtime'
import { refreshWorkerMembership, removeWorkerFromQueues } from '../routing/membership'
import { setWorkerActivity, tryAssignWorker } from '../routing/assignment'
import { saveWorker } from '../routing/scope'
import { compileOrThrow } from './expressions'
import { assertVersion } from './versions'
import type { Outcome, WorkerChannelRecord, WorkerRecord } from '../model'
import { addWorkerChannel } from './channels'
import type { EngineContext } from './context'
import { fold } from './namedCollection'
import { workerChannelView, workerView } from './views'
import { workerData } from '../routing/eventData'
import { assertBelowLimit, resourceLimits } from './limits'

export function listWorkers(ctx: EngineContext, input: MethodParsedInput<'workers.list'>): Worker[] {
  const state = ctx.workspace(input.workspace_sid)
  const expression = input.target_workers_expression !== undefined ? compileOrThrow(input.target_workers_expression, 'worker', 'target_workers_expression') : undefined
  const queueSid = input.task_queue_sid ?? (input.task_queue_name !== undefined ? state.queues.findByName(input.task_queue_name)?.sid ?? '' : undefined)
  if (input.task_queue_sid !== undefined) state.queues.get(input.task_queue_sid, 'task_queue_sid')
  const now = ctx.clock.now()
  const out: Worker[] = []
  for (const worker of state.workers.values()) {
    const runtime = state.workerRuntime.get(worker.sid)
    if (queueSid !== undefined && !runtime?.queues.has(queueSid)) continue
    if (expression && (!runtime || !expression.evaluate({ now, worker: runtime }))) continue
    if (input.friendly_name !== undefined && fold(worker.friendly_name) !== fold(input.friendly_name)) continue
    if (input.activity_sid !== undefined && worker.activity_sid !== input.activity_sid) continue
    const view = workerView(state, worker)
    if (input.activity_name !== undefined && fold(view.activity_name) !== fold(input.activity_name)) continue
    if (input.available !== undefined && view.available !== input.available) continue
    out.push(view)
  }
  return out
}

export function getWorker(ctx: EngineContext, input: MethodParsedInput<'workers.get'>): Worker {
  const state = ctx.workspace(input.workspace_sid)
  return workerView(state, state.workers.get(input.sid))
}

export function createWorker(ctx: EngineContext, input: MethodParsedInput<'workers.create'>): Outcome<Worker> {
  const state = ctx.workspace(input.workspace_sid)
  state.workers.assertNameFree(input.friendly_name)
  assertBelowLimit(state.workers.size, resourceLimits.workers, 'workers')
  const activitySid = input.activity_sid ?? state.record.default_activity_sid
  if (!activitySid) throw new InvalidParameterError('The workspace has no default activity; give activity_sid', 'activity_sid')
  state.activities.get(activitySid, 'activity_sid')
  const tx = ctx.begin()
  const record: WorkerRecord = {
    sid: tx.ids.sid(SidPrefix.Worker),
    workspace_sid: state.sid,
    friendly_name: input.friendly_name,
    attributes: input.attributes ?? '{}',
    activity_sid: activitySid,
    date_created: tx.now,
    date_updated: tx.now,
    date_status_changed: tx.now,
    date_last_assigned: null,
    version: 0,
  }
  state.workers.set(record)
  tx.put('workers', record)
  for (const channel of state.channels.values()) addWorkerChannel(tx, state, record.sid, channel.sid)
  const runtime = new WorkerRuntime(state, record)
  state.workerRuntime.set(record.sid, runtime)
  refreshWorkerMembership(state, runtime, tx.now)
  tx.emit({ workspaceSid: state.sid, type: 'worker.created', resourceType: 'worker', resourceSid: record.sid, description: `Worker ${record.friendly_name} created`, data: workerData(state, record) })
  tryAssignWorker({ ctx, state, tx }, runtime)
  return tx.outcome(workerView(state, runtime.record))
}

export function updateWorker(ctx: EngineContext, input: MethodParsedInput<'workers.update'>): Outcome<Worker> {
  const state = ctx.workspace(input.workspace_sid)
  const current = state.workers.get(input.sid)
  assertVersion('Worker', current, input.if_match)
  if (input.friendly_name !== undefined) state.workers.assertNameFree(input.friendly_name, current.sid)
  const nextActivity = input.activity_sid !== undefined ? state.activities.get(input.activity_sid, 'activity_sid') : undefined
  if (input.reject_pending_reservations && (!nextActivity || nextActivity.available)) {
    throw new InvalidParameterError('reject_pending_reservations is valid only together with an unavailable activity_sid', 'reject_pending_reservations')
  }
  const tx = ctx.begin()
  const scope = { ctx, state, tx }
  const runtime = state.workerRuntime.get(current.sid)!
  const attributesChanged = input.attributes !== undefined && input.attributes !== current.attributes
  if (input.friendly_name !== undefined || input.attributes !== undefined || !nextActivity) {
    saveWorker(scope, runtime, { friendly_name: input.friendly_name ?? current.friendly_name, attributes: input.attributes ?? current.attributes })
  }
  if (attributesChanged) {
    runtime.attributes = parseAttributes(runtime.record.attributes)
    refreshWorkerMembership(state, runtime, tx.now)
    tx.emit({ workspaceSid: state.sid, type: 'worker.attributes.update', resourceType: 'worker', resourceSid: runtime.sid, description: `Worker ${runtime.friendly_name} attributes updated`, data: workerData(state, runtime.record) })
  }
  if (nextActivity) setWorkerActivity(scope, runtime, nextActivity.sid, { rejectPending: input.reject_pending_reservations === true })
  else if (attributesChanged) tryAssignWorker(scope, runtime)
  return tx.outcome(workerView(state, runtime.record))
}

export function deleteWorker(ctx: EngineContext, input: MethodParsedInput<'workers.delete'>): Outcome<{ deleted: true }> {
  const state = ctx.workspace(input.workspace_sid)
  const worker = state.workers.get(input.sid)
  assertVersion('Worker', worker, input.if_match)
  const runtime = state.workerRuntime.get(worker.sid)
  if (runtime && runtime.active.size > 0) {
    throw new ConflictError(`Worker '${worker.friendly_name}' (${worker.sid}) holds ${runtime.active.size} active reservation${runtime.active.size > 1 ? 's' : ''}; complete or reject them first`, 'sid', { active_reservations: runtime.active.size })
  }
  const tx = ctx.begin()
  if (runtime) removeWorkerFromQueues(state, runtime)
  state.workerRuntime.delete(worker.sid)
  for (const channel of state.workerChannels.get(worker.sid)?.values() ?? []) tx.delete('worker_channels', channel.sid)
  state.workerChannels.delete(worker.sid)
  state.workers.remove(worker.sid)
  tx.delete('workers', worker.sid)
  tx.emit({ workspaceSid: state.sid, type: 'worker.deleted', resourceType: 'worker', resourceSid: worker.sid, description: `Worker ${worker.friendly_name} deleted`, data: workerData(state, worker) })
  return tx.outcome({ deleted: true })
}

export function listWorkerChannels(ctx: EngineContext, input: MethodParsedInput<'workerChannels.list'>): WorkerChannel[] {
  const state = ctx.workspace(input.workspace_sid)
  state.workers.get(input.worker_sid, 'worker_sid')
  return [...(state.workerChannels.get(input.worker_sid)?.values() ?? [])].map((channel) => workerChannelView(state, channel, state.workerRuntime.get(input.worker_sid)))
}

export function getWorkerChannel(ctx: EngineContext, input: MethodParsedInput<'workerChannels.get'>): WorkerChannel {
  const state = ctx.workspace(input.workspace_sid)
  state.workers.get(input.worker_sid, 'worker_sid')
  return workerChannelView(state, state.getWorkerChannel(input.worker_sid, input.sid), state.workerRuntime.get(input.worker_sid))
}

export function updateWorkerChannel(ctx: EngineContext, input: MethodParsedInput<'workerChannels.update'>): Outcome<WorkerChannel> {
  const state = ctx.workspace(input.workspace_sid)
  const worker = state.workers.get(input.worker_sid, 'worker_sid')
  const current = state.getWorkerChannel(input.worker_sid, input.sid)
  const tx = ctx.begin()
  const record: WorkerChannelRecord = {
    ...current,
    configured_capacity: input.capacity ?? current.configured_capacity,
    available: input.available ?? current.available,
    date_updated: tx.now,
  }
  state.setWorkerChannel(record)
  tx.put('worker_channels', record)
  const channel = state.channels.find(record.task_channel_sid)
  const channelData = {
    ...workerData(state, worker),
    task_channel_sid: record.task_channel_sid,
    task_channel_unique_name: channel?.unique_name ?? null,
    worker_channel_available: record.available,
    worker_channel_available_capacity: record.configured_capacity,
    worker_channel_previous_capacity: current.configured_capacity,
    worker_channel_task_count: (() => {
      const load = state.workerRuntime.get(worker.sid)?.load.get(record.task_channel_sid)
      return load ? load.pending + load.accepted + load.wrapping : 0
    })(),
  }
  if (record.configured_capacity !== current.configured_capacity) {
    tx.emit({ workspaceSid: state.sid, type: 'worker.capacity.update', resourceType: 'worker', resourceSid: worker.sid, description: `Worker ${worker.friendly_name} capacity on ${channel?.unique_name} set to ${record.configured_capacity}`, data: channelData })
  }
  if (record.available !== current.available) {
    tx.emit({ workspaceSid: state.sid, type: 'worker.channel.availability.update', resourceType: 'worker', resourceSid: worker.sid, description: `Worker ${worker.friendly_name} channel ${channel?.unique_name} ${record.available ? 'available' : 'unavailable'}`, data: channelData })
  }
  const runtime = state.workerRuntime.get(worker.sid)
  if (runtime) tryAssignWorker({ ctx, state, tx }, runtime)
  return tx.outcome(workerChannelView(state, record, runtime))
}

