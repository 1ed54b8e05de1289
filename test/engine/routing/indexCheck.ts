import { expect } from 'vitest'
import type { WorkspaceState } from '../../../src-main/engine/configuration/workspaceState'
import { workerCanTakeOn } from '../../../src-main/engine/routing/availability'

/**
 * The routing indexes recounted from the records: every worker that can take work on a channel
 * has exactly one live entry in each of its queues' index for that channel, with its current
 * idle time, and no live entry is of someone outside the queue; every queue's waiting order
 * holds exactly its waiting tasks, in the order the records give (FIFO: priority, then start
 * time, then creation; LIFO: newest).
 */
export function checkRoutingIndexes(state: WorkspaceState): void {
  for (const queue of state.queueRuntime.values()) {
    for (const [channelSid, index] of queue.available) {
      if (index.multiTask !== state.record.multi_task_enabled) continue // rebuilt at its next use
      const live = index.heap.filter((entry) => entry.stamp === entry.slot.stamp)
      for (const workerSid of queue.members) {
        const worker = state.workerRuntime.get(workerSid)!
        if (!workerCanTakeOn(state, worker, channelSid)) continue
        const entries = live.filter((entry) => entry.worker === worker)
        expect(entries.length, `${worker.friendly_name} has one live entry in the ${channelSid} index of queue ${queue.sid}`).toBe(1)
        expect(entries[0]!.idle, `${worker.friendly_name} is in the ${channelSid} index of queue ${queue.sid} with its idle time`).toBe(worker.idleOn(channelSid, index.channelOptimized))
        expect(entries[0]!.slot, 'the entry belongs to the worker\'s slot for the channel').toBe(worker.slots.get(channelSid))
      }
      for (const entry of live) {
        expect(queue.members.has(entry.worker.sid), `${entry.worker.friendly_name} indexed in ${queue.sid} is a member`).toBe(true)
        expect(state.workerRuntime.get(entry.worker.sid)).toBe(entry.worker)
      }
      for (let i = 1; i < index.heap.length; i++) {
        const parent = index.heap[(i - 1) >> 1]!
        const child = index.heap[i]!
        expect(parent.idle < child.idle || (parent.idle === child.idle && parent.sid <= child.sid), 'heap order').toBe(true)
      }
    }
    const record = state.queues.find(queue.sid)!
    const ordered = queue.tasks.ordered(state.tasks, record.task_order).filter((entry) => entry.alive).map((entry) => entry.sid)
    const insertion = [...queue.tasks]
    const byRecords = insertion.slice().sort((a, b) => {
      const x = state.tasks.get(a)!.record
      const y = state.tasks.get(b)!.record
      const key = record.task_order === 'LIFO' ? y.virtual_start_time - x.virtual_start_time : y.priority - x.priority || x.virtual_start_time - y.virtual_start_time || x.date_created - y.date_created
      return key || insertion.indexOf(a) - insertion.indexOf(b)
    })
    expect(ordered, `waiting order of queue ${queue.sid}`).toEqual(byRecords)
  }
}
