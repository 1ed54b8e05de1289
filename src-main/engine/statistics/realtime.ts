import type { DomainEvent } from '../../contract/resources'
import type { WorkspaceState } from '../configuration/workspaceState'
import type { ChannelLoad } from '../routing/runtime'
import type { WorkerChannelRecord } from '../model'
import { LazyMinHeap, type HeapEntry } from './heap'
import { OccupancyLedger } from './occupancy'

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
 * Cost: this runs on every engine outcome, so the common changes are plain arithmetic on
 * tallies resolved in advance (no string keys, no allocation): a reservation that does not
 * change what a worker is busy with costs a few comparisons; accepting or finishing work
 * shifts busy/idle on the worker's tallies for that channel (one per queue it is in); an
 * activity change moves its counts on the same tallies. Only queue membership or channel
 * changes re-resolve the tallies. Each worker tally is also an occupancy ledger
 * (occupancy.ts), so occupancy over 30 minutes or today is exact.
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
  /** Position of `activity` in the tallies' per-activity counts. */
  activityIndex: number
  agentClass: AgentClass
  /** The worker's queues, read at WorkerRuntime.queuesVersion `queuesVersion`. */
  queues: readonly string[]
  queuesVersion: number
  /** Channels the worker can take work on (worker channel available, capacity > 0). */
  channels: readonly string[]
  /** Channels with an accepted or wrapping reservation. */
  busy: readonly string[]
  /** The tallies it counts in, resolved once while its queues and channels stay the same. */
  targets: WorkerTargets | null
}

interface WorkerTargets {
  /** Each scope's all-channels tally. */
  all: WorkerTally[]
  /** Per entry of the contribution's `channels`: each scope's tally on that channel. */
  byChannel: WorkerTally[][]
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
  targets: TaskTarget[] | null
}

interface TaskTarget {
  tally: TaskTally
  queueScope: boolean
}

/**
 * Workers counted in one scope and channel. It is also that scope's occupancy ledger, so a
 * busy/idle change touches one object; tallies outlive recounts and reloads (their counts are
 * reset, their time integrals go on).
 */
export class WorkerTally extends OccupancyLedger {
  total = 0
  available = 0
  unavailable = 0
  offline = 0
  busy = 0
  /** Available and not busy. */
  idle = 0
  /** Workers per activity, by RealtimeStats' activity positions (read with `workersIn`). */
  readonly byActivity: number[] = []

  constructor(private readonly activityPositions: ReadonlyMap<string, number>) {
    super()
  }

  workersIn(activitySid: string): number {
    const position = this.activityPositions.get(activitySid)
    return position === undefined ? 0 : this.byActivity[position] ?? 0
  }

  /** Counts nobody from `now` on (before a recount). */
  reset(now: number): void {
    this.total = this.available = this.unavailable = this.offline = this.busy = this.idle = 0
    this.byActivity.length = 0
    this.record(now, 0, 0)
  }
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

export class RealtimeStats {
  readonly workerTallies: Map<string, WorkerTally>
  readonly taskTallies = new Map<string, TaskTally>()
  /** Task tallies by queue, workflow and channel SID (no key building per task). */
  private readonly taskTargetCache = new Map<string, Map<string, Map<string, TaskTarget[]>>>()
  private readonly workers = new Map<string, WorkerContribution>()
  private readonly tasks = new Map<string, TaskContribution>()
  /** Task -> worker holding its accepted reservation: deleting an assigned task frees that worker without a reservation event. */
  private readonly assignedTo = new Map<string, string>()
  /** Activity SID -> position in every tally's `byActivity` (positions are never reused). */
  private readonly activityPositions: Map<string, number>
  private readonly touchedWorkers = new Set<string>()
  private readonly touchedTasks = new Set<string>()
  private gen = 0
  /** The time of the outcome being observed (occupancy ledgers integrate up to it). */
  private now: number

  /**
   * @param previous the statistics this replaces (after a reload): its worker tallies, and so
   *   their occupancy history, carry on.
   */
  constructor(
    private readonly state: WorkspaceState,
    now: number,
    previous?: RealtimeStats,
  ) {
    this.now = now
    this.workerTallies = previous?.workerTallies ?? new Map()
    this.activityPositions = previous?.activityPositions ?? new Map()
    this.recount(now)
  }

  /** Drops everything and recounts from the state (load, configuration changes). */
  recount(now: number): void {
    this.now = now
    for (const tally of this.workerTallies.values()) tally.reset(now)
    this.taskTallies.clear()
    this.taskTargetCache.clear()
    this.workers.clear()
    this.tasks.clear()
    this.assignedTo.clear()
    for (const sid of this.state.workerRuntime.keys()) this.refreshWorker(sid)
    for (const sid of this.state.tasks.keys()) this.refreshTask(sid)
    for (const reservation of this.state.reservations.values()) {
      if (reservation.reservation_status === 'accepted' || reservation.reservation_status === 'wrapping') this.assignedTo.set(reservation.task_sid, reservation.worker_sid)
    }
  }

  /** Applies one outcome's events (at `now`): touched workers and tasks are re-derived once each. */
  observe(events: readonly DomainEvent[], now: number): void {
    this.now = now
    const touchedWorkers = this.touchedWorkers
    const touchedTasks = this.touchedTasks
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
    if (full) this.recount(now)
    else {
      for (const sid of touchedWorkers) this.refreshWorker(sid)
      for (const sid of touchedTasks) this.refreshTask(sid)
    }
    touchedWorkers.clear()
    touchedTasks.clear()
  }

  refreshWorker(sid: string): void {
    const before = this.workers.get(sid)
    const runtime = this.state.workerRuntime.get(sid)
    if (!runtime || !this.state.workers.find(sid)) {
      if (before) {
        this.applyWorker(before, -1)
        this.workers.delete(sid)
      }
      return
    }
    const activitySid = runtime.activity_sid
    const activity = this.state.activities.find(activitySid)
    const agentClass: AgentClass = activity?.available ? 'available' : activity && activity.friendly_name.toLowerCase() === 'offline' ? 'offline' : 'unavailable'
    const workerChannels = this.state.workerChannels.get(sid)
    const sameChannels = before !== undefined && channelsMatch(before.channels, workerChannels)
    const sameBusy = before !== undefined && busyMatches(before.busy, runtime.load)
    const sameQueues = before !== undefined && before.queuesVersion === runtime.queuesVersion
    const sameActivity = before !== undefined && before.activity === activitySid && before.agentClass === agentClass
    // Most reservation events (created, rejected, timed out...) change none of it.
    if (sameChannels && sameBusy && sameQueues && sameActivity) return
    const after: WorkerContribution = {
      activity: activitySid,
      activityIndex: sameActivity ? before.activityIndex : this.activityPosition(activitySid),
      agentClass,
      queues: sameQueues ? before.queues : [...runtime.queues],
      queuesVersion: runtime.queuesVersion,
      channels: sameChannels ? before.channels : channelsOf(workerChannels),
      busy: sameBusy ? before.busy : busyOf(runtime.load),
      targets: null,
    }
    this.workers.set(sid, after)
    if (sameQueues && sameChannels) {
      after.targets = before.targets
      // A reservation accepted or finished: only busy/idle move.
      if (sameActivity) return this.moveBusy(before, after)
    }
    if (before) this.applyWorker(before, -1)
    this.applyWorker(after, 1)
  }

  refreshTask(sid: string): void {
    const before = this.tasks.get(sid)
    const record = this.state.tasks.get(sid)?.record
    if (!record || !isLiveStatus(record.assignment_status)) {
      if (before) {
        this.applyTask(sid, before, -1)
        this.tasks.delete(sid)
      }
      return
    }
    const status = record.assignment_status
    const entered = record.task_queue_entered_date ?? record.date_created
    const sameScopes = before !== undefined && before.queue === record.task_queue_sid && before.workflow === record.workflow_sid && before.channel === record.task_channel_sid
    if (sameScopes && before.priority === record.priority && before.created === record.date_created && before.entered === entered) {
      if (before.status !== status) this.moveStatus(sid, before, status)
      return
    }
    const after: TaskContribution = {
      status,
      priority: record.priority,
      channel: record.task_channel_sid,
      queue: record.task_queue_sid,
      workflow: record.workflow_sid,
      created: record.date_created,
      entered,
      gen: ++this.gen,
      targets: sameScopes ? before.targets : null,
    }
    if (before) this.applyTask(sid, before, -1)
    this.tasks.set(sid, after)
    this.applyTask(sid, after, 1)
  }

  /** Only the status moved (the common case: reserved, assigned, wrapping). */
  private moveStatus(sid: string, c: TaskContribution, status: LiveStatus): void {
    const previous = c.status
    // pending <-> reserved keeps the task waiting: its heap entries stay valid.
    const stillWaiting = isWaiting(previous) && isWaiting(status)
    c.status = status
    if (!stillWaiting) c.gen = ++this.gen
    const push = !stillWaiting && isWaiting(status)
    for (const { tally, queueScope } of c.targets!) {
      addStatus(tally, previous, -1)
      addStatus(tally, status, 1)
      if (push) this.pushWaiting(tally, queueScope, sid, c)
    }
  }

  workerTally(scope: string, channel = ALL): WorkerTally | undefined {
    return this.workerTallies.get(key(scope, channel))
  }

  taskTally(scope: string, channel = ALL): TaskTally | undefined {
    return this.taskTallies.get(key(scope, channel))
  }

  /** The occupancy ledger of a worker scope (`ws`, `anyq`, `q:<sid>`) and channel, if it ever counted anyone. */
  ledger(scope: string, channel = ALL): OccupancyLedger | undefined {
    return this.workerTallies.get(key(scope, channel))
  }

  /** The oldest waiting task of a scope (by creation, or by queue entry). */
  oldestWaiting(tally: TaskTally | undefined, relative = false): HeapEntry | undefined {
    if (!tally) return undefined
    const heap = relative ? tally.oldestInQueue : tally.oldest
    heap.compact(tally.waiting, this.isLiveEntry)
    return heap.peek(this.isLiveEntry)
  }

  /** Every current contribution (tests compare them with a recount). */
  snapshotContributions(): { workers: Map<string, WorkerContribution>; tasks: Map<string, TaskContribution> } {
    return { workers: this.workers, tasks: this.tasks }
  }

  private readonly isLiveEntry = (entry: HeapEntry): boolean => {
    const contribution = this.tasks.get(entry.sid)
    return contribution !== undefined && contribution.gen === entry.gen && isWaiting(contribution.status)
  }

  private activityPosition(activitySid: string): number {
    let position = this.activityPositions.get(activitySid)
    if (position === undefined) this.activityPositions.set(activitySid, (position = this.activityPositions.size))
    return position
  }

  private applyWorker(c: WorkerContribution, sign: 1 | -1): void {
    const targets = (c.targets ??= this.workerTargetsOf(c))
    const anyBusy = c.busy.length > 0
    for (const tally of targets.all) this.addWorkerTo(tally, c, anyBusy, sign)
    for (let i = 0; i < c.channels.length; i++) {
      const busy = c.busy.includes(c.channels[i]!)
      for (const tally of targets.byChannel[i]!) this.addWorkerTo(tally, c, busy, sign)
    }
  }

  /** Same tallies, same activity: shift busy/idle where a channel's busy state changed. */
  private moveBusy(before: WorkerContribution, after: WorkerContribution): void {
    const targets = after.targets!
    const idleToo = after.agentClass === 'available'
    const wasBusy = before.busy.length > 0
    if (wasBusy !== after.busy.length > 0) this.shiftBusy(targets.all, wasBusy ? -1 : 1, idleToo)
    for (let i = 0; i < after.channels.length; i++) {
      const channel = after.channels[i]!
      const was = before.busy.includes(channel)
      if (was !== after.busy.includes(channel)) this.shiftBusy(targets.byChannel[i]!, was ? -1 : 1, idleToo)
    }
  }

  private shiftBusy(tallies: readonly WorkerTally[], sign: 1 | -1, idleToo: boolean): void {
    const now = this.now
    for (const tally of tallies) {
      tally.busy += sign
      if (idleToo) tally.idle -= sign
      tally.record(now, tally.busy, tally.idle)
    }
  }

  private workerTargetsOf(c: WorkerContribution): WorkerTargets {
    const scopes = ['ws', ...(c.queues.length > 0 ? ['anyq'] : []), ...c.queues.map((q) => `q:${q}`)]
    return {
      all: scopes.map((scope) => this.workerTallyAt(key(scope, ALL))),
      byChannel: c.channels.map((channel) => scopes.map((scope) => this.workerTallyAt(key(scope, channel)))),
    }
  }

  private workerTallyAt(k: string): WorkerTally {
    let tally = this.workerTallies.get(k)
    if (!tally) this.workerTallies.set(k, (tally = new WorkerTally(this.activityPositions)))
    return tally
  }

  private addWorkerTo(tally: WorkerTally, c: WorkerContribution, busy: boolean, sign: 1 | -1): void {
    tally.total += sign
    tally[c.agentClass] += sign
    tally.byActivity[c.activityIndex] = (tally.byActivity[c.activityIndex] ?? 0) + sign
    if (busy) tally.busy += sign
    else if (c.agentClass === 'available') tally.idle += sign
    else return
    tally.record(this.now, tally.busy, tally.idle)
  }

  private applyTask(sid: string, c: TaskContribution, sign: 1 | -1): void {
    const targets = (c.targets ??= this.taskTargetsOf(c))
    const waiting = sign === 1 && isWaiting(c.status)
    for (const { tally, queueScope } of targets) {
      addStatus(tally, c.status, sign)
      bump(tally.byPriority, c.priority, sign)
      if (waiting) this.pushWaiting(tally, queueScope, sid, c)
    }
  }

  private pushWaiting(tally: TaskTally, queueScope: boolean, sid: string, c: TaskContribution): void {
    tally.oldest.push({ key: c.created, sid, gen: c.gen })
    tally.oldest.compact(tally.waiting, this.isLiveEntry)
    if (queueScope) {
      tally.oldestInQueue.push({ key: c.entered, sid, gen: c.gen })
      tally.oldestInQueue.compact(tally.waiting, this.isLiveEntry)
    }
  }

  private taskTargetsOf(c: TaskContribution): TaskTarget[] {
    const byWorkflow = mapIn(this.taskTargetCache, c.queue ?? '')
    const byChannel = mapIn(byWorkflow, c.workflow ?? '')
    let targets = byChannel.get(c.channel)
    if (targets) return targets
    const scopes = ['ws']
    if (c.queue) scopes.push(`q:${c.queue}`)
    if (c.workflow) scopes.push(`wf:${c.workflow}`)
    targets = []
    for (const scope of scopes) {
      for (const channel of [ALL, c.channel]) {
        const k = key(scope, channel)
        let tally = this.taskTallies.get(k)
        if (!tally) this.taskTallies.set(k, (tally = new TaskTally()))
        targets.push({ tally, queueScope: scope.startsWith('q:') })
      }
    }
    byChannel.set(c.channel, targets)
    return targets
  }
}

function mapIn<V>(map: Map<string, Map<string, V>>, k: string): Map<string, V> {
  let inner = map.get(k)
  if (!inner) map.set(k, (inner = new Map()))
  return inner
}

function addStatus(tally: TaskTally, status: LiveStatus, sign: number): void {
  switch (status) {
    case 'pending':
      tally.pending += sign
      return
    case 'reserved':
      tally.reserved += sign
      return
    case 'assigned':
      tally.assigned += sign
      return
    case 'wrapping':
      tally.wrapping += sign
      return
  }
}

function bump(map: Map<number, number>, k: number, by: number): void {
  const next = (map.get(k) ?? 0) + by
  if (next === 0) map.delete(k)
  else map.set(k, next)
}

/** Configuration events that can change many workers' or tasks' scopes at once. */
function recountsEverything(type: string): boolean {
  if (type.startsWith('activity.') || type.startsWith('task-channel.')) return true
  if (type === 'task-queue.created' || type === 'task-queue.deleted' || type === 'task-queue.expression.updated') return true
  return type === 'workflow.deleted' || type === 'workspace.updated'
}

const takesWork = (channel: WorkerChannelRecord): boolean => channel.available && channel.configured_capacity > 0
const isBusy = (load: ChannelLoad): boolean => load.accepted + load.wrapping > 0

function channelsOf(channels: ReadonlyMap<string, WorkerChannelRecord> | undefined): string[] {
  const out: string[] = []
  if (channels) for (const channel of channels.values()) if (takesWork(channel)) out.push(channel.task_channel_sid)
  return out
}

/** Whether `previous` still lists exactly the channels that take work, in map order (no allocation). */
function channelsMatch(previous: readonly string[], channels: ReadonlyMap<string, WorkerChannelRecord> | undefined): boolean {
  let n = 0
  if (channels) {
    for (const channel of channels.values()) {
      if (!takesWork(channel)) continue
      if (previous[n] !== channel.task_channel_sid) return false
      n++
    }
  }
  return n === previous.length
}

function busyOf(load: ReadonlyMap<string, ChannelLoad>): string[] {
  const out: string[] = []
  for (const [channel, channelLoad] of load) if (isBusy(channelLoad)) out.push(channel)
  return out
}

function busyMatches(previous: readonly string[], load: ReadonlyMap<string, ChannelLoad>): boolean {
  let n = 0
  for (const [channel, channelLoad] of load) {
    if (!isBusy(channelLoad)) continue
    if (previous[n] !== channel) return false
    n++
  }
  return n === previous.length
}
