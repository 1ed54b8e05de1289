import { describe, expect, it } from 'vitest'
import { LEDGER_RETENTION_MS, OccupancyLedger, occupancyPercent } from '../../../src-main/engine/statistics/occupancy'

const MINUTE = 60_000

/** Deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The exact integral of a step function given as (time, busy, idle) changes. */
function integrate(changes: readonly { t: number; busy: number; idle: number }[], start: number, end: number): { busyMs: number; idleMs: number } {
  let busyMs = 0
  let idleMs = 0
  changes.forEach((change, index) => {
    const from = Math.max(start, change.t)
    const to = Math.min(end, changes[index + 1]?.t ?? end)
    if (to > from) {
      busyMs += change.busy * (to - from)
      idleMs += change.idle * (to - from)
    }
  })
  return { busyMs, idleMs }
}

describe('occupancy ledger: busy and idle agent time over any window starting on a minute', () => {
  it('is 0 before the first change and integrates a constant state exactly', () => {
    const ledger = new OccupancyLedger()
    expect(ledger.between(0, 10 * MINUTE)).toEqual({ busyMs: 0, idleMs: 0 })
    ledger.record(2 * MINUTE, 3, 1)
    expect(ledger.between(0, 5 * MINUTE)).toEqual({ busyMs: 9 * MINUTE, idleMs: 3 * MINUTE })
    expect(ledger.between(4 * MINUTE, 5 * MINUTE)).toEqual({ busyMs: 3 * MINUTE, idleMs: MINUTE })
  })

  it.each([1, 2, 3])('matches the exact integral for bursts and quiet hours (seed %i)', (seed) => {
    const rnd = random(seed)
    const ledger = new OccupancyLedger()
    const changes: { t: number; busy: number; idle: number }[] = []
    let t = Date.UTC(2026, 0, 1, 9, 0, 0)
    const first = t
    for (let i = 0; i < 3000; i++) {
      // Several changes within a minute, sometimes at the same instant, sometimes an hour of silence.
      const roll = rnd()
      t += roll < 0.1 ? 0 : roll < 0.97 ? Math.floor(rnd() * 20_000) : Math.floor(rnd() * 3600_000)
      const change = { t, busy: Math.floor(rnd() * 5), idle: Math.floor(rnd() * 5) }
      ledger.record(change.t, change.busy, change.idle)
      if (changes.at(-1)?.t === t) changes[changes.length - 1] = change
      else changes.push(change)
    }
    const end = t + 12_345
    for (let minute = Math.floor(first / MINUTE) - 1; minute * MINUTE <= end; minute += 7) {
      const start = minute * MINUTE
      if (start < end - LEDGER_RETENTION_MS) continue
      expect(ledger.between(start, end)).toEqual(integrate(changes, start, end))
    }
  })

  it.each([
    [{ busyMs: 60, idleMs: 60 }, 50],
    [{ busyMs: 1, idleMs: 2 }, 33.3],
    [{ busyMs: 0, idleMs: 10 }, 0],
    [{ busyMs: 0, idleMs: 0 }, null],
  ])('occupancy of %o is %s %%', (time, expected) => {
    expect(occupancyPercent(time)).toBe(expected)
  })
})
