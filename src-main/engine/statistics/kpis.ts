import type { MethodOutput } from '../../contract/methods'
import { SLA_FORMULA_TEXT, type SlaFormula } from '../../contract/slaFormula'
import type { Kpi, KpiNow, KpiPeriod } from '../../contract/statistics'
import { isoSeconds } from '../clock'
import type { TaskQueueRecord } from '../model'
import type { DurationStat } from './cumulative'
import { occupancyPercent } from './occupancy'
import { ALL, type TaskTally, type WorkerTally } from './realtime'
import { ageOf, type Scope } from './scope'
import { SLA_DEFAULTS } from './settings'
import { lastReset } from './timeZone'

/**
 * Contact-center KPIs per queue and channel (KPIS.md §4, the Flex Real-Time Queues View):
 * "now" from the real-time tallies, "30m" and "today" from the cumulative buckets (hour
 * roll-ups make "today" a few dozen bucket additions per queue) and the occupancy ledgers.
 * Rollups: sums; the maximum for longest wait; SLA weighted by accepted + abandoned; ASA by
 * accepted; agents (and occupancy) once globally, from the workers in at least one queue.
 */

export type KpiWindow = 'now' | '30m' | 'today'

const MINUTE = 60_000

export interface QueueSettings {
  threshold: number
  shortAbandon: number
  resetTime: string
  timeZone: string
  formula: SlaFormula
}

const DEFAULT_SETTINGS: QueueSettings = {
  threshold: SLA_DEFAULTS.sla_threshold_seconds,
  shortAbandon: SLA_DEFAULTS.short_abandon_seconds,
  resetTime: SLA_DEFAULTS.sla_reset_time,
  timeZone: SLA_DEFAULTS.sla_time_zone,
  formula: SLA_DEFAULTS.sla_formula,
}

export function settingsOf(queue: TaskQueueRecord): QueueSettings {
  return {
    threshold: queue.sla_threshold_seconds ?? SLA_DEFAULTS.sla_threshold_seconds,
    shortAbandon: queue.short_abandon_seconds ?? SLA_DEFAULTS.short_abandon_seconds,
    resetTime: queue.sla_reset_time ?? SLA_DEFAULTS.sla_reset_time,
    timeZone: queue.sla_time_zone ?? SLA_DEFAULTS.sla_time_zone,
    formula: queue.sla_formula ?? SLA_DEFAULTS.sla_formula,
  }
}

/** Which tasks the SLA % divides by. */
export function slaDenominator(formula: SlaFormula, counts: { accepted: number; abandoned: number; short: number }): number {
  switch (formula) {
    case 'exclude_short_abandons':
      return counts.accepted + counts.abandoned - counts.short
    case 'include_abandons':
      return counts.accepted + counts.abandoned
    case 'answered_only':
      return counts.accepted
  }
}

/** Raw sums behind a period's KPIs: rollups add these, then derive. */
interface PeriodRaw {
  start: number
  end: number
  accepted: number
  within: number
  abandoned: number
  short: number
  completed: number
  inQueueAccepted: DurationStat
  inQueueCanceled: DurationStat
  handle: DurationStat
  talk: DurationStat
  wrap: DurationStat
  missed: number
  rejected: number
  /** The queue's SLA: accepted within threshold over the formula's denominator. */
  slaWithin: number
  slaOf: number
  /** Rollup: Σ sla% × (accepted + abandoned), Σ (accepted + abandoned) over queues with an SLA. */
  slaWeighted: number
  slaWeight: number
  /** Agent-milliseconds busy and available-idle (occupancy). */
  busyMs: number
  idleMs: number
}

const emptyStat = (): DurationStat => ({ count: 0, total: 0, min: Infinity, max: -Infinity })

function emptyRaw(start: number, end: number): PeriodRaw {
  return {
    start, end, accepted: 0, within: 0, abandoned: 0, short: 0, completed: 0,
    inQueueAccepted: emptyStat(), inQueueCanceled: emptyStat(), handle: emptyStat(), talk: emptyStat(), wrap: emptyStat(),
    missed: 0, rejected: 0, slaWithin: 0, slaOf: 0, slaWeighted: 0, slaWeight: 0, busyMs: 0, idleMs: 0,
  }
}

/** Per query: "today" starts per (reset time, zone), and Intl is too slow to ask 500 times. */
class WindowStarts {
  private readonly resets = new Map<string, number>()

  constructor(private readonly now: number) {}

  /** The first minute of the window, as epoch ms. */
  startOf(window: '30m' | 'today', settings: QueueSettings): number {
    if (window === '30m') return Math.floor((this.now - 30 * MINUTE) / MINUTE) * MINUTE
    const k = `${settings.resetTime} ${settings.timeZone}`
    let start = this.resets.get(k)
    if (start === undefined) this.resets.set(k, (start = Math.floor(lastReset(this.now, settings.resetTime, settings.timeZone) / MINUTE) * MINUTE))
    return start
  }
}

function periodRaw(scope: Scope, queue: TaskQueueRecord, settings: QueueSettings, channel: string, start: number): PeriodRaw {
  const aggregate = scope.stats.cumulative.aggregate(`q:${queue.sid}`, channel, start / MINUTE, Math.floor(scope.now / MINUTE))
  const accepted = aggregate.count('reservations_accepted')
  const abandoned = aggregate.count('tasks_canceled')
  const within = aggregate.below('in_queue_accepted', [settings.threshold])[0]!
  const short = aggregate.below('in_queue_canceled', [settings.shortAbandon])[0]!
  const denominator = slaDenominator(settings.formula, { accepted, abandoned, short })
  const time = scope.stats.realtime.ledger(`q:${queue.sid}`, channel)?.between(start, scope.now)
  return {
    start,
    end: scope.now,
    accepted,
    within,
    abandoned,
    short,
    completed: aggregate.count('tasks_completed'),
    inQueueAccepted: aggregate.duration('in_queue_accepted'),
    inQueueCanceled: aggregate.duration('in_queue_canceled'),
    handle: aggregate.duration('handle'),
    talk: aggregate.duration('talk'),
    wrap: aggregate.duration('wrap'),
    missed: aggregate.count('reservations_timed_out'),
    rejected: aggregate.count('reservations_rejected'),
    slaWithin: within,
    slaOf: denominator,
    slaWeighted: denominator > 0 ? (within / denominator) * 100 * (accepted + abandoned) : 0,
    slaWeight: denominator > 0 ? accepted + abandoned : 0,
    busyMs: time?.busyMs ?? 0,
    idleMs: time?.idleMs ?? 0,
  }
}

/** Adds a queue's sums to a rollup's (occupancy is not summed: the rollup counts agents once). */
function addRaw(into: PeriodRaw, raw: PeriodRaw): void {
  into.start = Math.min(into.start, raw.start)
  for (const field of ['accepted', 'within', 'abandoned', 'short', 'completed', 'missed', 'rejected', 'slaWeighted', 'slaWeight'] as const) into[field] += raw[field]
  for (const field of ['inQueueAccepted', 'inQueueCanceled', 'handle', 'talk', 'wrap'] as const) {
    into[field].count += raw[field].count
    into[field].total += raw[field].total
  }
}

const avg = (stat: DurationStat): number | null => (stat.count > 0 ? round1(stat.total / stat.count) : null)
const pct = (part: number, whole: number): number | null => (whole > 0 ? round1((part / whole) * 100) : null)
const round1 = (n: number): number => Math.round(n * 10) / 10

/** Thousands of periods share a handful of start and end times: format each once. */
const isoCache = new Map<number, string>()
function iso(ms: number): string {
  let text = isoCache.get(ms)
  if (text === undefined) {
    if (isoCache.size > 256) isoCache.clear()
    isoCache.set(ms, (text = isoSeconds(ms)))
  }
  return text
}

function period(raw: PeriodRaw, rollup: boolean): KpiPeriod {
  const tasks = raw.accepted + raw.abandoned
  return {
    start_time: iso(raw.start),
    end_time: iso(raw.end),
    tasks,
    accepted: raw.accepted,
    accepted_within_sla: raw.within,
    abandoned: raw.abandoned,
    short_abandoned: raw.short,
    completed: raw.completed,
    sla_percent: rollup ? (raw.slaWeight > 0 ? round1(raw.slaWeighted / raw.slaWeight) : null) : pct(raw.slaWithin, raw.slaOf),
    abandoned_percent: pct(raw.abandoned, tasks),
    short_abandoned_percent: pct(raw.short, tasks),
    asa: avg(raw.inQueueAccepted),
    aht: avg(raw.handle),
    avg_talk_time: avg(raw.talk),
    avg_wrap_up_time: avg(raw.wrap),
    avg_abandon_time: avg(raw.inQueueCanceled),
    missed_invitations: raw.missed,
    rejected_invitations: raw.rejected,
    occupancy: occupancyPercent(raw),
  }
}

function nowOf(scope: Scope, tasks: TaskTally | undefined, workers: WorkerTally | undefined, relativeScope: boolean): KpiNow {
  const oldest = relativeScope ? scope.stats.realtime.oldestWaiting(tasks, true) : undefined
  const busy = workers?.busy ?? 0
  const idle = workers?.idle ?? 0
  return {
    active_tasks: (tasks?.assigned ?? 0) + (tasks?.wrapping ?? 0),
    waiting_tasks: tasks?.waiting ?? 0,
    longest_wait: oldest ? ageOf(scope.now, oldest.key) : 0,
    longest_wait_task_sid: oldest?.sid ?? null,
    agents_available: workers?.available ?? 0,
    agents_unavailable: workers?.unavailable ?? 0,
    agents_offline: workers?.offline ?? 0,
    occupancy: pct(busy, busy + idle),
  }
}

function queueKpi(scope: Scope, queue: TaskQueueRecord, settings: QueueSettings, channel: string, start: number | null): { kpi: Kpi; raw: PeriodRaw | null } {
  const realtime = scope.stats.realtime
  const now = nowOf(scope, realtime.taskTally(`q:${queue.sid}`, channel), realtime.workerTally(`q:${queue.sid}`, channel), true)
  const raw = start === null ? null : periodRaw(scope, queue, settings, channel, start)
  return { kpi: { now, period: raw ? period(raw, false) : null }, raw }
}

/** A rollup being summed: agents once globally, from the workers in at least one queue. */
class Rollup {
  readonly now: KpiNow
  private readonly raw: PeriodRaw

  constructor(
    private readonly scope: Scope,
    private readonly channel: string,
  ) {
    this.now = nowOf(scope, undefined, scope.stats.realtime.workerTally('anyq', channel), false)
    this.raw = emptyRaw(scope.now, scope.now)
  }

  add(kpi: Kpi, raw: PeriodRaw | null): void {
    const now = this.now
    now.active_tasks += kpi.now.active_tasks
    now.waiting_tasks += kpi.now.waiting_tasks
    if (kpi.now.longest_wait > now.longest_wait || (now.longest_wait_task_sid === null && kpi.now.longest_wait_task_sid !== null)) {
      now.longest_wait = kpi.now.longest_wait
      now.longest_wait_task_sid = kpi.now.longest_wait_task_sid
    }
    if (raw) addRaw(this.raw, raw)
  }

  finish(window: KpiWindow, earliestStart: number): Kpi {
    if (window === 'now') return { now: this.now, period: null }
    const raw = this.raw
    raw.start = Math.min(raw.start, earliestStart)
    const time = this.scope.stats.realtime.ledger('anyq', this.channel)?.between(raw.start, this.scope.now)
    raw.busyMs = time?.busyMs ?? 0
    raw.idleMs = time?.idleMs ?? 0
    return { now: this.now, period: period(raw, true) }
  }
}

export function kpisOf(scope: Scope, window: KpiWindow, byChannel: boolean): MethodOutput<'stats.kpis'> {
  const { state } = scope
  const channels = byChannel && scope.channel === ALL ? [...state.channels.values()] : []
  const starts = new WindowStarts(scope.now)
  const rollup = new Rollup(scope, scope.channel)
  const channelRollups = channels.map((channel) => new Rollup(scope, channel.sid))
  let earliestStart = Infinity
  const queues: MethodOutput<'stats.kpis'>['queues'] = []
  for (const queue of state.queues.values()) {
    const settings = settingsOf(queue)
    const start = window === 'now' ? null : starts.startOf(window, settings)
    if (start !== null) earliestStart = Math.min(earliestStart, start)
    const main = queueKpi(scope, queue, settings, scope.channel, start)
    rollup.add(main.kpi, main.raw)
    const perChannel = channels.map((channel, index) => {
      const one = queueKpi(scope, queue, settings, channel.sid, start)
      channelRollups[index]!.add(one.kpi, one.raw)
      return { task_channel_sid: channel.sid, task_channel_unique_name: channel.unique_name, kpis: one.kpi }
    })
    queues.push({
      task_queue_sid: queue.sid,
      friendly_name: queue.friendly_name,
      sla_threshold_seconds: settings.threshold,
      short_abandon_seconds: settings.shortAbandon,
      sla_formula: settings.formula,
      sla_formula_text: SLA_FORMULA_TEXT[settings.formula],
      kpis: main.kpi,
      by_channel: perChannel,
    })
  }
  // The rollup's period: from the earliest queue start (the default settings' without queues).
  if (earliestStart === Infinity) earliestStart = window === 'now' ? scope.now : starts.startOf(window, DEFAULT_SETTINGS)
  return {
    workspace_sid: state.sid,
    window,
    task_channel_sid: scope.channel === ALL ? null : scope.channel,
    generated_at: isoSeconds(scope.now),
    queues,
    rollup: rollup.finish(window, earliestStart),
    rollup_by_channel: channels.map((channel, index) => ({ task_channel_sid: channel.sid, task_channel_unique_name: channel.unique_name, kpis: channelRollups[index]!.finish(window, earliestStart) })),
  }
}
