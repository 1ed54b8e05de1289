import type { WallboardMetric, WallboardThreshold } from '@contract'

/** Red/amber/green, or `none` when no threshold applies or the value is unknown. */
export type Level = 'ok' | 'warning' | 'critical' | 'none'

/** The threshold for a metric on a queue: the queue's own first, then the workspace-wide one. */
export function thresholdFor(thresholds: readonly WallboardThreshold[], metric: WallboardMetric, queueSid: string | null): WallboardThreshold | undefined {
  const own = queueSid === null ? undefined : thresholds.find((threshold) => threshold.metric === metric && threshold.queue_sid === queueSid)
  return own ?? thresholds.find((threshold) => threshold.metric === metric && threshold.queue_sid === null)
}

/** Whether larger values are worse: critical set above warning (waiting tasks) rather than below (SLA %). */
export function higherIsWorse(threshold: Pick<WallboardThreshold, 'warning' | 'critical'>): boolean {
  return threshold.critical > threshold.warning
}

/**
 * The level of a value: reaching `critical` is critical, reaching `warning` is a warning, in
 * the direction the threshold says is bad.
 *
 * @example
 * levelOf(65, { warning: 90, critical: 60 }) // 'warning' (SLA: lower is worse)
 */
export function levelOf(value: number | null, threshold: Pick<WallboardThreshold, 'warning' | 'critical'> | undefined): Level {
  if (value === null || !threshold) return 'none'
  if (higherIsWorse(threshold)) {
    if (value >= threshold.critical) return 'critical'
    if (value >= threshold.warning) return 'warning'
    return 'ok'
  }
  if (value <= threshold.critical) return 'critical'
  if (value <= threshold.warning) return 'warning'
  return 'ok'
}

/** "amber ≥180 · red ≥300" or "amber ≤90 · red ≤60": the target shown next to a value (KPIS.md §4.1). */
export function describeThreshold(threshold: Pick<WallboardThreshold, 'warning' | 'critical'>, format: (value: number) => string = String): string {
  const sign = higherIsWorse(threshold) ? '≥' : '≤'
  return `amber ${sign}${format(threshold.warning)} · red ${sign}${format(threshold.critical)}`
}

const SEVERITY: Record<Level, number> = { none: 0, ok: 0, warning: 1, critical: 2 }

export function severity(level: Level): number {
  return SEVERITY[level]
}
