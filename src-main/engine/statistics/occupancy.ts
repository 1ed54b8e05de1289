/**
 * Occupancy over a window (KPIS.md §4): handle time / (handle time + available idle time),
 * i.e. agent-seconds busy / (agent-seconds busy + agent-seconds available and idle).
 *
 * A ledger integrates a tally's busy and idle agent counts over time, exactly: it is told
 * every count change (`record`), so between records the counts are constant. To answer
 * any window it keeps one checkpoint per minute that saw a change (the state after that
 * minute's last change); the integral at a minute boundary is then the last checkpoint before
 * it plus rate x elapsed time. Windows start at minute boundaries and end at `now`, so that is
 * all reads need. Checkpoints older than LEDGER_RETENTION_MS go ("today" needs at most 24 h).
 */

const MINUTE = 60_000
export const LEDGER_RETENTION_MS = 48 * 3600_000
/** Values per checkpoint: time, busy ms, idle ms (integrals up to time), busy count, idle count. */
const STRIDE = 5

export interface AgentTime {
  /** Agent-milliseconds with an accepted or wrapping task. */
  busyMs: number
  /** Agent-milliseconds available with nothing to do. */
  idleMs: number
}

export class OccupancyLedger {
  /** Time of the last change (NaN before the first). */
  private since = Number.NaN
  /** Where the minute of `since` ends: a change at or after it closes that minute. */
  private minuteEnd = -Infinity
  private busyMs = 0
  private idleMs = 0
  private busyRate = 0
  private idleRate = 0
  /** Closed minutes' last states, flat, STRIDE numbers each, in time order. */
  private checkpoints: number[] = []

  /** The counts are `busy` and `idle` from `now` on: closes the interval since the last change. */
  record(now: number, busy: number, idle: number): void {
    const elapsed = now - this.since
    // Same instant (or nothing recorded yet, or a clock that went back): nothing elapsed.
    if (elapsed > 0) {
      if (now >= this.minuteEnd) this.checkpoint()
      this.busyMs += this.busyRate * elapsed
      this.idleMs += this.idleRate * elapsed
      this.since = now
    } else if (!(elapsed === elapsed)) {
      this.since = now
    }
    if (now >= this.minuteEnd) this.minuteEnd = (Math.floor(now / MINUTE) + 1) * MINUTE
    this.busyRate = busy
    this.idleRate = idle
  }

  /** Agent time in [start, end]; `start` a minute boundary (or earlier than any change), `end` >= the last change. */
  between(start: number, end: number): AgentTime {
    const to = this.at(end)
    const from = this.at(start)
    return { busyMs: to.busyMs - from.busyMs, idleMs: to.idleMs - from.idleMs }
  }

  /** The integrals at `t`: from the live state when t is after the last change, else a checkpoint. */
  private at(t: number): AgentTime {
    const since = this.since
    if (!(since === since)) return { busyMs: 0, idleMs: 0 }
    if (t >= since) return { busyMs: this.busyMs + this.busyRate * (t - since), idleMs: this.idleMs + this.idleRate * (t - since) }
    // The last checkpoint strictly before t (its minute is closed, so the state held until t).
    const c = this.checkpoints
    let low = 0
    let high = c.length / STRIDE
    while (low < high) {
      const middle = (low + high) >> 1
      if (c[middle * STRIDE]! < t) low = middle + 1
      else high = middle
    }
    if (low === 0) return { busyMs: 0, idleMs: 0 }
    const at = (low - 1) * STRIDE
    const elapsed = t - c[at]!
    return { busyMs: c[at + 1]! + c[at + 3]! * elapsed, idleMs: c[at + 2]! + c[at + 4]! * elapsed }
  }

  private checkpoint(): void {
    const c = this.checkpoints
    c.push(this.since, this.busyMs, this.idleMs, this.busyRate, this.idleRate)
    // Trim now and then (a whole retention window's worth at once): amortized O(1).
    const cutoff = this.since - LEDGER_RETENTION_MS
    if (c.length >= 2 * 1440 * STRIDE && c[0]! < cutoff - LEDGER_RETENTION_MS / 2) {
      let drop = 0
      while (drop + STRIDE < c.length && c[drop + STRIDE]! < cutoff) drop += STRIDE
      this.checkpoints = c.slice(drop)
    }
  }
}

/** Busy / (busy + idle) in percent, one decimal; null when nobody was counted. */
export function occupancyPercent(time: AgentTime): number | null {
  const whole = time.busyMs + time.idleMs
  return whole > 0 ? Math.round((time.busyMs / whole) * 1000) / 10 : null
}
