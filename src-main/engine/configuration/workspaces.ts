import type { MethodOutput, MethodParsedInput } from '../../contract/methods'
import type { Workspace } from '../../contract/resources'
import { SidPrefix } from '../../contract/sids'
import { ConflictError } from '../errors'
import type { Outcome, WorkspaceRecord } from '../model'
import type { Transaction } from '../transaction'
import { addActivity } from './activities'
import { addChannel } from './channels'
import type { EngineContext } from './context'
import { DEFAULT_ACTIVITY_NAME, defaultActivities, defaultChannels, FIFO_TEMPLATE } from './defaults'
import { fold } from './namedCollection'
import { addQueue } from './queues'
import { workspaceView } from './views'
import { addWorkflow } from './workflows'
import { WorkspaceState } from './workspaceState'
import { assertBelowLimit, resourceLimits } from './limits'

export function listWorkspaces(ctx: EngineContext, input: MethodParsedInput<'workspaces.list'>): Workspace[] {
  const out: Workspace[] = []
  for (const state of ctx.workspaces.values()) {
    if (input.friendly_name !== undefined && fold(state.record.friendly_name) !== fold(input.friendly_name)) continue
    out.push(workspaceView(state))
  }
  return out
}

export function getWorkspace(ctx: EngineContext, input: MethodParsedInput<'workspaces.get'>): Workspace {
  return workspaceView(ctx.workspace(input.sid, 'sid'))
}

export function countWorkspaceResources(ctx: EngineContext, input: MethodParsedInput<'workspaceCounts.get'>): MethodOutput<'workspaceCounts.get'> {
  const state = ctx.workspace(input.workspace_sid)
  return {
    activities: state.activities.size,
    channels: state.channels.size,
    workers: state.workers.size,
    queues: state.queues.size,
    workflows: state.workflows.size,
  }
}

/** A new workspace with the default activities and channels (decision 16), and FIFO extras. */
export function createWorkspace(ctx: EngineContext, input: MethodParsedInput<'workspaces.create'>): Outcome<Workspace> {
  ctx.workspaceNames.assertNameFree(input.friendly_name)
  assertBelowLimit(ctx.workspaces.size, resourceLimits.workspaces, 'workspaces', 'this Routedesk')
  const tx = ctx.begin()
  const record: WorkspaceRecord = {
    sid: tx.ids.sid(SidPrefix.Workspace),
    friendly_name: input.friendly_name,
    default_activity_sid: null,
    timeout_activity_sid: null,
    multi_task_enabled: input.multi_task_enabled ?? true,
    prioritize_queue_order: input.prioritize_queue_order ?? 'FIFO',
    event_callback_url: input.event_callback_url ?? '',
    events_filter: input.events_filter || null,
    date_created: tx.now,
    date_updated: tx.now,
  }
  const state = new WorkspaceState(record)
  tx.emit({ workspaceSid: record.sid, type: 'workspace.created', resourceType: 'workspace', resourceSid: record.sid, description: `Workspace ${record.friendly_name} created`, data: workspaceData(record) })
  for (const activity of defaultActivities) addActivity(tx, state, activity.friendly_name, activity.available)
  const offline = state.activities.findByName(DEFAULT_ACTIVITY_NAME)!
  record.default_activity_sid = offline.sid
  record.timeout_activity_sid = offline.sid
  for (const channel of defaultChannels) addChannel(tx, state, channel.friendly_name, channel.unique_name, false)
  if (input.template === 'FIFO') addFifoTemplate(tx, state)
  // The workspace row goes first so a store applying changes in order never sees orphans.
  tx.changes.unshift({ op: 'put', table: 'workspaces', row: record })
  ctx.workspaces.set(record.sid, state)
  ctx.workspaceNames.set(record)
  return tx.outcome(workspaceView(state))
}

function addFifoTemplate(tx: Transaction, state: WorkspaceState): void {
  const queue = addQueue(tx, state, { friendly_name: FIFO_TEMPLATE.queueName })
  addWorkflow(tx, state, {
    friendly_name: FIFO_TEMPLATE.workflowName,
    configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queue.sid } } }),
  })
}

export function updateWorkspace(ctx: EngineContext, input: MethodParsedInput<'workspaces.update'>): Outcome<Workspace> {
  const state = ctx.workspace(input.sid, 'sid')
  const current = state.record
  if (input.friendly_name !== undefined) ctx.workspaceNames.assertNameFree(input.friendly_name, current.sid)
  if (input.default_activity_sid !== undefined) state.activities.get(input.default_activity_sid, 'default_activity_sid')
  if (input.timeout_activity_sid !== undefined) state.activities.get(input.timeout_activity_sid, 'timeout_activity_sid')
  if (input.multi_task_enabled === false && current.multi_task_enabled) {
    throw new ConflictError('A multitasking workspace cannot go back to single-tasking (as in TaskRouter)', 'multi_task_enabled')
  }
  const tx = ctx.begin()
  const record: WorkspaceRecord = {
    ...current,
    friendly_name: input.friendly_name ?? current.friendly_name,
    default_activity_sid: input.default_activity_sid ?? current.default_activity_sid,
    timeout_activity_sid: input.timeout_activity_sid ?? current.timeout_activity_sid,
    multi_task_enabled: input.multi_task_enabled ?? current.multi_task_enabled,
    prioritize_queue_order: input.prioritize_queue_order ?? current.prioritize_queue_order,
    event_callback_url: input.event_callback_url ?? current.event_callback_url,
    events_filter: input.events_filter !== undefined ? input.events_filter || null : current.events_filter,
    date_updated: tx.now,
  }
  state.record = record
  ctx.workspaceNames.set(record)
  tx.put('workspaces', record)
  tx.emit({ workspaceSid: record.sid, type: 'workspace.updated', resourceType: 'workspace', resourceSid: record.sid, description: `Workspace ${record.friendly_name} updated`, data: workspaceData(record) })
  return tx.outcome(workspaceView(state))
}

/** Deletes the workspace and everything in it. */
export function deleteWorkspace(ctx: EngineContext, input: MethodParsedInput<'workspaces.delete'>): Outcome<{ deleted: true }> {
  const state = ctx.workspace(input.sid, 'sid')
  const tx = ctx.begin()
  tx.purgeWorkspace(state.sid)
  ctx.workspaces.delete(state.sid)
  ctx.workspaceNames.remove(state.sid)
  tx.emit({ workspaceSid: state.sid, type: 'workspace.deleted', resourceType: 'workspace', resourceSid: state.sid, description: `Workspace ${state.record.friendly_name} deleted`, data: workspaceData(state.record) })
  return tx.outcome({ deleted: true })
}

function workspaceData(record: WorkspaceRecord): Record<string, string> {
  return { workspace_sid: record.sid, workspace_name: record.friendly_name }
}
