/**
 * Time is injected so every timeout is testable with a fake clock and simulations can run
 * faster than real time. The engine never calls Date.now() or setTimeout itself.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
}

export interface TimerHandle {
  cancel(): void
}

export interface Scheduler {
  /** Runs `callback` once `delayMs` have passed on this scheduler's clock. */
  schedule(delayMs: number, callback: () => void): TimerHandle
}

/** Wall-clock time and real timers, for the running app. */
export const realClock: Clock & Scheduler = {
  now: () => Date.now(),
  schedule(delayMs, callback) {
    const handle = setTimeout(callback, Math.max(0, delayMs))
    return { cancel: () => clearTimeout(handle) }
  },
}

/**
 * A clock that only moves when told to. `advance` fires due timers in time order, each seeing
 * `now()` equal to its own due time, so behaviour matches real time exactly, only faster.
 */
export class FakeClock implements Clock, Scheduler {
  private current: number
  private sequence = 0
  private readonly timers = new Map<number, { due: number; seq: number; callback: () => void }>()

  constructor(startMs = Date.UTC(2026, 0, 1, 9, 0, 0)) {
    this.current = startMs
  }

  now(): number {
    return this.current
  }

  schedule(delayMs: number, callback: () => void): TimerHandle {
    const seq = ++this.sequence
    this.timers.set(seq, { due: this.current + Math.max(0, delayMs), seq, callback })
    return { cancel: () => this.timers.delete(seq) }
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.current + ms
    for (;;) {
      let next: { due: number; seq: number; callback: () => void } | undefined
      for (const timer of this.timers.values()) {
        if (timer.due <= target && (!next || timer.due < next.due || (timer.due === next.due && timer.seq < next.seq))) next = timer
      }
      if (!next) break
      this.timers.delete(next.seq)
      this.current = next.due
      next.callback()
    }
    this.current = target
  }

  get pendingTimers(): number {
    return this.timers.size
  }
}

let cachedSecond = Number.NaN
let cachedText = ''

/**
 * ISO-8601 UTC without milliseconds, as TaskRouter writes every date (REFERENCE §1.2).
 * Memoizes the last second formatted: a burst of events shares one timestamp.
 */
export function isoSeconds(ms: number): string {
  const second = Math.floor(ms / 1000)
  if (second !== cachedSecond) {
    cachedSecond = second
    cachedText = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
  }
  return cachedText
}
