import type { TaskRecord } from '../model'
import type { WorkspaceState } from '../configuration/workspaceState'
import { workerCanTakeOn } from './availability'
import type { TaskRuntime, WorkerRuntime } from './runtime'

/**
 * Direct-to-worker routing: a task created with `RoutingTarget=WK...` (REFERENCE §2.2 CreateTask,
 * "Routing target"). Choices where TaskRouter documents nothing:
 * - the task enters no workflow and no queue (workflow_sid, task_queue_sid and the reservation's
 *   task_queue_sid stay null), so it emits task.created then the reservation.* events, never
 *   workflow.* or task-queue.* events; its reservations time out after 120 s, as for a task
 *   placed directly in a queue;
 * - IgnoreCapacity (default true): the worker is offered the task whatever its activity and
 *   load; with false, it must be able to take work on the channel like any queue candidate
 *   (available activity and free capacity, REFERENCE §6.2). Either way the worker needs the
 *   task's channel switched on: a channel a worker turned off takes no tasks at all;
 * - one reservation at a time; while none can be made (or after a reject or timeout), the task
 *   waits in the worker's `direct` set and is offered again when the worker next looks for
 *   work (activity, channel or load change); its TTL still applies.
 */

export function isWorkerTarget(record: TaskRecord): boolean {
  return typeof record.routing_target === 'string' && record.routing_target.startsWith('WK')
}

/** Whether `worker` can be offered the direct task `task` now. */
export function canTakeDirect(state: WorkspaceState, worker: WorkerRuntime, task: TaskRuntime): boolean {
  const channelSid = task.record.task_channel_sid
  if (task.record.ignore_capacity === false) return workerCanTakeOn(state, worker, channelSid)
  return state.workerChannels.get(worker.sid)?.get(channelSid)?.available === true
}

/** The worker's waiting direct tasks, best first: priority (high first), then oldest. */
export function waitingDirectTasks(state: WorkspaceState, worker: WorkerRuntime): TaskRuntime[] {
  const waiting: TaskRuntime[] = []
  for (const taskSid of worker.direct) {
    const task = state.tasks.get(taskSid)
    if (task && task.pending.size === 0) waiting.push(task)
  }
  return waiting.sort((a, b) => b.record.priority - a.record.priority || a.record.virtual_start_time - b.record.virtual_start_time || a.record.date_created - b.record.date_created)
}

/** The worker a direct task waits for (undefined when it is gone). */
export function targetWorkerOf(state: WorkspaceState, task: TaskRuntime): WorkerRuntime | undefined {
  return isWorkerTarget(task.record) ? state.workerRuntime.get(task.record.routing_target!) : undefined
}
