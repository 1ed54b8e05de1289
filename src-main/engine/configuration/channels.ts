import type { MethodParsedInput } from '../../contract/methods'
import type { TaskChannel } from '../../contract/resources'
import { SidPrefix } from '../../contract/sids'
import { ConflictError } from '../errors'
import type { Outcome, TaskChannelRecord, WorkerChannelRecord } from '../model'
import type { Transaction } from '../transaction'
import type { EngineContext } from './context'
import { DEFAULT_CHANNEL_CAPACITY } from './defaults'
import { taskChannelView } from './views'
import type { WorkspaceState } from './workspaceState'
import { assertBelowLimit, resourceLimits } from './limits'

export function listChannels(ctx: EngineContext, input: MethodParsedInput<'channels.list'>): TaskChannel[] {
  return [...ctx.workspace(input.workspace_sid).channels.values()].map(taskChannelView)
}

export function getChannel(ctx: EngineContext, input: MethodParsedInput<'channels.get'>): TaskChannel {
  return taskChannelView(ctx.workspace(input.workspace_sid).getChannel(input.sid))
}

/** Adds a task channel and gives every existing worker a channel of it (capacity 1). */
export function addChannel(tx: Transaction, state: WorkspaceState, friendlyName: string, uniqueName: string, optimized: boolean): TaskChannelRecord {
  state.channels.assertNameFree(friendlyName)
  assertBelowLimit(state.channels.size, resourceLimits.taskChannels, 'task channels (default included)')
  const clash = state.findChannelByUniqueName(uniqueName)
  if (clash) throw new ConflictError(`A task channel with unique name '${uniqueName}' already exists (${clash.sid})`, 'unique_name', { existing_sid: clash.sid })
  const record: TaskChannelRecord = {
    sid: tx.ids.sid(SidPrefix.TaskChannel),
    workspace_sid: state.sid,
    friendly_name: friendlyName,
    unique_name: uniqueName,
    channel_optimized_routing: optimized,
    date_created: tx.now,
    date_updated: tx.now,
  }
  state.setChannel(record)
  tx.put('task_channels', record)
  for (const worker of state.workers.values()) addWorkerChannel(tx, state, worker.sid, record.sid)
  tx.emit({ workspaceSid: state.sid, type: 'task-channel.created', resourceType: 'task_channel', resourceSid: record.sid, description: `Task channel ${uniqueName} created`, data: channelData(record) })
  return record
}

export function addWorkerChannel(tx: Transaction, state: WorkspaceState, workerSid: string, taskChannelSid: string): WorkerChannelRecord {
  const record: WorkerChannelRecord = {
    sid: tx.ids.sid(SidPrefix.WorkerChannel),
    workspace_sid: state.sid,
    worker_sid: workerSid,
    task_channel_sid: taskChannelSid,
    configured_capacity: DEFAULT_CHANNEL_CAPACITY,
    available: true,
    date_created: tx.now,
    date_updated: tx.now,
  }
  state.setWorkerChannel(record)
  tx.put('worker_channels', record)
  return record
}

export function createChannel(ctx: EngineContext, input: MethodParsedInput<'channels.create'>): Outcome<TaskChannel> {
  const state = ctx.workspace(input.workspace_sid)
  const tx = ctx.begin()
  const record = addChannel(tx, state, input.friendly_name, input.unique_name, input.channel_optimized_routing ?? false)
  return tx.outcome(taskChannelView(record))
}

export function updateChannel(ctx: EngineContext, input: MethodParsedInput<'channels.update'>): Outcome<TaskChannel> {
  const state = ctx.workspace(input.workspace_sid)
  const current = state.getChannel(input.sid)
  if (input.friendly_name !== undefined) state.channels.assertNameFree(input.friendly_name, current.sid)
  const tx = ctx.begin()
  const record: TaskChannelRecord = {
    ...current,
    friendly_name: input.friendly_name ?? current.friendly_name,
    channel_optimized_routing: input.channel_optimized_routing ?? current.channel_optimized_routing,
    date_updated: tx.now,
  }
  state.setChannel(record)
  tx.put('task_channels', record)
  tx.emit({ workspaceSid: state.sid, type: 'task-channel.updated', resourceType: 'task_channel', resourceSid: record.sid, description: `Task channel ${record.unique_name} updated`, data: channelData(record) })
  return tx.outcome(taskChannelView(record))
}

/**
 * The `default` channel is what tasks without a channel use, so it cannot be removed
 * (a Routedesk rule: TaskRouter does not document it).
 */
export function deleteChannel(ctx: EngineContext, input: MethodParsedInput<'channels.delete'>): Outcome<{ deleted: true }> {
  const state = ctx.workspace(input.workspace_sid)
  const channel = state.getChannel(input.sid)
  if (channel.unique_name === 'default') {
    throw new ConflictError(`Task channel 'default' (${channel.sid}) cannot be deleted: tasks created without a channel use it`, 'sid')
  }
  let tasks = 0
  for (const task of state.tasks.values()) {
    const status = task.record.assignment_status
    if (task.record.task_channel_sid === channel.sid && status !== 'canceled' && status !== 'completed') tasks += 1
  }
  if (tasks > 0) throw new ConflictError(`Task channel '${channel.unique_name}' (${channel.sid}) is used by ${tasks} active task${tasks > 1 ? 's' : ''}`, 'sid', { active_tasks: tasks })
  const tx = ctx.begin()
  for (const perWorker of state.workerChannels.values()) {
    const workerChannel = perWorker.get(channel.sid)
    if (workerChannel) tx.delete('worker_channels', workerChannel.sid)
  }
  state.removeChannel(channel.sid)
  tx.delete('task_channels', channel.sid)
  tx.emit({ workspaceSid: state.sid, type: 'task-channel.deleted', resourceType: 'task_channel', resourceSid: channel.sid, description: `Task channel ${channel.unique_name} deleted`, data: channelData(channel) })
  return tx.outcome({ deleted: true })
}

function channelData(record: TaskChannelRecord): Record<string, string | boolean> {
  return {
    task_channel_sid: record.sid,
    task_channel_name: record.friendly_name,
    task_channel_unique_name: record.unique_name,
    task_channel_optimized_routing: record.channel_optimized_routing,
  }
}
