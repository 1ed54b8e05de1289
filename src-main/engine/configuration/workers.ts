import type { MethodParsedInput } from '../../contract/methods'
import type { Worker, WorkerChannel } from '../../contract/resources'
import { SidPrefix } from '../../contract/sids'
import { InvalidParameterError, VersionMismatchError } from '../errors'
import type { Outcome, WorkerChannelRecord, WorkerRecord } from '../model'
import { addWorkerChannel } from './channels'
import type { EngineContext } from './context'
import { fold } from './namedCollection'
import { workerChannelView, workerView } from './views'
import type { WorkspaceState } from './workspaceState'

export function listWorkers(ctx: EngineContext, input: MethodParsedInput<'workers.list'>): Worker[] {
  const state = ctx.workspace(input.workspace_sid)
  const out: Worker[] = []
  for (const worker of state.workers.values()) {
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
    version: 0,
  }
  state.workers.set(record)
  tx.put('workers', record)
  for (const channel of state.channels.values()) addWorkerChannel(tx, state, record.sid, channel.sid)
  tx.emit({ workspaceSid: state.sid, type: 'worker.created', resourceType: 'worker', resourceSid: record.sid, description: `Worker ${record.friendly_name} created`, data: workerData(state, record) })
  return tx.outcome(workerView(state, record))
}

export function updateWorker(ctx: EngineContext, input: MethodParsedInput<'workers.update'>): Outcome<Worker> {
  const state = ctx.workspace(input.workspace_sid)
  const current = state.workers.get(input.sid)
  assertVersion(current, input.if_match)
  if (input.friendly_name !== undefined) state.workers.assertNameFree(input.friendly_name, current.sid)
  const nextActivity = input.activity_sid !== undefined ? state.activities.get(input.activity_sid, 'activity_sid') : undefined
  if (input.reject_pending_reservations && (!nextActivity || nextActivity.available)) {
    throw new InvalidParameterError('reject_pending_reservations is valid only together with an unavailable activity_sid', 'reject_pending_reservations')
  }
  const tx = ctx.begin()
  const activityChanged = nextActivity !== undefined && nextActivity.sid !== current.activity_sid
  const attributesChanged = input.attributes !== undefined && input.attributes !== current.attributes
  const record: WorkerRecord = {
    ...current,
    friendly_name: input.friendly_name ?? current.friendly_name,
    attributes: input.attributes ?? current.attributes,
    activity_sid: nextActivity?.sid ?? current.activity_sid,
    date_updated: tx.now,
    date_status_changed: activityChanged ? tx.now : current.date_status_changed,
    version: current.version + 1,
  }
  state.workers.set(record)
  tx.put('workers', record)
  if (activityChanged) {
    const previous = state.activities.find(current.activity_sid)
    const msInPrevious = tx.now - current.date_status_changed
    tx.emit({
      workspaceSid: state.sid,
      type: 'worker.activity.update',
      resourceType: 'worker',
      resourceSid: record.sid,
      description: `Worker ${record.friendly_name} updated to ${nextActivity.friendly_name} Activity`,
      data: {
        ...workerData(state, record),
        worker_previous_activity_sid: previous?.sid ?? current.activity_sid,
        worker_previous_activity_name: previous?.friendly_name ?? null,
        worker_time_in_previous_activity: Math.floor(msInPrevious / 1000),
        worker_time_in_previous_activity_ms: msInPrevious,
      },
    })
  }
  if (attributesChanged) {
    tx.emit({ workspaceSid: state.sid, type: 'worker.attributes.update', resourceType: 'worker', resourceSid: record.sid, description: `Worker ${record.friendly_name} attributes updated`, data: workerData(state, record) })
  }
  return tx.outcome(workerView(state, record))
}

export function deleteWorker(ctx: EngineContext, input: MethodParsedInput<'workers.delete'>): Outcome<{ deleted: true }> {
  const state = ctx.workspace(input.workspace_sid)
  const worker = state.workers.get(input.sid)
  assertVersion(worker, input.if_match)
  const tx = ctx.begin()
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
  return [...(state.workerChannels.get(input.worker_sid)?.values() ?? [])].map((channel) => workerChannelView(state, channel))
}

export function getWorkerChannel(ctx: EngineContext, input: MethodParsedInput<'workerChannels.get'>): WorkerChannel {
  const state = ctx.workspace(input.workspace_sid)
  state.workers.get(input.worker_sid, 'worker_sid')
  return workerChannelView(state, state.getWorkerChannel(input.worker_sid, input.sid))
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
    worker_channel_task_count: 0,
  }
  if (record.configured_capacity !== current.configured_capacity) {
    tx.emit({ workspaceSid: state.sid, type: 'worker.capacity.update', resourceType: 'worker', resourceSid: worker.sid, description: `Worker ${worker.friendly_name} capacity on ${channel?.unique_name} set to ${record.configured_capacity}`, data: channelData })
  }
  if (record.available !== current.available) {
    tx.emit({ workspaceSid: state.sid, type: 'worker.channel.availability.update', resourceType: 'worker', resourceSid: worker.sid, description: `Worker ${worker.friendly_name} channel ${channel?.unique_name} ${record.available ? 'available' : 'unavailable'}`, data: channelData })
  }
  return tx.outcome(workerChannelView(state, record))
}

/** Decision 3: If-Match carries the integer version; a stale one changes nothing. */
function assertVersion(worker: WorkerRecord, ifMatch: string | undefined): void {
  if (ifMatch === undefined) return
  const expected = ifMatch.replace(/^W\//, '').replace(/"/g, '')
  if (expected !== String(worker.version)) {
    throw new VersionMismatchError(`Worker ${worker.sid} is at version ${worker.version}, not ${expected}: it was changed since you read it`, 'if_match', { current_version: worker.version })
  }
}

function workerData(state: WorkspaceState, record: WorkerRecord): Record<string, string | number | null> {
  const activity = state.activities.find(record.activity_sid)
  return {
    worker_sid: record.sid,
    worker_name: record.friendly_name,
    worker_attributes: record.attributes,
    worker_activity_sid: record.activity_sid,
    worker_activity_name: activity?.friendly_name ?? null,
    worker_version: record.version,
  }
}

