import { describe, expect, it } from 'vitest'
import type { DomainEvent } from '../../../src-main/contract/resources'
import { CumulativeStats } from '../../../src-main/engine/statistics/cumulative'

const MINUTE = 60_000
const START = Date.UTC(2026, 0, 1, 6, 0, 0)

/** A task accepted `waitS` seconds after entering queue QU1 at `at`. */
function accepted(at: number, waitS: number, n: number): DomainEvent {
  const entered = String(at - waitS * 1000)
  return { workspace_sid: 'WS1', event_type: 'reservation.accepted', event_date_ms: at, event_data: { task_sid: `WT${n}`, task_queue_sid: 'QU1', task_channel_sid: 'TC1', task_date_created_ms: entered, task_queue_entered_date_ms: entered } } as unknown as DomainEvent
}

function numbers(stats: CumulativeStats, fromMinute: number, toMinute: number) {
  const a = stats.aggregate('q:QU1', null, fromMinute, toMinute)
  return { accepted: a.count('reservations_accepted'), waits: a.duration('accepted'), below: a.below('in_queue_accepted', [10, 30]) }
}

describe('cumulative buckets: hour roll-ups and the memoized span of whole hours', () => {
  it('reads after new minutes (folded into hours already summed) match a fresh rebuild', () => {
    const events: DomainEvent[] = []
    const live = new CumulativeStats()
    const from = START / MINUTE
    let n = 0
    // Sparse traffic over 5 hours; read "since 06:00" after every event, as a wallboard would.
    for (let at = START + 17_000; at < START + 5 * 3600_000; at += 7 * MINUTE + 13_000) {
      const event = accepted(at, n % 45, n++)
      events.push(event)
      live.observe(event)
      const now = Math.floor(at / MINUTE)
      const rebuilt = new CumulativeStats()
      for (const e of events) rebuilt.observe(e)
      for (const [a, b] of [[from, now], [from + 30, now], [from, now - 61]] as const) {
        expect(numbers(live, a, b)).toEqual(numbers(rebuilt, a, b))
      }
    }
    expect(n).toBeGreaterThan(40)
  })

  it('a quiet hour: the newest minute, summed apart from the memoized hours, is still counted once it is folded', () => {
    const stats = new CumulativeStats()
    stats.observe(accepted(START + 10 * MINUTE, 5, 1))
    const from = START / MINUTE
    // 08:30, nothing since 06:10: hours 06 and 07 are whole, 06's newest minute not yet folded.
    expect(numbers(stats, from, from + 150).accepted).toBe(1)
    stats.observe(accepted(START + 151 * MINUTE, 5, 2))
    expect(numbers(stats, from, from + 151).accepted).toBe(2)
  })

  it('an older minute written after a read (out-of-order feed) is seen by the next read', () => {
    const stats = new CumulativeStats()
    for (let i = 0; i < 6; i++) stats.observe(accepted(START + i * 3600_000 + MINUTE, 5, i))
    const to = (START + 6 * 3600_000) / MINUTE
    expect(numbers(stats, START / MINUTE, to).accepted).toBe(6)
    stats.observe(accepted(START + 2 * 3600_000 + 5 * MINUTE, 50, 99))
    expect(numbers(stats, START / MINUTE, to)).toEqual({ accepted: 7, below: [6, 6], waits: { count: 7, total: 80, min: 5, max: 50 } })
  })
})
