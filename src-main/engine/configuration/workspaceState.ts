import type {
  DocumentRecord,
  ReservationRecord,
  ActivityRecord,
  TaskChannelRecord,
  TaskQueueRecord,
  WorkerChannelRecord,
  WorkerRecord,
  WorkflowRecord,
  WorkspaceRecord,
} from '../model'
import { NotFoundError } from '../errors'
import { NamedCollection } from './namedCollection'
import type { QueueRuntime, TaskRuntime, WorkerRuntime } from '../routing/runtime'

/**
 * The in-memory truth for one workspace: every configuration resource, indexed for the
 * lookups commands and routing need. Rebuilt from the store at start-up.
 */
export class WorkspaceState {
  readonly activities = new NamedCollection<ActivityRecord>('activity')
  readonly channels = new NamedCollection<TaskChannelRecord>('task channel')
  readonly workers = new NamedCollection<WorkerRecord>('worker')
  readonly queues = new NamedCollection<TaskQueueRecord>('task queue')
  readonly workflows = new NamedCollection<WorkflowRecord>('workflow')
  /** worker sid -> task channel sid -> worker channel */
  readonly workerChannels = new Map<string, Map<string, WorkerChannelRecord>>()
  private readonly channelsByUniqueName = new Map<string, TaskChannelRecord>()
  /** Routing indexes (routing/runtime.ts), rebuilt at load. */
  readonly workerRuntime = new Map<string, WorkerRuntime>()
  readonly queueRuntime = new Map<string, QueueRuntime>()
  /** Every task of the workspace by SID, with its parsed attributes. */
  readonly tasks = new Map<string, TaskRuntime>()
  readonly reservations = new Map<string, ReservationRecord>()
  /** Routedesk-only documents by SID (configuration/documents.ts). */
  readonly documents = new Map<string, DocumentRecord>()

  constructor(public record: WorkspaceRecord) {}

  get sid(): string {
    return this.record.sid
  }

  setChannel(channel: TaskChannelRecord): void {
    const previous = this.channels.find(channel.sid)
    if (previous) this.channelsByUniqueName.delete(previous.unique_name)
    this.channels.set(channel)
    this.channelsByUniqueName.set(channel.unique_name, channel)
  }

  removeChannel(sid: string): void {
    const previous = this.channels.find(sid)
    if (!previous) return
    this.channels.remove(sid)
    this.channelsByUniqueName.delete(previous.unique_name)
    for (const perWorker of this.workerChannels.values()) perWorker.delete(sid)
  }

  findChannelByUniqueName(uniqueName: string): TaskChannelRecord | undefined {
    return this.channelsByUniqueName.get(uniqueName)
  }

  /** A TaskChannel by SID or unique name (TaskRouter accepts both in paths). */
  getChannel(ref: string, param = 'sid'): TaskChannelRecord {
    const found = ref.startsWith('TC') && ref.length === 34 ? this.channels.find(ref) : this.channelsByUniqueName.get(ref)
    if (!found) throw new NotFoundError(`The requested task channel ${ref} was not found`, param)
    return found
  }

  setWorkerChannel(channel: WorkerChannelRecord): void {
    let perWorker = this.workerChannels.get(channel.worker_sid)
    if (!perWorker) {
      perWorker = new Map()
      this.workerChannels.set(channel.worker_sid, perWorker)
    }
    perWorker.set(channel.task_channel_sid, channel)
  }

  /** A worker's channel by WC SID, TC SID or channel unique name. */
  getWorkerChannel(workerSid: string, ref: string): WorkerChannelRecord {
    const perWorker = this.workerChannels.get(workerSid)
    if (perWorker) {
      if (ref.startsWith('WC')) {
        for (const channel of perWorker.values()) if (channel.sid === ref) return channel
      } else {
        const taskChannel = ref.startsWith('TC') ? this.channels.find(ref) : this.channelsByUniqueName.get(ref)
        const found = taskChannel && perWorker.get(taskChannel.sid)
        if (found) return found
      }
    }
    throw new NotFoundError(`The requested worker channel ${ref} of worker ${workerSid} was not found`, 'sid')
  }
}
