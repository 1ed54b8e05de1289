import type { WorkspaceState } from '../configuration/workspaceState'
import type { QueueRuntime, WorkerRuntime } from './runtime'

/**
 * Queue membership (which workers a queue's target_workers selects) is computed when a worker
 * or a queue changes, never per task: one worker against every queue, or one queue against
 * every worker.
 */
export function refreshWorkerMembership(state: WorkspaceState, worker: WorkerRuntime, now: number): void {
  for (const queue of state.queueRuntime.values()) setMembership(queue, worker, queue.targetWorkers.evaluate({ now, worker }))
}

export function refreshQueueMembership(state: WorkspaceState, queue: QueueRuntime, now: number): void {
  for (const worker of state.workerRuntime.values()) setMembership(queue, worker, queue.targetWorkers.evaluate({ now, worker }))
}

export function removeWorkerFromQueues(state: WorkspaceState, worker: WorkerRuntime): void {
  for (const queueSid of worker.queues) state.queueRuntime.get(queueSid)?.members.delete(worker.sid)
  worker.queues.clear()
}

export function removeQueue(state: WorkspaceState, queue: QueueRuntime): void {
  for (const workerSid of queue.members) state.workerRuntime.get(workerSid)?.queues.delete(queue.sid)
  state.queueRuntime.delete(queue.sid)
}

function setMembership(queue: QueueRuntime, worker: WorkerRuntime, member: boolean): void {
  if (member) {
    queue.members.add(worker.sid)
    worker.queues.add(queue.sid)
  } else {
    queue.members.delete(worker.sid)
    worker.queues.delete(queue.sid)
  }
}
