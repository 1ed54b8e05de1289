import type { WorkspaceState } from '../configuration/workspaceState'
import type { QueueRuntime, WorkerRuntime } from './runtime'

/**
 * Per queue and channel, the members that can take a reservation now, in longest-idle order
 * (decision 9: idleSince, then SID), so matching a task reads the head instead of scanning and
 * sorting every member (DESIGN "Matching must not rescan the world").
 *
 * Each index is a binary min-heap with lazy deletion. A worker has one `ChannelSlot` per
 * channel, shared by all its queues' indexes of that channel: an entry is live while its stamp
 * equals the slot's. Whatever makes a worker unable to take work on a channel bumps the stamp
 * once (O(1), however many queues it is in); only becoming able again, or a new idle time while
 * able, pushes fresh entries into its queues' indexes. Most load changes (a multitasking worker
 * with capacity left) change neither, and cost one comparison per channel.
 *
 * Invariant, per index of queue Q and channel C whose mode matches the workspace: the workers
 * with a live entry are exactly Q's members that could take work on C when last synced, each
 * once, keyed by its idle time on C. Readers still check `workerCanTakeOn` and membership on
 * every entry they use, so a change made outside the routing code can only leave an extra
 * entry until the next sync, never lose one.
 */

/** A worker's standing in every index of one channel: what its live entries say. */
export class ChannelSlot {
  /** Entries carrying another stamp are dead. */
  stamp = 0
  able = false
  idle = 0
}

export interface AvailableEntry {
  readonly worker: WorkerRuntime
  readonly idle: number
  readonly sid: string
  readonly slot: ChannelSlot
  readonly stamp: number
}

function isLive(entry: AvailableEntry): boolean {
  return entry.stamp === entry.slot.stamp
}

function before(a: AvailableEntry, b: AvailableEntry): boolean {
  return a.idle < b.idle || (a.idle === b.idle && a.sid < b.sid)
}

export class AvailableWorkers {
  /** Binary min-heap by (idle, sid); may hold dead entries. */
  readonly heap: AvailableEntry[] = []
  /** Reused by visitInOrder: heap indexes still to visit, best first. */
  private readonly frontier: number[] = []

  /**
   * `multiTask`: the workspace mode the index was built for (it changes what canTakeOn means);
   * `channelOptimized`: the channel's setting it was built for (it changes the idle order);
   * `members`: the queue's members, which bound the live entries (for compaction).
   */
  constructor(
    readonly channelSid: string,
    readonly multiTask: boolean,
    readonly channelOptimized: boolean,
    private readonly members: ReadonlySet<string>,
  ) {}

  /** Adds the worker's live entry for its slot's current stamp. */
  push(worker: WorkerRuntime, slot: ChannelSlot): void {
    const entry: AvailableEntry = { worker, idle: slot.idle, sid: worker.sid, slot, stamp: slot.stamp }
    if (this.heap.length > 2 * this.members.size + 64) this.compact()
    const heap = this.heap
    let index = heap.length
    heap.push(entry)
    while (index > 0) {
      const parent = (index - 1) >> 1
      if (!before(entry, heap[parent]!)) break
      heap[index] = heap[parent]!
      index = parent
    }
    heap[index] = entry
  }

  /** The workers with a live entry, in no particular order. */
  *liveWorkers(): IterableIterator<WorkerRuntime> {
    for (const entry of this.heap) if (isLive(entry)) yield entry.worker
  }

  /** Visits the live entries in (idle, sid) order, without changing the heap, until `visit` returns false. */
  visitInOrder(visit: (worker: WorkerRuntime) => boolean): void {
    const heap = this.heap
    while (heap.length > 0 && !isLive(heap[0]!)) this.popTop()
    if (heap.length === 0) return
    // Best-first walk of the heap tree: a small heap of heap indexes, smallest entry first.
    const frontier = this.frontier
    frontier.length = 0
    frontier.push(0)
    while (frontier.length > 0) {
      const index = popIndex(heap, frontier)
      const entry = heap[index]!
      if (isLive(entry) && !visit(entry.worker)) break
      const left = 2 * index + 1
      if (left < heap.length) pushIndex(heap, frontier, left)
      if (left + 1 < heap.length) pushIndex(heap, frontier, left + 1)
    }
    frontier.length = 0
  }

  private popTop(): void {
    const heap = this.heap
    const last = heap.pop()!
    if (heap.length === 0) return
    let index = 0
    const length = heap.length
    for (;;) {
      const left = 2 * index + 1
      if (left >= length) break
      const right = left + 1
      const child = right < length && before(heap[right]!, heap[left]!) ? right : left
      if (!before(heap[child]!, last)) break
      heap[index] = heap[child]!
      index = child
    }
    heap[index] = last
  }

  private compact(): void {
    const live = this.heap.filter(isLive).sort((a, b) => (before(a, b) ? -1 : 1))
    this.heap.length = 0
    // A sorted array is a valid min-heap.
    for (const entry of live) this.heap.push(entry)
  }
}

function pushIndex(heap: AvailableEntry[], frontier: number[], value: number): void {
  let index = frontier.length
  frontier.push(value)
  const entry = heap[value]!
  while (index > 0) {
    const parent = (index - 1) >> 1
    if (!before(entry, heap[frontier[parent]!]!)) break
    frontier[index] = frontier[parent]!
    index = parent
  }
  frontier[index] = value
}

function popIndex(heap: AvailableEntry[], frontier: number[]): number {
  const top = frontier[0]!
  const last = frontier.pop()!
  if (frontier.length === 0) return top
  const length = frontier.length
  const lastEntry = heap[last]!
  let index = 0
  for (;;) {
    const left = 2 * index + 1
    if (left >= length) break
    const right = left + 1
    const child = right < length && before(heap[frontier[right]!]!, heap[frontier[left]!]!) ? right : left
    if (!before(heap[frontier[child]!]!, lastEntry)) break
    frontier[index] = frontier[child]!
    index = child
  }
  frontier[index] = last
  return top
}

/**
 * Whether a worker can take a new reservation on a channel now (REFERENCE §6.2, §6.4):
 * an available activity, the worker channel switched on with capacity, and free capacity
 * (pending + accepted + wrapping, decision 10) in a multitasking workspace, or no active
 * reservation at all in a single-tasking one.
 */
export function workerCanTakeOn(state: WorkspaceState, worker: WorkerRuntime, channelSid: string): boolean {
  if (!worker.available) return false
  const channel = state.workerChannels.get(worker.sid)?.get(channelSid)
  if (!channel || !channel.available || channel.configured_capacity <= 0) return false
  if (!state.record.multi_task_enabled) return worker.active.size === 0
  const load = worker.load.get(channelSid)
  const used = load ? load.pending + load.accepted + load.wrapping : 0
  return used < channel.configured_capacity
}

/**
 * Brings the worker's slot for a channel up to date. When what its entries say changed, they
 * all die at once and, if it can take work, fresh ones go into every index of that channel in
 * its queues. Returns whether the slot changed.
 */
function syncSlot(state: WorkspaceState, worker: WorkerRuntime, channelSid: string, slot: ChannelSlot): boolean {
  const able = workerCanTakeOn(state, worker, channelSid)
  const idle = able ? worker.idleOn(channelSid, state.channels.find(channelSid)?.channel_optimized_routing ?? false) : 0
  if (able === slot.able && idle === slot.idle) return false
  slot.stamp += 1
  slot.able = able
  slot.idle = idle
  if (able) {
    for (const queueSid of worker.queues) state.queueRuntime.get(queueSid)?.available.get(channelSid)?.push(worker, slot)
  }
  return true
}

/** Kills every entry of the worker on a channel and syncs it again (its queues changed). */
function resyncSlot(state: WorkspaceState, worker: WorkerRuntime, channelSid: string): void {
  const slot = worker.slotOn(channelSid)
  slot.stamp += 1
  slot.able = false
  slot.idle = 0
  syncSlot(state, worker, channelSid, slot)
}

/** The queue's index for a channel, built from its members on first use (or after the workspace mode or the channel's routing setting changed). */
export function availableOn(state: WorkspaceState, queue: QueueRuntime, channelSid: string): AvailableWorkers {
  let index = queue.available.get(channelSid)
  const optimized = state.channels.find(channelSid)?.channel_optimized_routing ?? false
  if (index && index.multiTask === state.record.multi_task_enabled && index.channelOptimized === optimized) return index
  index = new AvailableWorkers(channelSid, state.record.multi_task_enabled, optimized, queue.members)
  queue.available.set(channelSid, index)
  for (const workerSid of queue.members) {
    const worker = state.workerRuntime.get(workerSid)
    if (!worker) continue
    const slot = worker.slotOn(channelSid)
    // A slot that changed has already pushed into this index (it is registered above).
    if (!syncSlot(state, worker, channelSid, slot) && slot.able) index.push(worker, slot)
  }
  return index
}

/**
 * Brings a worker's entries up to date after its load, activity, channels or idle time
 * changed. Cost: one check per channel it is indexed on, plus one push per queue of a channel
 * on which it became able to take work or got a new idle time.
 */
export function touchWorker(state: WorkspaceState, worker: WorkerRuntime): void {
  if (state.workerRuntime.get(worker.sid) !== worker) return
  for (const [channelSid, slot] of worker.slots) syncSlot(state, worker, channelSid, slot)
}

/** The worker's queues changed: its entries on these channels are renewed (none may stay in a queue it left). */
export function renewEntries(state: WorkspaceState, worker: WorkerRuntime, channelSids: Iterable<string>): void {
  for (const channelSid of channelSids) resyncSlot(state, worker, channelSid)
}

/** The worker is gone: every entry of it dies. */
export function forgetWorker(worker: WorkerRuntime): void {
  for (const slot of worker.slots.values()) {
    slot.stamp += 1
    slot.able = false
  }
}
