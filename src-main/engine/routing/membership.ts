import type { WorkspaceState } from '../configuration/workspaceState'
import type { QueueRuntime, WorkerRuntime } from './runtime'
import { forgetWorker, renewEntries } from './availability'

/**
 * Queue membership (which workers a queue's target_workers selects) is computed when a worker
 * or a queue changes, never per task: one worker against every queue, or one queue against
 * every worker.
 */
export function refreshWorkerMembership(state: WorkspaceState, worker: WorkerRuntime, now: number): void {
  const input = { now, worker }
  let touchedChannels: Set<string> | undefined
  for (const queue of state.queueRuntime.values()) {
    if (!setMembership(queue, worker, queue.targetWorkers.evaluate(input)) || queue.available.size === 0) continue
    touchedChannels ??= new Set()
    for (const channelSid of queue.available.keys()) touchedChannels.add(channelSid)
  }
  // Once per channel, however many queues it joined or left.
  if (touchedChannels) renewEntries(state, worker, touchedChannels)
}

export function refreshQueueMembership(state: WorkspaceState, queue: QueueRuntime, now: number): void {
  // The queue's availability indexes are rebuilt from the new members on their next use.
  queue.available.clear()
  const input: { now: number; worker: WorkerRuntime | undefined } = { now, worker: undefined }
  for (const worker of state.workerRuntime.values()) {
    input.worker = worker
    setMembership(queue, worker, queue.targetWorkers.evaluate(input))
  }
}

export function removeWorkerFromQueues(state: WorkspaceState, worker: WorkerRuntime): void {
  for (const queueSid of worker.queues) state.queueRuntime.get(queueSid)?.members.delete(worker.sid)
  forgetWorker(worker)
  worker.queues.clear()
  worker.queuesVersion += 1
}

export function removeQueue(state: WorkspaceState, queue: QueueRuntime): void {
  for (const workerSid of queue.members) {
    const worker = state.workerRuntime.get(workerSid)
    if (!worker?.queues.delete(queue.sid)) continue
    worker.queuesVersion += 1
  }
  state.queueRuntime.delete(queue.sid)
}

/** Returns whether the membership changed. */
function setMembership(queue: QueueRuntime, worker: WorkerRuntime, member: boolean): boolean {
  if (member === queue.members.has(worker.sid)) return false
  if (member) {
    queue.members.add(worker.sid)
    worker.queues.add(queue.sid)
  } else {
    queue.members.delete(worker.sid)
    worker.queues.delete(queue.sid)
  }
  worker.queuesVersion += 1
  return true
}
