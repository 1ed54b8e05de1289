import type { KpiNow, KpiPeriod, StatsSnapshot, WallboardMetric } from '@contract'

export type MetricUnit = 'count' | 'seconds' | 'percent'

export interface MetricInfo {
  label: string
  /** Column header in the queue and channel tables. */
  short: string
  /** A few words under the number: what exactly is counted (KPIS.md). */
  hint: string
  unit: MetricUnit
}

/** Labels and units of the big-number tiles, in the words of KPIS.md §4. */
export const METRICS: Readonly<Record<WallboardMetric, MetricInfo>> = {
  available_workers: { label: 'Available agents', short: 'Avail.', hint: 'each agent once', unit: 'count' },
  waiting_tasks: { label: 'Tasks waiting', short: 'Waiting', hint: 'in queue now', unit: 'count' },
  longest_wait: { label: 'Longest wait', short: 'Longest', hint: 'oldest waiting task', unit: 'seconds' },
  sla_percent: { label: 'SLA', short: 'SLA', hint: 'answered in threshold, 30 min', unit: 'percent' },
  asa: { label: 'ASA', short: 'ASA', hint: 'avg speed of answer, 30 min', unit: 'seconds' },
  abandoned: { label: 'Abandoned', short: 'Aband.', hint: 'last 30 min', unit: 'count' },
  abandoned_percent: { label: 'Abandoned %', short: 'Aband. %', hint: 'of tasks, 30 min', unit: 'percent' },
  active_tasks: { label: 'Active tasks', short: 'Active', hint: 'assigned + wrapping', unit: 'count' },
  occupancy: { label: 'Occupancy', short: 'Occup.', hint: 'busy of staffed agents', unit: 'percent' },
}

export const METRIC_KEYS = Object.keys(METRICS) as WallboardMetric[]

/** One row's KPIs: "now" from the pushed snapshot, the period from the 30-minute push. */
export interface KpiPair {
  now: KpiNow | null
  period: KpiPeriod | null
}

/**
 * A metric's value from a row's KPIs; null when it cannot be known yet (no 30-minute KPIs
 * received, or nothing answered in the window). `elapsedSeconds` ages the longest wait between
 * pushes (the snapshot's ages are as of its `generated_at_ms`).
 */
export function metricValue(metric: WallboardMetric, kpis: KpiPair, elapsedSeconds = 0): number | null {
  const { now, period } = kpis
  switch (metric) {
    case 'available_workers':
      return now?.agents_available ?? null
    case 'waiting_tasks':
      return now?.waiting_tasks ?? null
    case 'longest_wait':
      if (!now) return null
      return now.waiting_tasks > 0 ? now.longest_wait + Math.max(0, Math.floor(elapsedSeconds)) : now.longest_wait
    case 'active_tasks':
      return now?.active_tasks ?? null
    case 'occupancy':
      return now?.occupancy ?? null
    case 'sla_percent':
      return period?.sla_percent ?? null
    case 'asa':
      return period?.asa ?? null
    case 'abandoned':
      return period?.abandoned ?? null
    case 'abandoned_percent':
      return period?.abandoned_percent ?? null
  }
}

/** `12`, `1:05`, `1:02:03`, `87.5%`; an em dash when unknown. */
export function formatMetric(value: number | null, unit: MetricUnit): string {
  if (value === null || !Number.isFinite(value)) return '—'
  if (unit === 'percent') return `${value >= 99.95 || value === 0 ? Math.round(value) : value.toFixed(1)}%`
  if (unit === 'seconds') return formatDuration(value)
  return Math.round(value).toLocaleString('en-US')
}

export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds))
  if (seconds < 60) return `${seconds}s`
  const hours = Math.floor(seconds / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  const rest = String(seconds % 60).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`
}

/** A row of the queue or channel table. */
export interface BoardRow {
  key: string
  label: string
  kpis: KpiPair
}

/** Queue rows from the pushed snapshot (now) and the 30-minute KPIs, restricted to `picked` unless empty. */
export function queueRows(snapshot: StatsSnapshot | null, period: Map<string, KpiPeriod | null>, picked: readonly string[]): BoardRow[] {
  if (!snapshot) return []
  const wanted = picked.length > 0 ? new Set(picked) : null
  return snapshot.kpis.queues
    .filter((queue) => !wanted || wanted.has(queue.task_queue_sid))
    .map((queue) => ({ key: queue.task_queue_sid, label: queue.friendly_name, kpis: { now: queue.kpis.now, period: period.get(queue.task_queue_sid) ?? null } }))
}

/** Channel rows (rollup by channel), restricted to `picked` unless empty. */
export function channelRows(snapshot: StatsSnapshot | null, period: Map<string, KpiPeriod | null>, picked: readonly string[]): BoardRow[] {
  if (!snapshot) return []
  const wanted = picked.length > 0 ? new Set(picked) : null
  return snapshot.kpis.rollup_by_channel
    .filter((channel) => !wanted || wanted.has(channel.task_channel_sid))
    .map((channel) => ({ key: channel.task_channel_sid, label: channel.task_channel_unique_name, kpis: { now: channel.kpis.now, period: period.get(channel.task_channel_sid) ?? null } }))
}
