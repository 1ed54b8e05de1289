import type { Level } from './thresholds'
import { severity } from './thresholds'

/** One watched value: a metric of the workspace, a queue or a channel. */
export interface Watched {
  /** Stable identity, e.g. `queue:WQ…:waiting_tasks`. */
  key: string
  /** What a person reads: "Sales · Tasks waiting". */
  label: string
  level: Level
  /** Already formatted, with its unit. */
  value: string
}

export interface Alert extends Watched {
  level: 'warning' | 'critical'
  /** When it crossed into this level. */
  since: number
}

/**
 * Follows threshold crossings from one update to the next. `update` returns the alerts that
 * just got worse (ok -> amber, amber -> red, ok -> red): those are announced (board banner,
 * desktop notification). `active` lists every value out of its green band, worst first.
 * The first update only records levels: opening a board does not announce what was already red.
 */
export class AlertTracker {
  private readonly levels = new Map<string, Level>()
  private readonly alerts = new Map<string, Alert>()
  private primed = false

  update(watched: readonly Watched[], now: number): Alert[] {
    const raised: Alert[] = []
    const seen = new Set<string>()
    for (const item of watched) {
      seen.add(item.key)
      const previous = this.levels.get(item.key) ?? 'none'
      this.levels.set(item.key, item.level)
      if (item.level !== 'warning' && item.level !== 'critical') {
        this.alerts.delete(item.key)
        continue
      }
      const existing = this.alerts.get(item.key)
      const worse = severity(item.level) > severity(previous)
      const alert: Alert = { ...item, level: item.level, since: existing && !worse && existing.level === item.level ? existing.since : now }
      this.alerts.set(item.key, alert)
      if (worse && this.primed) raised.push(alert)
    }
    for (const key of [...this.levels.keys()]) {
      if (!seen.has(key)) {
        this.levels.delete(key)
        this.alerts.delete(key)
      }
    }
    this.primed = true
    return raised
  }

  active(): Alert[] {
    return [...this.alerts.values()].sort((a, b) => severity(b.level) - severity(a.level) || a.since - b.since)
  }

  reset(): void {
    this.levels.clear()
    this.alerts.clear()
    this.primed = false
  }
}
