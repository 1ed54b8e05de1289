import type { ChannelProperty, EvalRecord, AttributeObject } from '../expression/context'
import type { CompiledExpression } from '../expression/compile'
import type { TaskRecord, WorkerRecord } from '../model'
import type { WorkspaceState } from '../configuration/workspaceState'
import { ChannelSlot, type AvailableWorkers } from './availability'

/**
 * Routing indexes kept beside the stored records: parsed attributes, queue membership,
 * per-channel load, which tasks wait in which queue. Never persisted; rebuilt at load and
 * kept up to date incrementally by every command (DESIGN "Matching must not rescan the world").
 */

/** Reservations a worker holds on one channel (decision 10 counts all three). */
export interface ChannelLoad {
  pending: number
  accepted: number
  wrapping: number
}

/** A worker as expressions see it: attributes plus fields and channels, read live. */
export class WorkerRuntime implements EvalRecord {
  attributes: AttributeObject
  /** Queues whose target_workers select this worker. */
  readonly queues = new Set<string>()
  /** Bumped whenever `queues` changes, so readers can cache what they derive from it. */
  queuesVersion = 0
  /** Reservations in pending, accepted or wrapping. */
  readonly active = new Set<string>()
  readonly load = new Map<string, ChannelLoad>()
  /** Per channel, the worker's standing in its queues' availability indexes (availability.ts). */
  readonly slots = new Map<string, ChannelSlot>()
  /** Waiting tasks routed straight to this worker (RoutingTarget=WK..., directRouting.ts). */
  readonly direct = new Set<string>()

  constructor(
    private readonly state: WorkspaceState,
    public record: WorkerRecord,
  ) {
    this.attributes = parseAttributes(record.attributes)
  }

  get sid(): string {
    return this.record.sid
  }

  get friendly_name(): string {
    return this.record.friendly_name
  }

  get activity_sid(): string {
    return this.record.activity_sid
  }

  get activity_name(): string {
    return this.state.activities.find(this.record.activity_sid)?.friendly_name ?? ''
  }

  /** Whether the worker's activity is an available one. */
  get available(): boolean {
    return this.state.activities.find(this.record.activity_sid)?.available ?? false
  }

  /**
   * Longest idle first (decision 9): the time of the last accepted reservation, or since the
   * worker last became available when it has none.
   */
  get idleSince(): number {
    return this.record.date_last_assigned ?? this.record.date_status_changed
  }

  /**
   * Idle time for a channel's tasks: per worker, or per (worker, channel) when the channel uses
   * channel-optimized routing (decision 9): since the last accepted reservation on that channel,
   * else since the worker last changed activity.
   */
  idleOn(channelSid: string, channelOptimized: boolean): number {
    if (!channelOptimized) return this.idleSince
    return this.state.workerChannels.get(this.record.sid)?.get(channelSid)?.date_last_assigned ?? this.record.date_status_changed
  }

  loadOn(channelSid: string): ChannelLoad {
    let load = this.load.get(channelSid)
    if (!load) {
      load = { pending: 0, accepted: 0, wrapping: 0 }
      this.load.set(channelSid, load)
    }
    return load
  }

  slotOn(channelSid: string): ChannelSlot {
    let slot = this.slots.get(channelSid)
    if (!slot) {
      slot = new ChannelSlot()
      this.slots.set(channelSid, slot)
    }
    return slot
  }

  channel(uniqueName: string, property: ChannelProperty): number | boolean | null | undefined {
    const taskChannel = this.state.findChannelByUniqueName(uniqueName)
    if (!taskChannel) return null
    const channel = this.state.workerChannels.get(this.record.sid)?.get(taskChannel.sid)
    if (!channel) return null
    const load = this.load.get(taskChannel.sid)
    switch (property) {
      case 'configured_capacity':
        return channel.configured_capacity
      case 'assigned_tasks':
        return load?.accepted ?? 0
      case 'available':
        return channel.available
      case 'available_capacity_percentage':
        return capacityPercentage(channel.configured_capacity, channel.available, load)
    }
  }
}

/** Decision 10: floor((1 - used/configured) * 100); 0 when capacity is 0 or the channel is off. */
export function capacityPercentage(configured: number, available: boolean, load: ChannelLoad | undefined): number {
  if (configured === 0 || !available) return 0
  const used = load ? load.pending + load.accepted + load.wrapping : 0
  return Math.max(0, Math.floor((1 - used / configured) * 100))
}

/** A waiting task's place in its queue, with the ordering fields as they were when it was placed. */
export interface WaitingEntry {
  readonly sid: string
  /** Insertion order into the set: ties go to the task that entered first. */
  readonly seq: number
  priority: number
  virtualStart: number
  created: number
  alive: boolean
  /** In `sorted` (else still waiting in `unplaced`). */
  placed: boolean
}

/**
 * The tasks waiting in a queue: a Set of SIDs (insertion order kept, as everything else reads
 * it) that also keeps them in the queue's order, so finding work for a worker reads the head
 * instead of scanning. FIFO: priority (high first), then oldest virtual_start_time, then
 * date_created; LIFO: newest virtual_start_time, priority ignored (REFERENCE §6.1). Equal keys
 * keep insertion order. Additions are placed lazily (the set may be filled before the tasks'
 * records are at hand, e.g. at load); `rekey` re-places a task whose priority or start time changed.
 */
export class WaitingTasks extends Set<string> {
  private seq = 0
  private readonly live = new Map<string, WaitingEntry>()
  private unplaced: WaitingEntry[] = []
  private sorted: WaitingEntry[] = []
  private deadInSorted = 0
  private sortedFor: 'FIFO' | 'LIFO' = 'FIFO'

  override add(sid: string): this {
    if (super.has(sid)) return this
    super.add(sid)
    this.place(sid, this.seq++)
    return this
  }

  override delete(sid: string): boolean {
    if (!super.delete(sid)) return false
    this.kill(sid)
    return true
  }

  override clear(): void {
    super.clear()
    this.live.clear()
    this.unplaced = []
    this.sorted = []
    this.deadInSorted = 0
  }

  /** The task's priority or virtual start time changed: place it again (same insertion rank). */
  rekey(sid: string): void {
    const entry = this.live.get(sid)
    if (!entry) return
    this.kill(sid)
    this.place(sid, entry.seq)
  }

  /** The waiting tasks in queue order (live entries only are to be used: check `alive`). */
  ordered(tasks: ReadonlyMap<string, { record: TaskRecord }>, order: 'FIFO' | 'LIFO'): readonly WaitingEntry[] {
    if (this.unplaced.length > 0 || order !== this.sortedFor || this.deadInSorted > 32 + (this.sorted.length >> 1)) {
      const compare = order === 'LIFO' ? compareLifo : compareFifo
      for (const entry of this.unplaced) {
        if (!entry.alive) continue
        const record = tasks.get(entry.sid)?.record
        entry.priority = record?.priority ?? 0
        entry.virtualStart = record?.virtual_start_time ?? 0
        entry.created = record?.date_created ?? 0
      }
      const fresh = this.unplaced.filter((entry) => entry.alive)
      this.unplaced = []
      for (const entry of fresh) entry.placed = true
      let kept = this.deadInSorted > 0 ? this.sorted.filter((entry) => entry.alive) : this.sorted
      this.deadInSorted = 0
      if (order !== this.sortedFor) {
        kept = kept.concat(fresh).sort(compare)
        this.sortedFor = order
      } else if (fresh.length > 0) {
        fresh.sort(compare)
        for (const entry of fresh) kept.splice(upperBound(kept, entry, compare), 0, entry)
      }
      this.sorted = kept
    }
    return this.sorted
  }

  private place(sid: string, seq: number): void {
    const entry: WaitingEntry = { sid, seq, priority: 0, virtualStart: 0, created: 0, alive: true, placed: false }
    this.live.set(sid, entry)
    if (this.unplaced.length > 64 + 2 * this.live.size) this.unplaced = this.unplaced.filter((waiting) => waiting.alive)
    this.unplaced.push(entry)
  }

  private kill(sid: string): void {
    const entry = this.live.get(sid)
    if (!entry) return
    this.live.delete(sid)
    entry.alive = false
    if (entry.placed) this.deadInSorted += 1
  }
}

function compareFifo(a: WaitingEntry, b: WaitingEntry): number {
  return b.priority - a.priority || a.virtualStart - b.virtualStart || a.created - b.created || a.seq - b.seq
}

function compareLifo(a: WaitingEntry, b: WaitingEntry): number {
  return b.virtualStart - a.virtualStart || a.seq - b.seq
}

/** First position whose entry sorts after `entry`. */
function upperBound(sorted: WaitingEntry[], entry: WaitingEntry, compare: (a: WaitingEntry, b: WaitingEntry) => number): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (compare(sorted[middle]!, entry) <= 0) low = middle + 1
    else high = middle
  }
  return low
}

export class QueueRuntime {
  readonly members = new Set<string>()
  /** Tasks waiting in this queue (pending or reserved, routed here), also kept in queue order. */
  readonly tasks = new WaitingTasks()
  /** Per task channel, the members that can take work now, longest idle first (availability.ts). */
  readonly available = new Map<string, AvailableWorkers>()

  constructor(
    readonly sid: string,
    public targetWorkers: CompiledExpression,
  ) {}
}

export class TaskRuntime implements EvalRecord {
  attributes: AttributeObject
  /** Pending reservations of this task. */
  readonly pending = new Set<string>()
  /** The reservation accepted for this task, once there is one (unknown after a load). */
  acceptedSid: string | undefined
  /** Every reservation of the task, in creation order (so removing it reads no other task's). */
  readonly reservationSids: string[] = []

  constructor(public record: TaskRecord) {
    this.attributes = parseAttributes(record.attributes)
  }

  get sid(): string {
    return this.record.sid
  }
}

/** Attributes were validated as a JSON object on the way in; a stored bad value reads as {}. */
export function parseAttributes(text: string): AttributeObject {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as AttributeObject) : {}
  } catch {
    return {}
  }
}
