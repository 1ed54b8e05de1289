import type { ChannelProperty, EvalRecord, AttributeObject } from '../expression/context'
import type { CompiledExpression } from '../expression/compile'
import type { TaskRecord, WorkerRecord } from '../model'
import type { WorkspaceState } from '../configuration/workspaceState'

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
  /** Reservations in pending, accepted or wrapping. */
  readonly active = new Set<string>()
  readonly load = new Map<string, ChannelLoad>()

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

  loadOn(channelSid: string): ChannelLoad {
    let load = this.load.get(channelSid)
    if (!load) {
      load = { pending: 0, accepted: 0, wrapping: 0 }
      this.load.set(channelSid, load)
    }
    return load
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

export class QueueRuntime {
  readonly members = new Set<string>()
  /** Tasks waiting in this queue (pending or reserved, routed here). */
  readonly tasks = new Set<string>()

  constructor(
    readonly sid: string,
    public targetWorkers: CompiledExpression,
  ) {}
}

export class TaskRuntime implements EvalRecord {
  attributes: AttributeObject
  /** Pending reservations of this task. */
  readonly pending = new Set<string>()

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
