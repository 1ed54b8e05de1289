import type { EngineContext } from '../configuration/context'
import type { WorkspaceState } from '../configuration/workspaceState'
import type { ReservationRecord, TaskRecord, WorkerRecord } from '../model'
import type { Transaction } from '../transaction'
import type { TaskRuntime, WorkerRuntime } from './runtime'

/** What every routing step works on: the engine, one workspace, and the open transaction. */
export interface RoutingScope {
  ctx: EngineContext
  state: WorkspaceState
  tx: Transaction
}

/** Replaces a task's record (new object: records are never mutated) and records the change. */
export function saveTask(scope: RoutingScope, task: TaskRuntime, patch: Partial<TaskRecord>): TaskRecord {
  const record: TaskRecord = { ...task.record, ...patch, date_updated: scope.tx.now, version: task.record.version + 1 }
  task.record = record
  scope.tx.put('tasks', record)
  return record
}

export function saveReservation(scope: RoutingScope, current: ReservationRecord, patch: Partial<ReservationRecord>): ReservationRecord {
  const record: ReservationRecord = { ...current, ...patch, date_updated: scope.tx.now, version: current.version + 1 }
  scope.state.reservations.set(record.sid, record)
  scope.tx.put('reservations', record)
  return record
}

export function saveWorker(scope: RoutingScope, worker: WorkerRuntime, patch: Partial<WorkerRecord>): WorkerRecord {
  const record: WorkerRecord = { ...worker.record, ...patch, date_updated: scope.tx.now, version: worker.record.version + 1 }
  worker.record = record
  scope.state.workers.set(record)
  scope.tx.put('workers', record)
  return record
}

export const timerKey = {
  ttl: (taskSid: string): string => `ttl:${taskSid}`,
  step: (taskSid: string): string => `step:${taskSid}`,
  reservation: (reservationSid: string): string => `reservation:${reservationSid}`,
}
