import { describe, expect, it } from 'vitest'
import { methods } from '../../../src-main/contract/methods'
import { lastReset, isValidTimeZone } from '../../../src-main/engine/statistics/timeZone'
import { routingFixture } from '../routing/fixture'

const seconds = (n: number): number => n * 1000

describe('lastReset: "today" at a local time in an IANA zone', () => {
  it.each([
    ['UTC midnight', Date.UTC(2026, 0, 15, 9, 30), '00:00', 'UTC', Date.UTC(2026, 0, 15, 0, 0)],
    ['before the reset: yesterday', Date.UTC(2026, 0, 15, 5, 0), '06:00', 'UTC', Date.UTC(2026, 0, 14, 6, 0)],
    ['New York winter (UTC-5)', Date.UTC(2026, 0, 15, 12, 0), '06:00', 'America/New_York', Date.UTC(2026, 0, 15, 11, 0)],
    ['New York summer (UTC-4)', Date.UTC(2026, 6, 15, 12, 0), '06:00', 'America/New_York', Date.UTC(2026, 6, 15, 10, 0)],
    ['Kolkata (UTC+5:30), local date ahead of UTC', Date.UTC(2026, 0, 15, 20, 0), '00:00', 'Asia/Kolkata', Date.UTC(2026, 0, 15, 18, 30)],
    ['Paris, the day after the spring DST change', Date.UTC(2026, 2, 30, 10, 0), '00:00', 'Europe/Paris', Date.UTC(2026, 2, 29, 22, 0)],
  ])('%s', (_name, now, reset, zone, expected) => {
    expect(new Date(lastReset(now, reset, zone)).toISOString()).toBe(new Date(expected).toISOString())
  })

  it('knows IANA zones and refuses others', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true)
    expect(isValidTimeZone('Mars/Olympus')).toBe(false)
  })
})

/** One queue, threshold 20 s, short abandon 10 s; agents offline until a test says otherwise. */
function slaCenter(extra: Record<string, unknown> = {}) {
  const f = routingFixture()
  const queue = f.queue('Q', '1==1', { sla_threshold_seconds: 20, short_abandon_seconds: 10, ...extra })
  const workflow = f.workflow({ default_filter: { queue: 'Q' } }, { task_reservation_timeout: 600 })
  f.worker('Ann', {}, { available: false })
  const kpis = (window: 'now' | '30m' | 'today') => f.engine.query('stats.kpis', { workspace_sid: f.ws, window })
  /** A task that waits `wait` s, then is accepted (then handled `talk` s + `wrap` s) or abandoned. */
  const call = (wait: number, outcome: 'accept' | 'abandon', talk = 60, wrap = 0): void => {
    const task = f.task({}, { workflow_sid: workflow })
    f.clock.advance(seconds(wait))
    if (outcome === 'abandon') {
      f.updateTask(task.sid, { assignment_status: 'canceled' })
      return
    }
    f.setActivity('Ann', 'Available')
    f.accept(task.sid)
    f.clock.advance(seconds(talk))
    if (wrap > 0) {
      f.updateTask(task.sid, { assignment_status: 'wrapping' })
      f.clock.advance(seconds(wrap))
    }
    f.complete(task.sid)
    f.setActivity('Ann', 'Offline')
  }
  return { f, queue, kpis, call }
}

describe('KPIs per queue (KPIS.md §4, Flex Real-Time Queues View)', () => {
  it('SLA % = accepted within threshold / (accepted + abandoned - short abandoned)', () => {
    const { kpis, call } = slaCenter()
    call(5, 'accept') // within
    call(25, 'accept') // late
    call(3, 'abandon') // short abandon: excluded
    call(30, 'abandon') // abandon
    const period = kpis('30m').queues[0]!.kpis.period!
    expect(period).toMatchObject({ accepted: 2, accepted_within_sla: 1, abandoned: 2, short_abandoned: 1, tasks: 4, sla_percent: 33.3, abandoned_percent: 50, short_abandoned_percent: 25 })
    expect(period.asa).toBe(15)
    expect(period.avg_abandon_time).toBe(16.5)
  })

  it.each([
    ['exclude_short_abandons', undefined, 33.3, 'accepted within threshold ÷ (accepted + abandoned − short abandoned)'],
    ['exclude_short_abandons', 'exclude_short_abandons', 33.3, 'accepted within threshold ÷ (accepted + abandoned − short abandoned)'],
    ['include_abandons', 'include_abandons', 25, 'accepted within threshold ÷ (accepted + abandoned)'],
    ['answered_only', 'answered_only', 50, 'accepted within threshold ÷ accepted'],
  ] as const)('SLA formula %s (set: %s) gives %s %%', (formula, setting, slaPercent, text) => {
    const { kpis, call } = slaCenter(setting ? { sla_formula: setting } : {})
    call(5, 'accept')
    call(25, 'accept')
    call(3, 'abandon')
    call(30, 'abandon')
    const queue = kpis('30m').queues[0]!
    expect(queue).toMatchObject({ sla_formula: formula, sla_formula_text: text })
    expect(queue.kpis.period).toMatchObject({ accepted_within_sla: 1, sla_percent: slaPercent })
  })

  it('occupancy over 30 minutes and today: busy agent time / (busy + available idle agent time)', () => {
    const f = routingFixture()
    f.queue('Q')
    const workflow = f.workflow({ default_filter: { queue: 'Q' } })
    f.worker('Ann') // available and idle from 09:00:00
    const occupancy = (window: '30m' | 'today') => {
      const result = f.engine.query('stats.kpis', { workspace_sid: f.ws, window })
      return [result.queues[0]!.kpis.period!.occupancy, result.rollup.period!.occupancy]
    }
    f.clock.advance(seconds(40))
    const task = f.task({}, { workflow_sid: workflow }) // reserved: still idle
    f.accept(task.sid) // busy
    f.clock.advance(seconds(60))
    f.complete(task.sid) // idle again
    f.clock.advance(seconds(20))
    expect(occupancy('30m')).toEqual([50, 50]) // 60 s busy / (60 + 40 + 20) s
    expect(occupancy('today')).toEqual([50, 50])

    f.setActivity('Ann', 'Offline') // neither busy nor idle
    f.clock.advance(seconds(31 * 60))
    expect(occupancy('30m')).toEqual([null, null])
    f.setActivity('Ann', 'Available')
    f.clock.advance(seconds(60))
    expect(occupancy('30m')).toEqual([0, 0]) // only the last minute's idle time is in the window
    expect(occupancy('today')).toEqual([33.3, 33.3]) // 60 / (60 + 120)
  })

  it('AHT is talk + wrap-up; average wrap-up over tasks that wrapped', () => {
    const { kpis, call } = slaCenter()
    call(0, 'accept', 100, 20)
    call(0, 'accept', 60, 0)
    const period = kpis('30m').queues[0]!.kpis.period!
    expect(period).toMatchObject({ completed: 2, aht: 90, avg_talk_time: 80, avg_wrap_up_time: 20 })
  })

  it('counts missed (timed out) and rejected invitations', () => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ default_filter: { queue: 'Q' } }, { task_reservation_timeout: 30 })
    f.worker('Ann')
    const task = f.task()
    f.clock.advance(seconds(30))
    f.worker('Bob')
    f.respond(f.reservations({ task_sid: task.sid, reservation_status: 'pending' })[0]!.sid, { reservation_status: 'rejected' })
    const period = f.engine.query('stats.kpis', { workspace_sid: f.ws, window: '30m' }).queues[0]!.kpis.period!
    expect(period).toMatchObject({ missed_invitations: 1, rejected_invitations: 1 })
  })

  it('"30m" forgets older work, "today" keeps it until the queue\'s local reset time', () => {
    const { f, kpis, call } = slaCenter({ sla_reset_time: '06:00', sla_time_zone: 'America/New_York' })
    // The fake clock starts 2026-01-01T09:00Z = 04:00 in New York: "today" began 2025-12-31 06:00 local.
    call(5, 'accept')
    f.clock.advance(seconds(3600))
    expect(kpis('30m').queues[0]!.kpis.period!.accepted).toBe(0)
    expect(kpis('today').queues[0]!.kpis.period!.accepted).toBe(1)
    f.clock.advance(seconds(3600)) // 06:01 local: a new day
    expect(kpis('today').queues[0]!.kpis.period!.accepted).toBe(0)
  })

  it('"now": waiting and active tasks, longest wait, agents by state, occupancy; the rollup counts agents once', () => {
    const f = routingFixture()
    f.queue('A')
    f.queue('B')
    const workflow = f.workflow({ filters: [{ filter_friendly_name: 'b', expression: 'q == "b"', targets: [{ queue: 'B' }] }], default_filter: { queue: 'A' } })
    f.worker('Ann')
    f.worker('Bob', {}, { available: false })
    f.worker('Cid', {}, { available: false })
    f.setActivity('Cid', 'Break')
    const busy = f.task({}, { workflow_sid: workflow })
    f.accept(busy.sid)
    f.clock.advance(seconds(5))
    f.task({ q: 'b' }, { workflow_sid: workflow })
    f.clock.advance(seconds(7))
    const result = f.engine.query('stats.kpis', { workspace_sid: f.ws, window: 'now' })
    const [a, b] = result.queues
    expect(a!.kpis.now).toMatchObject({ active_tasks: 1, waiting_tasks: 0, agents_available: 1, agents_unavailable: 1, agents_offline: 1, occupancy: 100 })
    expect(b!.kpis.now).toMatchObject({ active_tasks: 0, waiting_tasks: 1, longest_wait: 7 })
    expect(a!.kpis.period).toBeNull()
    expect(result.rollup.now).toMatchObject({ active_tasks: 1, waiting_tasks: 1, longest_wait: 7, agents_available: 1, agents_unavailable: 1, agents_offline: 1 })
    expect(result.rollup_by_channel.map((c) => c.task_channel_unique_name)).toContain('voice')
  })

  it('rollup: SLA weighted by accepted + abandoned, ASA by accepted', () => {
    const f = routingFixture()
    f.queue('A', '1==1', { sla_threshold_seconds: 10 })
    f.queue('B', '1==1', { sla_threshold_seconds: 60 })
    const workflow = f.workflow({ filters: [{ filter_friendly_name: 'b', expression: 'q == "b"', targets: [{ queue: 'B' }] }], default_filter: { queue: 'A' } })
    f.worker('Ann', {}, { available: false })
    for (const [queue, wait] of [['a', 5], ['a', 30], ['b', 30]] as const) {
      const task = f.task({ q: queue }, { workflow_sid: workflow })
      f.clock.advance(seconds(wait))
      f.setActivity('Ann', 'Available')
      f.accept(task.sid)
      f.complete(task.sid)
      f.setActivity('Ann', 'Offline')
    }
    const result = f.engine.query('stats.kpis', { workspace_sid: f.ws, window: '30m' })
    expect(result.queues.map((q) => q.kpis.period!.sla_percent)).toEqual([50, 100])
    expect(result.rollup.period).toMatchObject({ accepted: 3, sla_percent: 66.7, asa: 21.7 })
  })
})

describe('SLA settings on queues', () => {
  it('defaults, updates and validation', () => {
    const f = routingFixture()
    const sid = f.queue('Q')
    expect(f.engine.query('queues.get', { workspace_sid: f.ws, sid })).toMatchObject({ sla_threshold_seconds: 20, short_abandon_seconds: 10, sla_reset_time: '00:00', sla_time_zone: 'UTC' })
    f.engine.execute('queues.update', { workspace_sid: f.ws, sid, sla_threshold_seconds: 30, sla_time_zone: 'Europe/Paris' })
    expect(f.engine.query('queues.get', { workspace_sid: f.ws, sid })).toMatchObject({ sla_threshold_seconds: 30, short_abandon_seconds: 10, sla_time_zone: 'Europe/Paris' })
    expect(() => f.engine.execute('queues.update', { workspace_sid: f.ws, sid, sla_time_zone: 'Mars/Olympus' })).toThrow(/IANA/)
  })

  it('the SLA formula is stored per queue, kept by other updates, and validated by the contract', () => {
    const f = routingFixture()
    const sid = f.queue('Q')
    expect(f.engine.query('queues.get', { workspace_sid: f.ws, sid }).sla_formula).toBe('exclude_short_abandons')
    f.engine.execute('queues.update', { workspace_sid: f.ws, sid, sla_formula: 'answered_only' })
    f.engine.execute('queues.update', { workspace_sid: f.ws, sid, sla_threshold_seconds: 15 })
    expect(f.engine.query('queues.get', { workspace_sid: f.ws, sid })).toMatchObject({ sla_formula: 'answered_only', sla_threshold_seconds: 15 })
    const update = methods['queues.update'].input
    expect(update.safeParse({ workspace_sid: f.ws, sid, sla_formula: 'include_abandons' }).success).toBe(true)
    const bad = update.safeParse({ workspace_sid: f.ws, sid, sla_formula: 'best_case' })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0]?.path).toEqual(['sla_formula'])
  })
})

describe('time series', () => {
  it('per second for the last hour, filled forward, with the oldest wait growing between events', () => {
    const f = routingFixture()
    f.queue('Q')
    const workflow = f.workflow({ default_filter: { queue: 'Q' } })
    f.task({}, { workflow_sid: workflow })
    f.clock.advance(seconds(10))
    const series = f.engine.query('stats.series', { workspace_sid: f.ws, resolution: 'second', minutes: 1 })
    expect(series.points).toHaveLength(60)
    const last = series.points[series.points.length - 1]!
    expect(last).toMatchObject({ total_tasks: 1, pending: 1, longest_task_waiting_age: 10 })
    expect(series.points[series.points.length - 12]).toMatchObject({ total_tasks: 0 })
    const minutes = f.engine.query('stats.series', { workspace_sid: f.ws, resolution: 'minute', minutes: 5 })
    expect(minutes.points).toHaveLength(5)
    expect(minutes.points[4]).toMatchObject({ total_tasks: 1 })
  })
})
