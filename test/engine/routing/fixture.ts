import type { MethodInput } from '../../../src-main/contract/methods'
import type { DomainEvent } from '../../../src-main/contract/resources'
import { FakeClock } from '../../../src-main/engine/clock'
import { Engine } from '../../../src-main/engine/engine'
import { sequentialIds } from '../../../src-main/engine/ids'
import type { Outcome } from '../../../src-main/engine/model'

/**
 * A routing playground on a fake clock: workers, queues, workflows and tasks by name, and
 * every event (commands and timers alike) collected in order.
 */
export function routingFixture(options: { multitask?: boolean; queueOrder?: 'FIFO' | 'LIFO' } = {}) {
  const clock = new FakeClock()
  const engine = new Engine({ clock, ids: sequentialIds() })
  const events: DomainEvent[] = []
  engine.onBackgroundOutcome((outcome) => events.push(...outcome.events))
  const run = <T>(outcome: Outcome<T>): T => {
    events.push(...outcome.events)
    return outcome.result
  }
  const ws = run(engine.execute('workspaces.create', { friendly_name: 'Routing', multi_task_enabled: options.multitask ?? true, prioritize_queue_order: options.queueOrder ?? 'FIFO' })).sid
  const activities = engine.query('activities.list', { workspace_sid: ws })
  const activity = (name: string): string => activities.find((a) => a.friendly_name === name)?.sid ?? engine.query('activities.list', { workspace_sid: ws, friendly_name: name })[0]!.sid
  const workers = new Map<string, string>()
  const queues = new Map<string, string>()

  const api = {
    engine, clock, ws, events, activity,
    worker(name: string, attributes: object = {}, opts: { available?: boolean; capacity?: Record<string, number> } = {}): string {
      const sid = run(engine.execute('workers.create', { workspace_sid: ws, friendly_name: name, attributes: JSON.stringify(attributes) })).sid
      workers.set(name, sid)
      for (const [channel, capacity] of Object.entries(opts.capacity ?? {})) run(engine.execute('workerChannels.update', { workspace_sid: ws, worker_sid: sid, sid: channel, capacity }))
      if (opts.available !== false) api.setActivity(name, 'Available')
      return sid
    },
    workerSid: (name: string): string => workers.get(name)!,
    workerName: (sid: string): string => [...workers].find(([, s]) => s === sid)?.[0] ?? sid,
    setActivity(name: string, activityName: string, extra: Partial<MethodInput<'workers.update'>> = {}): void {
      run(engine.execute('workers.update', { workspace_sid: ws, sid: workers.get(name)!, activity_sid: activity(activityName), ...extra }))
    },
    workerView: (name: string) => engine.query('workers.get', { workspace_sid: ws, sid: workers.get(name)! }),
    queue(name: string, targetWorkers = '1==1', extra: Partial<MethodInput<'queues.create'>> = {}): string {
      const sid = run(engine.execute('queues.create', { workspace_sid: ws, friendly_name: name, target_workers: targetWorkers, ...extra })).sid
      queues.set(name, sid)
      return sid
    },
    queueSid: (name: string): string => queues.get(name)!,
    /** A workflow whose configuration names queues by name: `{ queue: 'Sales' }`. */
    workflow(routing: object, extra: Partial<MethodInput<'workflows.create'>> = {}): string {
      const text = JSON.stringify({ task_routing: routing }).replace(/"queue":"([^"]+)"/g, (_m, name: string) => `"queue":"${queues.get(name) ?? name}"`)
      return run(engine.execute('workflows.create', { workspace_sid: ws, friendly_name: `WF${Math.random().toString(16).slice(2, 8)}`, configuration: text, ...extra })).sid
    },
    task(attributes: object = {}, extra: Partial<MethodInput<'tasks.create'>> = {}) {
      return run(engine.execute('tasks.create', { workspace_sid: ws, attributes: JSON.stringify(attributes), ...extra }))
    },
    taskView: (sid: string) => engine.query('tasks.get', { workspace_sid: ws, sid }),
    updateTask: (sid: string, change: Partial<MethodInput<'tasks.update'>>) => run(engine.execute('tasks.update', { workspace_sid: ws, sid, ...change })),
    reservations: (filter: { task_sid?: string; worker_sid?: string; reservation_status?: 'pending' } = {}) => engine.query('reservations.list', { workspace_sid: ws, ...filter }),
    /** Who holds a pending reservation for the task, by worker name. */
    offeredTo: (taskSid: string): string[] => engine.query('reservations.list', { workspace_sid: ws, task_sid: taskSid, reservation_status: 'pending' }).map((r) => api.workerName(r.worker_sid)),
    respond(reservationSid: string, change: Partial<MethodInput<'reservations.update'>>) {
      return run(engine.execute('reservations.update', { workspace_sid: ws, sid: reservationSid, ...change }))
    },
    accept(taskSid: string, workerName?: string) {
      const pending = engine.query('reservations.list', { workspace_sid: ws, task_sid: taskSid, reservation_status: 'pending' })
      const reservation = workerName ? pending.find((r) => r.worker_sid === workers.get(workerName)) : pending[0]
      if (!reservation) throw new Error(`no pending reservation for ${taskSid}${workerName ? ` and ${workerName}` : ''}`)
      return api.respond(reservation.sid, { reservation_status: 'accepted' })
    },
    complete: (taskSid: string) => api.updateTask(taskSid, { assignment_status: 'completed', reason: 'done' }),
    eventTypes: (resourceSid?: string): string[] => events.filter((e) => !resourceSid || e.resource_sid === resourceSid).map((e) => e.event_type),
    channelLoad: (name: string, channel = 'default') => engine.query('workerChannels.get', { workspace_sid: ws, worker_sid: workers.get(name)!, sid: channel }),
  }
  return api
}
