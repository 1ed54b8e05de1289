import type { WorkspaceState } from '../configuration/workspaceState'
import type { QueueRuntime, WorkerRuntime } from './runtime'
import { joinedQueue, leftQueue } from './availability'

/**
 * Queue membership (which workers a queue's target_workers selects) is computed when a worker
 * or a queue changes, never per task: one worker against every queue, or one queue against
 * every worker.
 */
export function refreshWorkerMembership(state: WorkspaceState, worker: WorkerRuntime, now: number): void {
  const input = { now, worker }
  for (const queue of state.queueRuntime.values()) setMembership(state, queue, worker, queue.targetWorkers.evaluate(input))
}

export function refreshQueueMembership(state: WorkspaceState, queue: QueueRuntime, now: number): void {
  const input: { now: number; worker: WorkerRuntime | undefined } = { now, worker: undefined }
  for (const worker of state.workerRuntime.values()) {
    input.worker = worker
    setMembership(state, queue, worker, queue.targetWorkers.evaluate(input))
  }
}

export function removeWorkerFromQueues(state: WorkspaceState, worker: WorkerRuntime): void {
  for (const queueSid of worker.queues) {
    const queue = state.queueRuntime.get(queueSid)
    if (!queue) continue
    queue.members.delete(worker.sid)
    leftQueue(queue, worker)
  }
  worker.queues.clear()
  worker.queuesVersion += 1
}

export function removeQueue(state: WorkspaceState, queue: QueueRuntime): void {
  for (const workerSid of queue.members) state.workerRuntime.get(workerSid)?.queues.delete(queue.sid)
  state.queueRuntime.delete(queue.sid)
}

function setMembership(state: WorkspaceState, queue: QueueRuntime, worker: WorkerRuntime, member: boolean): void {
  if (member) {
    if (queue.members.has(worker.sid)) return
    queue.members.add(worker.sid)
    worker.queues.add(queue.sid)
    worker.queuesVersion += 1
    joinedQueue(state, queue, worker)
  } else {
    if (!queue.members.has(worker.sid)) return
    queue.members.delete(worker.sid)
    worker.queues.delete(queue.sid)
    worker.queuesVersion += 1
    leftQueue(queue, worker)
  }
}
