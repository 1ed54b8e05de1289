import type { Activity, Worker, WorkerChannel } from '@contract'
import { createFakeTransport, fail } from './fakeTransport'
import type { FakeTransport } from './fakeTransport'
import { WS, createActivity, createWorker, createWorkerChannel } from './factories'

/**
 * A fake backend for the Workers area: workers (list with a tiny expression filter:
 * `skills HAS "x"`), get/create/update (if_match checked)/delete, worker channels, activities.
 */
export function createWorkerBackend(workers: Worker[], activities: Activity[] = [createActivity({ friendly_name: 'Available', available: true }), createActivity({ friendly_name: 'Offline', available: false })]) {
  const rows = [...workers]
  const channels = new Map<string, WorkerChannel[]>()
  const channelsOf = (workerSid: string): WorkerChannel[] => {
    let list = channels.get(workerSid)
    if (!list) channels.set(workerSid, (list = [createWorkerChannel({ worker_sid: workerSid, task_channel_unique_name: 'voice' }), createWorkerChannel({ worker_sid: workerSid, task_channel_unique_name: 'chat', configured_capacity: 3, assigned_tasks: 1 })]))
    return list
  }
  const byId = (sid: unknown): Worker => {
    const row = rows.find((item) => item.sid === sid)
    if (!row) throw fail({ code: 20404, status: 404, message: 'Worker not found', param: 'sid' })
    return row
  }
  const transport: FakeTransport = createFakeTransport({
    'workers.list': (input) => {
      const expression = input.target_workers_expression as string | undefined
      if (expression === undefined) return [...rows]
      const match = /^skills HAS "([^"]*)"$/.exec(expression.trim())
      if (!match) throw fail({ message: `Invalid expression: ${expression}`, param: 'target_workers_expression' })
      return rows.filter((row) => (JSON.parse(row.attributes).skills ?? []).includes(match[1]))
    },
    'workers.get': (input) => byId(input.sid),
    'workers.create': (input) => {
      const row = createWorker({ friendly_name: String(input.friendly_name), attributes: String(input.attributes ?? '{}') })
      rows.push(row)
      return row
    },
    'workers.update': (input) => {
      const row = byId(input.sid)
      if (input.if_match !== undefined && input.if_match !== String(row.version)) throw fail({ code: 20412, status: 412, message: 'Version mismatch' })
      if (typeof input.activity_sid === 'string') {
        const activity = activities.find((a) => a.sid === input.activity_sid)
        if (!activity) throw fail({ message: 'Unknown activity', param: 'activity_sid' })
        if (row.friendly_name.startsWith('Busy')) throw fail({ message: `${row.friendly_name} has a pending reservation` })
        Object.assign(row, { activity_sid: activity.sid, activity_name: activity.friendly_name, available: activity.available })
      }
      if (typeof input.attributes === 'string') row.attributes = input.attributes
      if (typeof input.friendly_name === 'string') row.friendly_name = input.friendly_name
      row.version += 1
      return { ...row }
    },
    'workers.delete': (input) => {
      const row = byId(input.sid)
      rows.splice(rows.indexOf(row), 1)
      return { deleted: true }
    },
    'workerChannels.list': (input) => channelsOf(String(input.worker_sid)),
    'workerChannels.update': (input) => {
      const list = channelsOf(String(input.worker_sid))
      const channel = list.find((item) => item.sid === input.sid)!
      if (typeof input.capacity === 'number') {
        if (input.capacity > 50) throw fail({ message: 'capacity must be between 0 and 50', param: 'capacity' })
        channel.configured_capacity = input.capacity
      }
      if (typeof input.available === 'boolean') channel.available = input.available
      return { ...channel }
    },
    'activities.list': () => [...activities],
    'expressions.compile': (input) => ({ ok: true, diagnostics: [], references: [], canonical: String(input.expression) }),
    'expressions.lint': () => ({ ok: true, diagnostics: [], warnings: [], sample_count: rows.length, matching_workers: 0 }),
    'tasks.list': () => [],
  })
  return { transport, rows, channels, activities, workspaceSid: WS }
}
