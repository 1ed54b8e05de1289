import type { EngineContext } from '../configuration/context'
import type { WorkspaceState } from '../configuration/workspaceState'
import type { AssignmentStatus } from '../model'
import { tryAssignWorker } from './assignment'
import { reservationData, taskData } from './eventData'
import type { TaskRuntime } from './runtime'
import type { RoutingScope } from './scope'
import { removeTask } from './taskRemoval'

/**
 * Tasks the system deletes on its own (REFERENCE §3.1, §3.4, decision 15):
 * - an assigned (or wrapping) task not completed within 24 hours of its acceptance is
 *   deleted with a `task.system-deleted` event, and its worker's capacity is freed;
 * - a completed or canceled task stays in the history for the retention window (30 days, as
 *   the Events log) and is then deleted without an event (TaskRouter documents none).
 *
 * Deadlines only ever grow (a fixed delay after the clock's now), so each kind is a FIFO read
 * from its head and the whole workspace needs one timer: noting a task costs an array push on
 * the command path, not a timer per task. Entries are checked when due, so a task that moved
 * on (completed, deleted) is skipped then instead of being unlinked when it moves.
 */
export const ASSIGNED_TASK_LIFETIME_MS = 24 * 60 * 60 * 1000
export const FINISHED_TASK_RETENTION_MS = 30 * 24 * 60 * 60 * 1000
/** Real timers cannot wait 30 days (setTimeout caps at ~24.8 days): wake up at least daily. */
const MAX_TIMER_DELAY_MS = 24 * 60 * 60 * 1000
/** Removals per background outcome; more due ones go in the next, right after. */
const SWEEP_BATCH = 5_000

interface Due {
  deadline: number
  task: TaskRuntime
}

/** A FIFO of deadlines in non-decreasing order. */
class DeadlineQueue {
  private items: Due[] = []
  private head = 0

  push(item: Due): void {
    this.items.push(item)
  }

  peek(): Due | undefined {
    return this.items[this.head]
  }

  shift(): Due | undefined {
    const item = this.items[this.head]
    if (!item) return undefined
    this.head += 1
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    return item
  }

  get size(): number {
    return this.items.length - this.head
  }
}

class Retention {
  readonly assigned = new DeadlineQueue()
  readonly finished = new DeadlineQueue()

  nextDeadline(): number | undefined {
    const a = this.assigned.peek()?.deadline
    const b = this.finished.peek()?.deadline
    return a === undefined ? b : b === undefined ? a : Math.min(a, b)
  }
}

const retentions = new WeakMap<WorkspaceState, Retention>()

function retentionOf(state: WorkspaceState): Retention {
  let retention = retentions.get(state)
  if (!retention) {
    retention = new Retention()
    retentions.set(state, retention)
  }
  return retention
}

const timerKeyOf = (state: WorkspaceState): string => `retention:${state.sid}`

/** Called with every task status change (saveTask): starts the clock of the rule that applies. */
export function noteStatusChange(scope: RoutingScope, task: TaskRuntime, previous: AssignmentStatus): void {
  const status = task.record.assignment_status
  if (status === previous) return
  if (status === 'assigned') enqueue(scope.ctx, scope.state, 'assigned', task, scope.tx.now + ASSIGNED_TASK_LIFETIME_MS)
  else if (status === 'completed' || status === 'canceled') enqueue(scope.ctx, scope.state, 'finished', task, scope.tx.now + FINISHED_TASK_RETENTION_MS)
}

function enqueue(ctx: EngineContext, state: WorkspaceState, kind: 'assigned' | 'finished', task: TaskRuntime, deadline: number): void {
  retentionOf(state)[kind].push({ deadline, task })
  // Every new deadline is at least a day away, so an armed timer already comes first.
  if (!ctx.timers.has(timerKeyOf(state))) arm(ctx, state)
}

function arm(ctx: EngineContext, state: WorkspaceState): void {
  const next = retentionOf(state).nextDeadline()
  if (next === undefined) return
  const now = ctx.clock.now()
  ctx.timers.arm(timerKeyOf(state), Math.min(next, now + MAX_TIMER_DELAY_MS), () => {
    if (ctx.workspaces.get(state.sid) !== state) return
    ctx.runInBackground((tx) => sweep({ ctx, state, tx }))
    arm(ctx, state)
  })
}

/** Removes what is due, up to SWEEP_BATCH tasks. */
function sweep(scope: RoutingScope): void {
  const { state, tx } = scope
  const retention = retentionOf(state)
  let budget = SWEEP_BATCH
  for (let due = retention.assigned.peek(); due && due.deadline <= tx.now && budget > 0; due = retention.assigned.peek()) {
    retention.assigned.shift()
    const status = due.task.record.assignment_status
    if (state.tasks.get(due.task.sid) !== due.task || (status !== 'assigned' && status !== 'wrapping')) continue
    systemDelete(scope, due.task)
    budget -= 1
  }
  for (let due = retention.finished.peek(); due && due.deadline <= tx.now && budget > 0; due = retention.finished.peek()) {
    retention.finished.shift()
    const status = due.task.record.assignment_status
    if (state.tasks.get(due.task.sid) !== due.task || (status !== 'completed' && status !== 'canceled')) continue
    removeTask(scope, due.task)
    budget -= 1
  }
}

/** `task.system-deleted` (REFERENCE §7.3): the task's fields plus the worker whose assignment it ended. */
function systemDelete(scope: RoutingScope, task: TaskRuntime): void {
  const { state, tx } = scope
  const accepted = task.acceptedSid !== undefined ? state.reservations.get(task.acceptedSid) : undefined
  const data = accepted ? reservationData(state, accepted, task.record, tx.now) : taskData(state, task.record, tx.now)
  const released = removeTask(scope, task)
  tx.emit({ workspaceSid: state.sid, type: 'task.system-deleted', resourceType: 'task', resourceSid: task.sid, description: `Task ${task.sid} deleted by the system: not completed within 24 hours of its assignment`, data })
  for (const worker of released) tryAssignWorker(scope, worker)
}

/**
 * After a load: the clocks of every stored task, from what the records say. An assigned task
 * counts from its accepted reservation's last change (its acceptance; for a wrapping one, when
 * it started wrapping, so a restart never deletes early); a finished one from its last change.
 */
export function rebuildRetention(ctx: EngineContext, state: WorkspaceState): void {
  const assigned: Due[] = []
  const finished: Due[] = []
  for (const task of state.tasks.values()) {
    const status = task.record.assignment_status
    if (status === 'completed' || status === 'canceled') finished.push({ deadline: task.record.date_updated + FINISHED_TASK_RETENTION_MS, task })
    else if (status === 'assigned' || status === 'wrapping') assigned.push({ deadline: assignedSince(state, task) + ASSIGNED_TASK_LIFETIME_MS, task })
  }
  const retention = new Retention()
  for (const due of assigned.sort(byDeadline)) retention.assigned.push(due)
  for (const due of finished.sort(byDeadline)) retention.finished.push(due)
  retentions.set(state, retention)
  arm(ctx, state)
}

function assignedSince(state: WorkspaceState, task: TaskRuntime): number {
  for (const sid of task.reservationSids) {
    const reservation = state.reservations.get(sid)
    if (reservation?.reservation_status === 'accepted' || reservation?.reservation_status === 'wrapping') {
      task.acceptedSid = reservation.sid
      return reservation.date_updated
    }
  }
  return task.record.date_updated
}

function byDeadline(a: Due, b: Due): number {
  return a.deadline - b.deadline
}

/** For tests and health views: how many tasks wait for each rule. */
export function retentionBacklog(state: WorkspaceState): { assigned: number; finished: number } {
  const retention = retentions.get(state)
  return { assigned: retention?.assigned.size ?? 0, finished: retention?.finished.size ?? 0 }
}
