import type { SimulationLogEntry } from '@contract'

/** The event log of a simulation run: filtering and the virtual list's window. No store, no DOM. */

export interface EventLogFilter {
  /** Words that must all appear (case-insensitive) in the type, description, SIDs or names. */
  text: string
  /** Only these event types; empty: every type. */
  types: readonly string[]
}

/** The lines that pass the filter, in log order. */
export function filterEventLog(log: readonly SimulationLogEntry[], filter: EventLogFilter): SimulationLogEntry[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter((word) => word.length > 0)
  const types = filter.types.length > 0 ? new Set(filter.types) : null
  return log.filter((line) => {
    if (types && !types.has(line.event_type)) return false
    if (words.length === 0) return true
    const haystack = [line.event_type, line.description, line.resource_sid, line.task_sid ?? '', line.worker_name ?? '', line.queue_name ?? ''].join(' ').toLowerCase()
    return words.every((word) => haystack.includes(word))
  })
}

/** The event types in a log with their counts, most frequent first (the type filter's options). */
export function eventTypeCounts(log: readonly SimulationLogEntry[]): Array<{ type: string; count: number }> {
  const counts = new Map<string, number>()
  for (const line of log) counts.set(line.event_type, (counts.get(line.event_type) ?? 0) + 1)
  return [...counts].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type))
}

/** Simulated time as the log shows it: `t+01:02:03` since the run's start. */
export function elapsedLabel(atSeconds: number): string {
  const total = Math.max(0, Math.floor(atSeconds))
  const pad = (value: number): string => String(value).padStart(2, '0')
  return `t+${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`
}

/**
 * Which rows a fixed-row-height virtual list renders: the visible ones plus `overscan` on each
 * side, and the blank space above and below them that keeps the scrollbar true.
 */
export function visibleWindow(rowCount: number, scrollTop: number, viewportPx: number, rowPx: number, overscan = 10): { start: number; end: number; padTop: number; padBottom: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowPx)
  const start = Math.max(0, Math.min(first, rowCount) - overscan)
  const end = Math.min(rowCount, first + Math.ceil(viewportPx / rowPx) + overscan)
  return { start, end, padTop: start * rowPx, padBottom: Math.max(0, rowCount - end) * rowPx }
}
