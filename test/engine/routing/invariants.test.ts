import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createDispatch } from '../../../src-main/api/dispatch'
import { EventBus } from '../../../src-main/api/eventBus'
import type { MethodName } from '../../../src-main/contract/methods'
import { FakeClock } from '../../../src-main/engine/clock'
import type { EngineContext } from '../../../src-main/engine/configuration/context'
import { Engine } from '../../../src-main/engine/engine'
import { sequentialIds } from '../../../src-main/engine/ids'
import { createMemoryStore } from '../../../src-main/store/memoryStore'
import { checkRoutingIndexes } from './indexCheck'

/**
 * A randomized simulation through the real dispatch (so every change set is persisted), with
 * the engine's invariants checked after every step, and at the end a restart from the store
 * that must answer exactly like the running engine.
 */
const workerNames = ['w0', 'w1', 'w2', 'w3', 'w4', 'w5']
const step = fc.oneof(
  fc.record({ kind: fc.constant('task' as const), channel: fc.constantFrom('default', 'chat', 'voice'), tier: fc.constantFrom('gold', 'silver', 'none'), priority: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('respond' as const), pick: fc.nat(), answer: fc.constantFrom('accepted', 'rejected') }),
  fc.record({ kind: fc.constant('finish' as const), pick: fc.nat(), how: fc.constantFrom('wrapping', 'completed', 'canceled') }),
  fc.record({ kind: fc.constant('activity' as const), worker: fc.constantFrom(...workerNames), activity: fc.constantFrom('Available', 'Offline', 'Break'), reject: fc.boolean() }),
  fc.record({ kind: fc.constant('capacity' as const), worker: fc.constantFrom(...workerNames), channel: fc.constantFrom('chat', 'voice'), capacity: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('attributes' as const), worker: fc.constantFrom(...workerNames), gold: fc.boolean() }),
  fc.record({ kind: fc.constant('time' as const), seconds: fc.integer({ min: 1, max: 90 }) }),
)

describe('engine invariants under random traffic', () => {
  it('hold after every step, and a restart from the store answers the same', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(step, { minLength: 20, maxLength: 120 }), async (multitask, steps) => {
        const clock = new FakeClock()
        const store = createMemoryStore()
        const engine = new Engine({ clock, ids: sequentialIds() })
        const dispatch = createDispatch({ engine, store, bus: new EventBus(), info: { version: 't', mode: 'headless', dataDir: '' } })
        const call = async (method: MethodName, input: object): Promise<Record<string, unknown> | undefined> => {
          const result = await dispatch(method, input)
          return result.ok ? (result.data as Record<string, unknown>) : undefined
        }
        const ws = (await call('workspaces.create', { friendly_name: 'Sim', multi_task_enabled: multitask }))!.sid as string
        const act = (name: string): string => engine.query('activities.list', { workspace_sid: ws, friendly_name: name })[0]!.sid
        const gold = (await call('queues.create', { workspace_sid: ws, friendly_name: 'Gold', target_workers: 'gold == true', max_reserved_workers: 2 }))!.sid
        const all = (await call('queues.create', { workspace_sid: ws, friendly_name: 'All', task_order: 'LIFO' }))!.sid
        await call('workflows.create', {
          workspace_sid: ws, friendly_name: 'WF', task_reservation_timeout: 40,
          configuration: JSON.stringify({ task_routing: { filters: [{ expression: 'tier == "gold"', targets: [{ queue: gold, timeout: 60, skip_if: 'workers.available == 0' }, { queue: all, priority: 5 }] }], default_filter: { queue: all } } }),
        })
        const workers = new Map<string, string>()
        for (const [index, name] of workerNames.entries()) {
          workers.set(name, (await call('workers.create', { workspace_sid: ws, friendly_name: name, activity_sid: act('Available'), attributes: JSON.stringify({ gold: index % 2 === 0 }) }))!.sid as string)
        }
        for (const s of steps) {
          if (s.kind === 'task') await call('tasks.create', { workspace_sid: ws, task_channel: s.channel, priority: s.priority, attributes: JSON.stringify({ tier: s.tier }), timeout: 600 })
          else if (s.kind === 'respond') {
            const pending = engine.query('reservations.list', { workspace_sid: ws, reservation_status: 'pending' })
            const chosen = pending[s.pick % Math.max(1, pending.length)]
            if (chosen) await call('reservations.update', { workspace_sid: ws, sid: chosen.sid, reservation_status: s.answer, ...(s.answer === 'rejected' ? { worker_activity_sid: act('Available') } : {}) })
          } else if (s.kind === 'finish') {
            const open = engine.query('tasks.list', { workspace_sid: ws, assignment_status: ['assigned', 'wrapping', 'pending', 'reserved'] })
            const chosen = open[s.pick % Math.max(1, open.length)]
            if (chosen) await call('tasks.update', { workspace_sid: ws, sid: chosen.sid, assignment_status: s.how })
          } else if (s.kind === 'activity') await call('workers.update', { workspace_sid: ws, sid: workers.get(s.worker)!, activity_sid: act(s.activity), ...(s.reject && s.activity !== 'Available' ? { reject_pending_reservations: true } : {}) })
          else if (s.kind === 'capacity') await call('workerChannels.update', { workspace_sid: ws, worker_sid: workers.get(s.worker)!, sid: s.channel, capacity: s.capacity })
          else if (s.kind === 'attributes') await call('workers.update', { workspace_sid: ws, sid: workers.get(s.worker)!, attributes: JSON.stringify({ gold: s.gold }) })
          else clock.advance(s.seconds * 1000)
          await Promise.resolve()
          checkInvariants(engine, multitask)
        }
        const restarted = new Engine({ clock: new FakeClock(clock.now()), ids: sequentialIds() })
        restarted.load(await store.load())
        checkInvariants(restarted, multitask)
        for (const method of ['tasks.list', 'reservations.list', 'workers.list'] as const) {
          expect(restarted.query(method, { workspace_sid: ws })).toEqual(engine.query(method, { workspace_sid: ws }))
        }
      }),
      { numRuns: 60, seed: 20261121 },
    )
  })
})

/** The invariants of issue 4, recounted from the records (never trusting the indexes). */
function checkInvariants(engine: Engine, multitask: boolean): void {
  const ctx = (engine as unknown as { ctx: EngineContext }).ctx
  for (const state of ctx.workspaces.values()) {
    const activeByWorker = new Map<string, Set<string>>()
    const acceptedByTask = new Map<string, number>()
    const pendingByTask = new Map<string, Set<string>>()
    for (const reservation of state.reservations.values()) {
      const status = reservation.reservation_status
      if (status === 'pending' || status === 'accepted' || status === 'wrapping') {
        const set = activeByWorker.get(reservation.worker_sid) ?? new Set()
        set.add(reservation.sid)
        activeByWorker.set(reservation.worker_sid, set)
      }
      if (status === 'accepted' || status === 'wrapping') acceptedByTask.set(reservation.task_sid, (acceptedByTask.get(reservation.task_sid) ?? 0) + 1)
      if (status === 'pending') {
        const set = pendingByTask.get(reservation.task_sid) ?? new Set()
        set.add(reservation.sid)
        pendingByTask.set(reservation.task_sid, set)
      }
    }
    for (const [taskSid, accepted] of acceptedByTask) expect(accepted, `task ${taskSid} has one accepted reservation`).toBe(1)
    for (const worker of state.workerRuntime.values()) {
      const recount = activeByWorker.get(worker.sid) ?? new Set()
      expect([...worker.active].sort(), `active reservations of ${worker.friendly_name}`).toEqual([...recount].sort())
      if (!multitask) expect(recount.size, `${worker.friendly_name} holds one task at a time`).toBeLessThanOrEqual(1)
      for (const [channelSid, load] of worker.load) {
        let pending = 0
        let accepted = 0
        let wrapping = 0
        for (const sid of recount) {
          const r = state.reservations.get(sid)!
          if (r.task_channel_sid !== channelSid) continue
          if (r.reservation_status === 'pending') pending += 1
          else if (r.reservation_status === 'accepted') accepted += 1
          else wrapping += 1
        }
        expect(load, `load of ${worker.friendly_name} on ${channelSid}`).toEqual({ pending, accepted, wrapping })
      }
    }
    const queued = new Map<string, number>()
    for (const queue of state.queueRuntime.values()) for (const taskSid of queue.tasks) queued.set(taskSid, (queued.get(taskSid) ?? 0) + 1)
    for (const task of state.tasks.values()) {
      const status = task.record.assignment_status
      const waiting = status === 'pending' || status === 'reserved'
      expect(queued.get(task.sid) ?? 0, `task ${task.sid} (${status}) is in ${waiting ? 'exactly one queue' : 'no queue'}`).toBe(waiting ? 1 : 0)
      if (waiting) expect(state.queueRuntime.get(task.record.routing!.queue_sid)!.tasks.has(task.sid)).toBe(true)
      expect([...task.pending].sort()).toEqual([...(pendingByTask.get(task.sid) ?? [])].sort())
      if (waiting) expect(status === 'reserved', `task ${task.sid} is reserved iff it has pending reservations`).toBe(task.pending.size > 0)
    }
    checkRoutingIndexes(state)
  }
}
