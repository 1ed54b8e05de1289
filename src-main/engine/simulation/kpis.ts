import type { SimulationKpis } from '../../contract/simulation'

/** Running totals of one slice of a run (everything, one queue, one hour). */
export class KpiAccumulator {
  offered = 0
  answered = 0
  abandoned = 0
  answeredWithinSla = 0
  waitMs = 0
  handleMs = 0
  /** Agent time spent on tasks (handle + wrap-up) and logged-in agent time, inside the horizon. */
  busyMs = 0
  staffedMs = 0

  kpis(): SimulationKpis {
    return {
      offered: this.offered,
      answered: this.answered,
      abandoned: this.abandoned,
      answered_within_sla: this.answeredWithinSla,
      service_level: this.offered === 0 ? 1 : this.answeredWithinSla / this.offered,
      asa_seconds: this.answered === 0 ? 0 : this.waitMs / this.answered / 1000,
      aht_seconds: this.answered === 0 ? 0 : this.handleMs / this.answered / 1000,
      abandonment_rate: this.offered === 0 ? 0 : this.abandoned / this.offered,
      occupancy: this.staffedMs === 0 ? 0 : this.busyMs / this.staffedMs,
    }
  }
}

const HOUR_MS = 3_600_000

/**
 * Adds the part of [fromMs, toMs) inside [startMs, endMs) to per-hour buckets (hour 0 starts at
 * `startMs`), and returns the total added: busy and staffed intervals cross hour boundaries.
 */
export function addAcrossHours(hours: readonly KpiAccumulator[], field: 'busyMs' | 'staffedMs', startMs: number, endMs: number, fromMs: number, toMs: number): number {
  const from = Math.max(fromMs, startMs)
  const to = Math.min(toMs, endMs)
  if (to <= from) return 0
  let cursor = from
  while (cursor < to) {
    const hour = Math.floor((cursor - startMs) / HOUR_MS)
    const hourEnd = Math.min(to, startMs + (hour + 1) * HOUR_MS)
    const bucket = hours[hour]
    if (bucket) bucket[field] += hourEnd - cursor
    cursor = hourEnd
  }
  return to - from
}
