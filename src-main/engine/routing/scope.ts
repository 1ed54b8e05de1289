import type { EngineContext } from '../configuration/context'
import type { WorkspaceState } from '../configuration/workspaceState'
import type { ReservationRecord, TaskRecord, WorkerRecord } from '../model'
import type { Transaction } from '../transaction'
import type { TaskRuntime, WorkerRuntime } from './runtime'
import { touchWorker } from './availability'
import { noteStatusChange } from './retention'

/** What every routing step works on: the engine, one workspace, and the open transaction. */
export interface RoutingScope {
  ctx: EngineContext
  state: WorkspaceState
  tx: Transaction
}

/** Replaces a task's record (new object: records are never mutated) and records the change. */
export function saveTask(scope: RoutingScope, task: TaskRuntime, patch: Partial<TaskRecord>): TaskRecord {
  const previous = task.record
  const record: TaskRecord = { ...previous, ...patch, date_updated: scope.tx.now, version: previous.version + 1 }
  task.record = record
  scope.tx.put('tasks', record)
  if (record.assignment_status !== previous.assignment_status) noteStatusChange(scope, task, previous.assignment_status)
  // The queue order reads priority and virtual_start_time: re-place a waiting task whose key moved.
  if (record.priority !== previous.priority || record.virtual_start_time !== previous.virtual_start_time) {
    const queueSid = previous.routing?.queue_sid ?? previous.task_queue_sid
    if (queueSid) scope.state.queueRuntime.get(queueSid)?.tasks.rekey(task.sid)
  }
  return record
}

export function saveReservation(scope: RoutingScope, current: ReservationRecord, patch: Partial<ReservationRecord>): ReservationRecord {
  const record: ReservationRecord = { ...current, ...patch, date_updated: scope.tx.now, version: current.version + 1 }
  scope.state.reservations.set(record.sid, record)
  scope.tx.put('reservations', record)
  return record
}

export function saveWorker(scope: RoutingScope, worker: WorkerRuntime, patch: Partial<WorkerRecord>): WorkerRecord {
  const previous = worker.record
  const record: WorkerRecord = { ...previous, ...patch, date_updated: scope.tx.now, version: previous.version + 1 }
  worker.record = record
  scope.state.workers.set(record)
  scope.tx.put('workers', record)
  // Availability and idle time (decision 9) place the worker in its queues' indexes.
  if (record.activity_sid !== previous.activity_sid || record.date_last_assigned !== previous.date_last_assigned || record.date_status_changed !== previous.date_status_changed) {
    touchWorker(scope.state, worker)
  }
  return record
}

export const timerKey = {
  ttl: (taskSid: string): string => `ttl:${taskSid}`,
  step: (taskSid: string): string => `step:${taskSid}`,
  reservation: (reservationSid: string): string => `reservation:${reservationSid}`,
}
