import type { TaskRuntime, WorkerRuntime } from './runtime'
import { timerKey, type RoutingScope } from './scope'

/**
 * Removes a task and every reservation it ever had, from the state and the store. An accepted
 * or wrapping reservation gives its worker's capacity back; the workers released are returned
 * so the caller can let them look for work once its events are recorded. The task must no
 * longer wait in a queue (cancel it first).
 */
export function removeTask(scope: RoutingScope, task: TaskRuntime): WorkerRuntime[] {
  const { ctx, state, tx } = scope
  ctx.timers.cancel(timerKey.ttl(task.sid))
  ctx.timers.cancel(timerKey.step(task.sid))
  const released: WorkerRuntime[] = []
  for (const sid of task.reservationSids) {
    const reservation = state.reservations.get(sid)
    if (!reservation) continue
    const worker = state.workerRuntime.get(reservation.worker_sid)
    if (worker?.active.delete(reservation.sid)) {
      const load = worker.loadOn(reservation.task_channel_sid)
      if (reservation.reservation_status === 'accepted') load.accepted = Math.max(0, load.accepted - 1)
      else if (reservation.reservation_status === 'wrapping') load.wrapping = Math.max(0, load.wrapping - 1)
      if (!released.includes(worker)) released.push(worker)
    }
    state.reservations.delete(reservation.sid)
    tx.delete('reservations', reservation.sid)
  }
  state.tasks.delete(task.sid)
  tx.delete('tasks', task.sid)
  return released
}
