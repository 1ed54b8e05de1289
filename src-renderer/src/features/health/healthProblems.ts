import type { DomainEvent, Reservation, StatsSnapshot, Task, Worker, Workflow } from '@contract'

/** A task or reservation counts as "about to time out" from this share of its timeout on. */
export const NEAR_TIMEOUT_SHARE = 0.8

export type HealthProblem =
  | { kind: 'queue-unstaffed'; id: string; queueSid: string; queueName: string; waiting: number }
  | { kind: 'worker-timeout'; id: string; workerSid: string; workerName: string; activityName: string; since: string }
  | { kind: 'task-ttl'; id: string; taskSid: string; queueName: string | null; status: Task['assignment_status']; ageSeconds: number; timeoutSeconds: number }
  | { kind: 'reservation-timeout'; id: string; reservationSid: string; taskSid: string; workerName: string; ageSeconds: number; timeoutSeconds: number }

/** A queue with tasks waiting and nobody eligible (from statistics). */
export interface QueueStaffing {
  sid: string
  name: string
  waiting: number
  eligible: number
}

export function staffingFromSnapshot(snapshot: Pick<StatsSnapshot, 'queues'>): QueueStaffing[] {
  return snapshot.queues.map((queue) => ({
    sid: queue.task_queue_sid,
    name: queue.friendly_name,
    waiting: queue.tasks_by_status.pending + queue.tasks_by_status.reserved,
    eligible: queue.total_eligible_workers,
  }))
}

export interface HealthInputs {
  staffing: readonly QueueStaffing[]
  timeoutWorkers: readonly Worker[]
  /** Pending and reserved tasks, with `age` as of `fetchedAt`. */
  tasks: readonly Task[]
  pendingReservations: readonly Reservation[]
  workflows: readonly Workflow[]
  fetchedAt: number
  now: number
}

/**
 * Every stuck state at `now`, most urgent kinds first: unstaffed queues, workers parked in the
 * timeout activity, tasks at >= 80% of their TTL, pending reservations at >= 80% of their
 * workflow's task_reservation_timeout. Pure: the store feeds it, tests call it directly.
 */
export function findProblems(input: HealthInputs): HealthProblem[] {
  const problems: HealthProblem[] = []
  for (const queue of input.staffing) {
    if (queue.waiting > 0 && queue.eligible === 0) problems.push({ kind: 'queue-unstaffed', id: `queue-${queue.sid}`, queueSid: queue.sid, queueName: queue.name, waiting: queue.waiting })
  }
  for (const worker of input.timeoutWorkers) {
    problems.push({ kind: 'worker-timeout', id: `worker-${worker.sid}`, workerSid: worker.sid, workerName: worker.friendly_name, activityName: worker.activity_name, since: worker.date_status_changed })
  }
  const elapsed = Math.max(0, Math.floor((input.now - input.fetchedAt) / 1000))
  const taskBySid = new Map(input.tasks.map((task) => [task.sid, task]))
  for (const task of input.tasks) {
    if (task.assignment_status !== 'pending' && task.assignment_status !== 'reserved') continue
    const age = task.age + elapsed
    if (task.timeout > 0 && age >= task.timeout * NEAR_TIMEOUT_SHARE) {
      problems.push({ kind: 'task-ttl', id: `task-${task.sid}`, taskSid: task.sid, queueName: task.task_queue_friendly_name, status: task.assignment_status, ageSeconds: age, timeoutSeconds: task.timeout })
    }
  }
  const timeoutByWorkflow = new Map(input.workflows.map((workflow) => [workflow.sid, workflow.task_reservation_timeout]))
  for (const reservation of input.pendingReservations) {
    if (reservation.reservation_status !== 'pending') continue
    const workflowSid = taskBySid.get(reservation.task_sid)?.workflow_sid
    const timeout = workflowSid ? timeoutByWorkflow.get(workflowSid) : undefined
    if (!timeout) continue
    const age = Math.max(0, Math.floor((input.now - Date.parse(reservation.date_created)) / 1000))
    if (age >= timeout * NEAR_TIMEOUT_SHARE) {
      problems.push({ kind: 'reservation-timeout', id: `reservation-${reservation.sid}`, reservationSid: reservation.sid, taskSid: reservation.task_sid, workerName: reservation.worker_name, ageSeconds: age, timeoutSeconds: timeout })
    }
  }
  return problems
}

/** The engine moves the worker in the same transaction as the timeout: allow for clock rounding. */
const SAME_MOMENT_MS = 2000

/**
 * Of the workers in the timeout activity, the ones a reservation timeout put there: their last
 * `reservation.timeout` event is no older than their last activity change. Needed when the
 * timeout activity is also the default one (TaskRouter's template: both "Offline"), where
 * simply being in it means nothing.
 */
export function sentByTimeout(workers: readonly Worker[], timeoutEvents: readonly Pick<DomainEvent, 'event_data' | 'event_date_ms'>[]): Worker[] {
  const latest = new Map<string, number>()
  for (const event of timeoutEvents) {
    const workerSid = event.event_data.worker_sid
    if (workerSid && event.event_date_ms > (latest.get(workerSid) ?? 0)) latest.set(workerSid, event.event_date_ms)
  }
  return workers.filter((worker) => {
    const at = latest.get(worker.sid)
    return at !== undefined && at >= Date.parse(worker.date_status_changed) - SAME_MOMENT_MS
  })
}
