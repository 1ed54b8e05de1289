import type { MethodParsedInput } from '../../contract/methods'
import type { Activity } from '../../contract/resources'
import { SidPrefix } from '../../contract/sids'
import { ConflictError } from '../errors'
import type { ActivityRecord, Outcome } from '../model'
import type { Transaction } from '../transaction'
import type { EngineContext } from './context'
import { fold } from './namedCollection'
import { activityView } from './views'
import type { WorkspaceState } from './workspaceState'
import { assertBelowLimit, resourceLimits } from './limits'

export function listActivities(ctx: EngineContext, input: MethodParsedInput<'activities.list'>): Activity[] {
  const state = ctx.workspace(input.workspace_sid)
  const out: Activity[] = []
  for (const activity of state.activities.values()) {
    if (input.friendly_name !== undefined && fold(activity.friendly_name) !== fold(input.friendly_name)) continue
    if (input.available !== undefined && activity.available !== input.available) continue
    out.push(activityView(activity))
  }
  return out
}

export function getActivity(ctx: EngineContext, input: MethodParsedInput<'activities.get'>): Activity {
  return activityView(ctx.workspace(input.workspace_sid).activities.get(input.sid))
}

/** Adds an activity to a workspace inside an open transaction (also used for defaults). */
export function addActivity(tx: Transaction, state: WorkspaceState, friendlyName: string, available: boolean): ActivityRecord {
  state.activities.assertNameFree(friendlyName)
  assertBelowLimit(state.activities.size, resourceLimits.activities, 'activities')
  const record: ActivityRecord = {
    sid: tx.ids.sid(SidPrefix.Activity),
    workspace_sid: state.sid,
    friendly_name: friendlyName,
    available,
    date_created: tx.now,
    date_updated: tx.now,
  }
  state.activities.set(record)
  tx.put('activities', record)
  tx.emit({ workspaceSid: state.sid, type: 'activity.created', resourceType: 'activity', resourceSid: record.sid, description: `Activity ${friendlyName} created`, data: activityData(record) })
  return record
}

export function createActivity(ctx: EngineContext, input: MethodParsedInput<'activities.create'>): Outcome<Activity> {
  const state = ctx.workspace(input.workspace_sid)
  const tx = ctx.begin()
  // TaskRouter: "Available=true" makes it available; anything else means unavailable.
  const record = addActivity(tx, state, input.friendly_name, input.available ?? false)
  return tx.outcome(activityView(record))
}

/** Only the name can change: `available` is fixed at creation (REFERENCE §1.4). */
export function updateActivity(ctx: EngineContext, input: MethodParsedInput<'activities.update'>): Outcome<Activity> {
  const state = ctx.workspace(input.workspace_sid)
  const current = state.activities.get(input.sid)
  if (input.friendly_name !== undefined) state.activities.assertNameFree(input.friendly_name, current.sid)
  const tx = ctx.begin()
  const record: ActivityRecord = { ...current, friendly_name: input.friendly_name ?? current.friendly_name, date_updated: tx.now }
  state.activities.set(record)
  tx.put('activities', record)
  tx.emit({ workspaceSid: state.sid, type: 'activity.updated', resourceType: 'activity', resourceSid: record.sid, description: `Activity ${record.friendly_name} updated`, data: activityData(record) })
  return tx.outcome(activityView(record))
}

/** Refused while anything uses the activity; the message says what, so the admin can fix it. */
export function deleteActivity(ctx: EngineContext, input: MethodParsedInput<'activities.delete'>): Outcome<{ deleted: true }> {
  const state = ctx.workspace(input.workspace_sid)
  const activity = state.activities.get(input.sid)
  const label = `Activity '${activity.friendly_name}' (${activity.sid})`
  if (state.record.default_activity_sid === activity.sid) {
    throw new ConflictError(`${label} is the workspace's default activity; choose another default activity first`, 'sid', { used_by: [state.sid] })
  }
  if (state.record.timeout_activity_sid === activity.sid) {
    throw new ConflictError(`${label} is the workspace's timeout activity; choose another timeout activity first`, 'sid', { used_by: [state.sid] })
  }
  const queues = [...state.queues.values()].filter((queue) => queue.reservation_activity_sid === activity.sid || queue.assignment_activity_sid === activity.sid)
  if (queues.length > 0) {
    throw new ConflictError(`${label} is the reservation or assignment activity of task queue${queues.length > 1 ? 's' : ''} ${queues.map((queue) => `'${queue.friendly_name}'`).join(', ')}`, 'sid', { used_by: queues.map((queue) => queue.sid) })
  }
  let workerCount = 0
  let example = ''
  for (const worker of state.workers.values()) {
    if (worker.activity_sid === activity.sid) {
      workerCount += 1
      example ||= worker.friendly_name
    }
  }
  if (workerCount > 0) {
    throw new ConflictError(`${label} is the current activity of ${workerCount} worker${workerCount > 1 ? 's' : ''} (e.g. '${example}'); move them to another activity first`, 'sid', { worker_count: workerCount })
  }
  const tx = ctx.begin()
  state.activities.remove(activity.sid)
  tx.delete('activities', activity.sid)
  tx.emit({ workspaceSid: state.sid, type: 'activity.deleted', resourceType: 'activity', resourceSid: activity.sid, description: `Activity ${activity.friendly_name} deleted`, data: activityData(activity) })
  return tx.outcome({ deleted: true })
}

function activityData(record: ActivityRecord): Record<string, string | boolean> {
  return { activity_sid: record.sid, activity_name: record.friendly_name, activity_available: record.available }
}
