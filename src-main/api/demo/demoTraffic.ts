import type { DomainEvent } from '../../contract/resources'
import type { HandleTime } from '../../contract/simulation'
import type { Clock, Scheduler, TimerHandle } from '../../engine/clock'
import { exponential, lognormal, seededRandom, type Random } from '../../engine/simulation/random'
import type { Dispatch } from '../dispatch'
import type { EventBus } from '../eventBus'
import type { DemoCenter, LoadedDemo } from './demoCenter'

/**
 * Live traffic for demo mode: callers arrive (Poisson, the center's hourly profiles by the
 * clock's hour of day), agents accept their reservations after a few seconds, talk, wrap up,
 * complete, and now and then go on a break, all through `dispatch` like any client, so the
 * wallboard, statistics, events and every list move as in a real contact center.
 * `speed` compresses time (tests; a livelier demo): 60 means a simulated minute per second.
 */
export interface DemoTrafficOptions {
  dispatch: Dispatch
  bus: EventBus
  center: DemoCenter
  demo: LoadedDemo
  clock: Clock & Scheduler
  speed?: number
  seed?: number
}

export interface DemoTraffic {
  stop(): void
  counts(): DemoCounts
}

export interface DemoCounts {
  created: number
  accepted: number
  completed: number
  abandoned: number
  breaks: number
  /** Commands refused on a race (a caller hung up as the agent accepted): expected, counted. */
  refused: number
}

const HOUR_MS = 3_600_000
const BREAK_CHECK_MS = 60_000

export function startDemoTraffic(options: DemoTrafficOptions): DemoTraffic {
  const { dispatch, bus, center, demo, clock } = options
  const speed = options.speed ?? 1
  const random: Random = seededRandom(options.seed ?? Date.now() % 2 ** 31)
  const ws = demo.workspaceSid
  const timers = new Set<TimerHandle>()
  const counts: DemoCounts = { created: 0, accepted: 0, completed: 0, abandoned: 0, breaks: 0, refused: 0 }
  const waiting = new Set<string>()
  const busyWorkers = new Map<string, number>()
  const onBreak = new Set<string>()
  const loggedIn = new Set<string>()
  /** Tasks created and not yet finished: what their agent will need to handle them. */
  const tasks = new Map<string, { handleTime: HandleTime; wrapUpMs: number }>()
  let stopped = false

  /** Schedules in demo time (divided by speed); the handle forgets itself when it fires. */
  function later(demoMs: number, work: () => void): TimerHandle {
    const handle = clock.schedule(demoMs / speed, () => {
      timers.delete(handle)
      if (!stopped) work()
    })
    timers.add(handle)
    return handle
  }

  async function send(method: Parameters<Dispatch>[0], input: unknown): Promise<boolean> {
    if (stopped) return false
    const result = await dispatch(method, input)
    if (!result.ok) counts.refused += 1
    return result.ok
  }

  const uniform = ([low, high]: readonly [number, number]): number => low + random() * (high - low)

  // Agents: the center's share logs in now; the rest stay offline.
  for (const sid of options.demo.workerSids) {
    if (random() < center.logged_in_share) {
      loggedIn.add(sid)
      void send('workers.update', { workspace_sid: ws, sid, activity_sid: demo.activities.available })
    }
  }

  // Callers.
  for (const stream of center.arrivals) {
    const workflowSid = demo.workflows.get(stream.workflow)
    if (!workflowSid) throw new Error(`The demo arrival stream names workflow '${stream.workflow}', which the center does not define`)
    const profile = stream.profile ?? new Array<number>(24).fill(1)
    const peakPerMs = (stream.per_hour * Math.max(...profile)) / HOUR_MS
    if (peakPerMs <= 0) continue
    const attributes = JSON.stringify(stream.attributes ?? {})
    const next = (): void => {
      later(exponential(random, 1 / peakPerMs), () => {
        const hourOfDay = new Date(clock.now()).getUTCHours()
        if (random() < profile[hourOfDay]! / Math.max(...profile)) void arrive()
        next()
      })
    }
    const arrive = async (): Promise<void> => {
      const result = await dispatch('tasks.create', { workspace_sid: ws, workflow_sid: workflowSid, task_channel: stream.channel, attributes, ...(stream.priority === undefined ? {} : { priority: stream.priority }) })
      if (!result.ok) {
        counts.refused += 1
        return
      }
      counts.created += 1
      const taskSid = result.data.sid
      waiting.add(taskSid)
      tasks.set(taskSid, { handleTime: stream.handle_time, wrapUpMs: (stream.wrap_up_seconds ?? 0) * 1000 })
      if (stream.patience_seconds !== undefined) {
        later(exponential(random, stream.patience_seconds * 1000), () => {
          if (!waiting.delete(taskSid)) return
          tasks.delete(taskSid)
          counts.abandoned += 1
          void send('tasks.update', { workspace_sid: ws, sid: taskSid, assignment_status: 'canceled', reason: 'caller hung up' })
        })
      }
    }
    next()
  }

  // Agents answer: every reservation of the demo workspace is accepted after a short delay.
  const stopEvents = bus.on('app.event', (event: DomainEvent) => {
    if (event.workspace_sid !== ws || event.event_type !== 'reservation.created') return
    const reservationSid = event.resource_sid
    const taskSid = event.event_data.task_sid ?? ''
    const workerSid = event.event_data.worker_sid ?? ''
    later(uniform(center.accept_delay_seconds) * 1000, () => void accept(reservationSid, taskSid, workerSid))
  })

  async function accept(reservationSid: string, taskSid: string, workerSid: string): Promise<void> {
    const task = tasks.get(taskSid)
    if (!task || !waiting.has(taskSid)) return
    if (!(await send('reservations.update', { workspace_sid: ws, sid: reservationSid, reservation_status: 'accepted' }))) return
    waiting.delete(taskSid)
    counts.accepted += 1
    busyWorkers.set(workerSid, (busyWorkers.get(workerSid) ?? 0) + 1)
    later(sampleHandle(random, task.handleTime) * 1000, () => {
      const finish = (): void => {
        void send('tasks.update', { workspace_sid: ws, sid: taskSid, assignment_status: 'completed', reason: 'resolved' }).then((ok) => {
          if (ok) counts.completed += 1
          tasks.delete(taskSid)
          const busy = (busyWorkers.get(workerSid) ?? 1) - 1
          if (busy > 0) busyWorkers.set(workerSid, busy)
          else busyWorkers.delete(workerSid)
        })
      }
      if (task.wrapUpMs <= 0) return finish()
      void send('tasks.update', { workspace_sid: ws, sid: taskSid, assignment_status: 'wrapping' }).then(() => later(task.wrapUpMs, finish))
    })
  }

  // Breaks: idle logged-in agents step away now and then, and come back.
  const breakChance = (center.breaks.per_agent_per_hour * BREAK_CHECK_MS) / HOUR_MS
  const breakCheck = (): void => {
    later(BREAK_CHECK_MS, () => {
      for (const sid of loggedIn) {
        if (onBreak.has(sid) || busyWorkers.has(sid) || random() >= breakChance) continue
        onBreak.add(sid)
        counts.breaks += 1
        void send('workers.update', { workspace_sid: ws, sid, activity_sid: demo.activities.break, reject_pending_reservations: true })
        later(uniform(center.breaks.minutes) * 60_000, () => {
          onBreak.delete(sid)
          void send('workers.update', { workspace_sid: ws, sid, activity_sid: demo.activities.available })
        })
      }
      breakCheck()
    })
  }
  breakCheck()

  return {
    stop() {
      stopped = true
      stopEvents()
      for (const handle of timers) handle.cancel()
      timers.clear()
    },
    counts: () => ({ ...counts }),
  }
}

function sampleHandle(random: Random, handleTime: HandleTime): number {
  switch (handleTime.distribution) {
    case 'exponential':
      return exponential(random, handleTime.mean_seconds)
    case 'lognormal':
      return lognormal(random, handleTime.mean_seconds, handleTime.sd_seconds)
    case 'fixed':
      return handleTime.mean_seconds
  }
}
