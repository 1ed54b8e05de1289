import type { DomainEvent } from '../../contract/resources'
import type { WorkspaceState } from '../configuration/workspaceState'
import { LazyMinHeap, type HeapEntry } from './heap'

/**
 * Real-time statistics of one workspace, kept incrementally (issue 5, REFERENCE §8.3).
 *
 * Technique: every worker and every live task has a cached *contribution* (which scopes it
 * counts in, with which activity/status/priority/channel). When an event touches a worker or a
 * task, its contribution is re-derived from the engine state and the difference is applied to
 * the counters, so reads are O(activities + priorities) per scope and never scan workers or
 * tasks. Configuration events that can move many workers at once (a queue's expression, an
 * activity, a channel) recount the workspace: they are rare.
 *
 * Scopes: `ws` (workspace), `anyq` (workers in at least one queue: the "counted once globally"
 * rollup of KPIS.md §1.3), `q:<queue sid>`, `wf:<workflow sid>`. Each scope is kept per channel
 * key: `*` (all) and each TaskChannel SID, so the `TaskChannel` filter is O(1) too.
 *
 * Semantics (Routedesk choices where TaskRouter is silent):
 * - Tasks count while live: pending, reserved, assigned, wrapping (`tasks_by_status` has those
 *   four keys; completed and canceled tasks stay in the history, not here).
 * - "Waiting" = pending or reserved. Longest waiting age is measured from task creation, the
 *   queue-relative one from entering the queue (REFERENCE §8.3).
 * - A worker counts on a channel when its worker channel is available with capacity > 0; it is
 *   busy on a channel while it holds an accepted or wrapping reservation there.
 * - Offline agents (KPIs): the activity named "Offline" (decision 16's default); every other
 *   unavailable activity is "unavailable".
 */

export const ALL = '*'
export const LIVE_STATUSES = ['pending', 'reserved', 'assigned', 'wrapping'] as const
export type LiveStatus = (typeof LIVE_STATUSES)[number]
const isLiveStatus = (status: string): status is LiveStatus => (LIVE_STATUSES as readonly string[]).includes(status)
const isWaiting = (status: LiveStatus): boolean => status === 'pending' || status === 'reserved'

type AgentClass = 'available' | 'unavailable' | 'offline'

export interface WorkerContribution {
  activity: string
  agentClass: AgentClass
  queues: readonly string[]
  /** The WorkerRuntime.queuesVersion `queues` was read at. */
  queuesVersion: number
  /** Channels the worker can take work on (worker channel available, capacity > 0). */
  channels: readonly string[]
  /** Channels with an accepted or wrapping reservation. */
  busy: readonly string[]
  /**
   * The tallies this contribution counts in (every scope x {all channels, each channel}),
   * resolved once and reused while the worker's queues and channels stay the same: a busy or
   * activity change then costs plain arithmetic, no key building or map lookups.
   */
  targets?: WorkerTarget[]
}

interface WorkerTarget {
  tally: WorkerTally
  /** null: the all-channels tally. */
  channel: string | null
}

export interface TaskContribution {
  status: LiveStatus
  priority: number
  channel: string
  queue: string | null
  workflow: string | null
  created: number
  entered: number
  /** Bumped on every change: heap entries of older generations are dead. */
  gen: number
  /** The tallies it counts in, resolved once while queue, workflow and channel stay the same. */
  targets?: Array<{ tally: TaskTally; queueScope: boolean }>
}

export class WorkerTally {
  total = 0
  available = 0
  unavailable = 0
  offline = 0
  busy = 0
  /** Available and not busy. */
  idle = 0
  readonly byActivity = new Map<string, number>()
}

export class TaskTally {
  pending = 0
  reserved = 0
  assigned = 0
  wrapping = 0
  readonly byPriority = new Map<number, number>()
  /** Waiting tasks by creation time. */
  readonly oldest = new LazyMinHeap()
  /** Waiting tasks by queue entry (queue scopes only). */
  readonly oldestInQueue = new LazyMinHeap()

  get total(): number {
    return this.pending + this.reserved + this.assigned + this.wrapping
  }

  get waiting(): number {
    return this.pending + this.reserved
  }
}

const key = (scope: string, channel: string): string => `${scope}|${channel}`

function bump(map: Map<string | number, number>, k: string | number, by: number): void {
  const next = (map.get(k) ?? 0) + by
  if (next === 0) map.delete(k)
  else map.set(k, next)
}

export class RealtimeStats {
  readonly workerTallies = new Map<string, WorkerTally>()
  readonly taskTallies = new Map<string, TaskTally>()
  private readonly workers = new Map<string, WorkerContribution>()
  private readonly tasks = new Map<string, TaskContribution>()
  /** Task -> worker holding its accepted reservation: deleting an assigned task frees that worker without a reservation event. */
  private readonly assignedTo = new Map<string, string>()
  private gen = 0

  constructor(private readonly state: WorkspaceState) {
    this.recount()
  }

  /** Drops everything and recounts from the state (load, configuration changes). */
  recount(): void {
    this.workerTallies.clear()
    this.taskTallies.clear()
    this.workers.clear()
    this.tasks.clear()
    this.assignedTo.clear()
    for (const sid of this.state.workerRuntime.keys()) this.refreshWorker(sid)
    for (const sid of this.state.tasks.keys()) this.refreshTask(sid)
    for (const reservation of this.state.reservations.values()) {
      if (reservation.reservation_status === 'accepted' || reservation.reservation_status === 'wrapping') this.assignedTo.set(reservation.task_sid, reservation.worker_sid)
    }
  }

  /** Applies one outcome's events: touched workers and tasks are re-derived once each. */
  observe(events: readonly DomainEvent[]): void {
    const touchedWorkers = new Set<string>()
    const touchedTasks = new Set<string>()
    let full = false
    for (const event of events) {
      const type = event.event_type
      if (recountsEverything(type)) {
        full = true
        continue
      }
      const data = event.event_data
      const workerSid = data.worker_sid ?? (event.resource_type === 'worker' ? event.resource_sid : null)
      if (workerSid) touchedWorkers.add(workerSid)
      const taskSid = data.task_sid ?? (event.resource_type === 'task' ? event.resource_sid : null)
      if (taskSid) {
        touchedTasks.add(taskSid)
        if (type === 'reservation.accepted' && workerSid) this.assignedTo.set(taskSid, workerSid)
        else if (type === 'reservation.completed' || type === 'task.deleted') {
          const holder = this.assignedTo.get(taskSid)
          if (holder) touchedWorkers.add(holder)
          this.assignedTo.delete(taskSid)
        }
      }
    }
    if (full) return this.recount()
    for (const sid of touchedWorkers) this.refreshWorker(sid)
    for (const sid of touchedTasks) this.refreshTask(sid)
  }

  refreshWorker(sid: string): void {
    const before = this.workers.get(sid)
    const after = this.deriveWorker(sid)
    if (before && after && sameWorker(before, after)) return
    if (before && after && sameList(before.queues, after.queues) && sameList(before.channels, after.channels)) {
      after.targets = before.targets
      // The common case (a reservation accepted or completed): only busy/idle move.
      if (before.activity === after.activity && before.agentClass === after.agentClass) {
        this.moveBusy(before, after)
        this.workers.set(sid, after)
        return
      }
    }
    if (before) this.applyWorker(before, -1)
    if (after) {
      this.applyWorker(after, 1)
      this.workers.set(sid, after)
    } else {
      this.workers.delete(sid)
    }
  }

  refreshTask(sid: string): void {
    const before = this.tasks.get(sid)
    const after = this.deriveTask(sid)
    if (before && after && sameTask(before, after)) return
    if (before && after && before.queue === after.queue && before.workflow === after.workflow && before.channel === after.channel) after.targets = before.targets
    if (before) this.applyTask(sid, before, -1)
    if (after) {
      after.gen = ++this.gen
      this.tasks.set(sid, after)
      this.applyTask(sid, after, 1)
    } else {
      this.tasks.delete(sid)
    }
  }

  workerTally(scope: string, channel = ALL): WorkerTally | undefined {
    return this.workerTallies.get(key(scope, channel))
  }

  taskTally(scope: string, channel = ALL): TaskTally | undefined {
    return this.taskTallies.get(key(scope, channel))
  }

  /** The oldest waiting task of a scope (by creation, or by queue entry). */
  oldestWaiting(tally: TaskTally | undefined, relative = false): HeapEntry | undefined {
    if (!tally) return undefined
    const heap = relative ? tally.oldestInQueue : tally.oldest
    const live = (entry: HeapEntry): boolean => {
      const contribution = this.tasks.get(entry.sid)
      return contribution !== undefined && contribution.gen === entry.gen && isWaiting(contribution.status)
    }
    heap.compact(tally.waiting, live)
    return heap.peek(live)
  }

  /** Every current contribution (tests compare them with a recount). */
  snapshotContributions(): { workers: Map<string, WorkerContribution>; tasks: Map<string, TaskContribution> } {
    return { workers: this.workers, tasks: this.tasks }
  }

  private deriveWorker(sid: string): WorkerContribution | undefined {
    const runtime = this.state.workerRuntime.get(sid)
    if (!runtime || !this.state.workers.find(sid)) return undefined
    const activity = this.state.activities.find(runtime.activity_sid)
    const agentClass: AgentClass = activity?.available ? 'available' : activity && activity.friendly_name.toLowerCase() === 'offline' ? 'offline' : 'unavailable'
    const channels: string[] = []
    for (const channel of this.state.workerChannels.get(sid)?.values() ?? []) {
      if (channel.available && channel.configured_capacity > 0) channels.push(channel.task_channel_sid)
    }
    const busy: string[] = []
    for (const [channelSid, load] of runtime.load) if (load.accepted + load.wrapping > 0) busy.push(channelSid)
    // Sorting a worker's queues on every event was the costliest part of a refresh; reuse the
    // previous list while the membership has not changed.
    const previous = this.workers.get(sid)
    const queues = previous && previous.queuesVersion === runtime.queuesVersion ? previous.queues : [...runtime.queues].sort()
    return { activity: runtime.activity_sid, agentClass, queues, queuesVersion: runtime.queuesVersion, channels: channels.sort(), busy: busy.sort() }
  }

  private deriveTask(sid: string): TaskContribution | undefined {
    const record = this.state.tasks.get(sid)?.record
    if (!record || !isLiveStatus(record.assignment_status)) return undefined
    return {
      status: record.assignment_status,
      priority: record.priority,
      channel: record.task_channel_sid,
      queue: record.task_queue_sid,
      workflow: record.workflow_sid,
      created: record.date_created,
      entered: record.task_queue_entered_date ?? record.date_created,
      gen: 0,
    }
  }

  private applyWorker(c: WorkerContribution, sign: 1 | -1): void {
    const targets = (c.targets ??= this.targetsOf(c))
    const anyBusy = c.busy.length > 0
    for (const target of targets) this.addWorkerTo(target.tally, c, target.channel === null ? anyBusy : c.busy.includes(target.channel), sign)
  }

  /** Same tallies, same activity: adjust only busy and idle where a channel's busy state changed. */
  private moveBusy(before: WorkerContribution, after: WorkerContribution): void {
    const wasBusy = before.busy.length > 0
    const isBusy = after.busy.length > 0
    const available = after.agentClass === 'available'
    for (const target of after.targets!) {
      const was = target.channel === null ? wasBusy : before.busy.includes(target.channel)
      const is = target.channel === null ? isBusy : after.busy.includes(target.channel)
      if (was === is) continue
      const sign = is ? 1 : -1
      target.tally.busy += sign
      if (available) target.tally.idle -= sign
    }
  }

  private targetsOf(c: WorkerContribution): WorkerTarget[] {
    const scopes = ['ws', ...(c.queues.length > 0 ? ['anyq'] : []), ...c.queues.map((q) => `q:${q}`)]
    const targets: WorkerTarget[] = []
    const tallyAt = (k: string): WorkerTally => {
      let tally = this.workerTallies.get(k)
      if (!tally) this.workerTallies.set(k, (tally = new WorkerTally()))
      return tally
    }
    for (const scope of scopes) {
      targets.push({ tally: tallyAt(key(scope, ALL)), channel: null })
      for (const channel of c.channels) targets.push({ tally: tallyAt(key(scope, channel)), channel })
    }
    return targets
  }

  private addWorkerTo(tally: WorkerTally, c: WorkerContribution, busy: boolean, sign: 1 | -1): void {
    tally.total += sign
    tally[c.agentClass] += sign
    if (busy) tally.busy += sign
    else if (c.agentClass === 'available') tally.idle += sign
    bump(tally.byActivity, c.activity, sign)
  }

  private applyTask(sid: string, c: TaskContribution, sign: 1 | -1): void {
    const targets = (c.targets ??= this.taskTargetsOf(c))
    const waiting = sign === 1 && isWaiting(c.status)
    for (const { tally, queueScope } of targets) {
      tally[c.status] += sign
      bump(tally.byPriority, c.priority, sign)
      if (waiting) {
        tally.oldest.push({ key: c.created, sid, gen: c.gen })
        if (queueScope) tally.oldestInQueue.push({ key: c.entered, sid, gen: c.gen })
      }
    }
  }

  private taskTargetsOf(c: TaskContribution): Array<{ tally: TaskTally; queueScope: boolean }> {
    const scopes = ['ws']
    if (c.queue) scopes.push(`q:${c.queue}`)
    if (c.workflow) scopes.push(`wf:${c.workflow}`)
    const targets: Array<{ tally: TaskTally; queueScope: boolean }> = []
    for (const scope of scopes) {
      for (const channel of [ALL, c.channel]) {
        const k = key(scope, channel)
        let tally = this.taskTallies.get(k)
        if (!tally) this.taskTallies.set(k, (tally = new TaskTally()))
        targets.push({ tally, queueScope: scope.startsWith('q:') })
      }
    }
    return targets
  }
}

/** Configuration events that can change many workers' or tasks' scopes at once. */
function recountsEverything(type: string): boolean {
  if (type.startsWith('activity.') || type.startsWith('task-channel.')) return true
  if (type === 'task-queue.created' || type === 'task-queue.deleted' || type === 'task-queue.expression.updated') return true
  return type === 'workflow.deleted' || type === 'workspace.updated'
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function sameWorker(a: WorkerContribution, b: WorkerContribution): boolean {
  return a.activity === b.activity && a.agentClass === b.agentClass && sameList(a.queues, b.queues) && sameList(a.channels, b.channels) && sameList(a.busy, b.busy)
}

function sameTask(a: TaskContribution, b: TaskContribution): boolean {
  return a.status === b.status && a.priority === b.priority && a.channel === b.channel && a.queue === b.queue && a.workflow === b.workflow && a.created === b.created && a.entered === b.entered
}
