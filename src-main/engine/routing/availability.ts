import type { WorkspaceState } from '../configuration/workspaceState'
import type { QueueRuntime, WorkerRuntime } from './runtime'

/**
 * Per queue and channel, the members that can take a reservation now, in longest-idle order
 * (decision 9: idleSince, then SID), so matching a task reads the head instead of scanning and
 * sorting every member (DESIGN "Matching must not rescan the world").
 *
 * An index is built from the queue's members the first time a task of that channel is matched
 * in the queue, then kept up to date by `touchWorker` (load, activity, capacity or idle time of
 * a worker changed) and by membership changes. It is a binary heap with lazy deletion: `current`
 * holds each indexed worker's live entry; an entry that is not the live one is stale and is
 * skipped, and the heap is compacted when stale entries outnumber live ones. Readers still check
 * `canTakeOn` on every entry they use, so a change made outside the routing code (a channel
 * record replaced before its tryAssignWorker) can only leave an extra entry, never lose one.
 */
export interface AvailableEntry {
  readonly worker: WorkerRuntime
  readonly idle: number
  readonly sid: string
}

function before(a: AvailableEntry, b: AvailableEntry): boolean {
  return a.idle < b.idle || (a.idle === b.idle && a.sid < b.sid)
}

export class AvailableWorkers {
  /** Binary min-heap by (idle, sid); may hold stale entries. */
  readonly heap: AvailableEntry[] = []
  /** The live entry of every indexed worker. */
  readonly current = new Map<WorkerRuntime, AvailableEntry>()

  /**
   * `multiTask`: the workspace mode the index was built for (it changes what canTakeOn means);
   * `channelOptimized`: the channel's setting it was built for (it changes the idle order).
   */
  constructor(
    readonly channelSid: string,
    readonly multiTask: boolean,
    readonly channelOptimized: boolean = false,
  ) {}

  upsert(worker: WorkerRuntime): void {
    const idle = worker.idleOn(this.channelSid, this.channelOptimized)
    const live = this.current.get(worker)
    if (live && live.idle === idle) return
    const entry: AvailableEntry = { worker, idle, sid: worker.sid }
    this.current.set(worker, entry)
    if (this.heap.length > 2 * this.current.size + 64) this.compact()
    else this.push(entry)
  }

  remove(worker: WorkerRuntime): void {
    this.current.delete(worker)
  }

  /** Visits the live entries in (idle, sid) order, without changing the heap, until `visit` returns false. */
  visitInOrder(visit: (worker: WorkerRuntime) => boolean): void {
    const heap = this.heap
    while (heap.length > 0 && this.current.get(heap[0]!.worker) !== heap[0]) this.popTop()
    if (heap.length === 0) return
    // Best-first walk of the heap tree: a small heap of heap indexes, smallest entry first.
    const frontier = [0]
    while (frontier.length > 0) {
      const index = popIndex(heap, frontier)
      const entry = heap[index]!
      if (this.current.get(entry.worker) === entry && !visit(entry.worker)) return
      const left = 2 * index + 1
      if (left < heap.length) pushIndex(heap, frontier, left)
      if (left + 1 < heap.length) pushIndex(heap, frontier, left + 1)
    }
  }

  private push(entry: AvailableEntry): void {
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
    const live = [...this.current.values()].sort((a, b) => (before(a, b) ? -1 : 1))
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

/** The queue's index for a channel, built from its members on first use (or after the workspace mode or the channel's routing setting changed). */
export function availableOn(state: WorkspaceState, queue: QueueRuntime, channelSid: string): AvailableWorkers {
  let index = queue.available.get(channelSid)
  const optimized = state.channels.find(channelSid)?.channel_optimized_routing ?? false
  if (index && index.multiTask === state.record.multi_task_enabled && index.channelOptimized === optimized) return index
  index = new AvailableWorkers(channelSid, state.record.multi_task_enabled, optimized)
  for (const workerSid of queue.members) {
    const worker = state.workerRuntime.get(workerSid)
    if (worker && workerCanTakeOn(state, worker, channelSid)) index.upsert(worker)
  }
  queue.available.set(channelSid, index)
  return index
}

/**
 * Brings a worker's entries up to date in every index of its queues: after its load, activity,
 * channels or idle time changed. Cost: the worker's queues that have an index.
 */
export function touchWorker(state: WorkspaceState, worker: WorkerRuntime): void {
  if (state.workerRuntime.get(worker.sid) !== worker) return
  let lastChannel = ''
  let lastAble = false
  for (const queueSid of worker.queues) {
    const queue = state.queueRuntime.get(queueSid)
    if (!queue || queue.available.size === 0) continue
    for (const index of queue.available.values()) {
      const channelSid = index.channelSid
      if (channelSid !== lastChannel) {
        lastChannel = channelSid
        lastAble = workerCanTakeOn(state, worker, channelSid)
      }
      if (lastAble) index.upsert(worker)
      else index.remove(worker)
    }
  }
}

/** A worker joined a queue: add it to the queue's indexes where it can take work. */
export function joinedQueue(state: WorkspaceState, queue: QueueRuntime, worker: WorkerRuntime): void {
  for (const index of queue.available.values()) {
    if (workerCanTakeOn(state, worker, index.channelSid)) index.upsert(worker)
  }
}

export function leftQueue(queue: QueueRuntime, worker: WorkerRuntime): void {
  for (const index of queue.available.values()) index.remove(worker)
}
