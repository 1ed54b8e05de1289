import { describe, expect, it } from 'vitest'
import { EventClock } from '../../../src-main/engine/simulation/eventClock'

describe('the simulator clock (FakeClock semantics on a heap)', () => {
  it('fires timers in due order, ties in scheduling order, each at its own time', () => {
    const clock = new EventClock(1000)
    const fired: string[] = []
    const at = (label: string) => () => fired.push(`${label}@${clock.now()}`)
    clock.schedule(30, at('c'))
    clock.schedule(10, at('a'))
    clock.schedule(30, at('d'))
    clock.schedule(20, at('b'))
    clock.advance(100)
    expect(fired).toEqual(['a@1010', 'b@1020', 'c@1030', 'd@1030'])
    expect(clock.now()).toBe(1100)
  })

  it('fires timers scheduled by a timer in the same advance when they fall due', () => {
    const clock = new EventClock(0)
    const fired: number[] = []
    clock.schedule(5, () => {
      fired.push(clock.now())
      clock.schedule(5, () => fired.push(clock.now()))
      clock.schedule(500, () => fired.push(clock.now()))
    })
    clock.advance(20)
    expect(fired).toEqual([5, 10])
    expect(clock.pendingTimers).toBe(1)
  })

  it('cancel removes a timer wherever it sits in the heap', () => {
    const clock = new EventClock(0)
    const fired: number[] = []
    const handles = Array.from({ length: 50 }, (_, index) => clock.schedule(((index * 37) % 50) + 1, () => fired.push(index)))
    for (let index = 0; index < 50; index += 3) handles[index]!.cancel()
    handles[0]!.cancel()
    clock.advance(100)
    const expected = Array.from({ length: 50 }, (_, index) => index).filter((index) => index % 3 !== 0).sort((a, b) => ((a * 37) % 50) - ((b * 37) % 50))
    expect(fired).toEqual(expected)
    expect(clock.pendingTimers).toBe(0)
  })

  it('runUntil stops after a budget of timers and resumes where it stopped', () => {
    const clock = new EventClock(0)
    const fired: number[] = []
    for (let index = 1; index <= 5; index++) clock.schedule(index, () => fired.push(index))
    expect(clock.runUntil(10, 2)).toBe(2)
    expect(clock.now()).toBe(2)
    expect(clock.nextDue()).toBe(3)
    expect(clock.runUntil(10)).toBe(3)
    expect(fired).toEqual([1, 2, 3, 4, 5])
    expect(clock.now()).toBe(10)
    expect(clock.nextDue()).toBe(Number.POSITIVE_INFINITY)
  })
})
