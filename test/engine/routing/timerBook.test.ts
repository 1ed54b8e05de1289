import { describe, expect, it } from 'vitest'
import { FakeClock } from '../../../src-main/engine/clock'
import { TimerBook } from '../../../src-main/engine/routing/timers'

function book() {
  const clock = new FakeClock(0)
  const timers = new TimerBook(clock, () => clock.now())
  const fired: string[] = []
  const arm = (key: string, deadline: number): void => timers.arm(key, deadline, () => fired.push(`${key}@${clock.now()}`))
  return { clock, timers, fired, arm }
}

describe('TimerBook', () => {
  it('fires due timers in deadline order, then arming order, each at its own deadline', () => {
    const { clock, fired, arm } = book()
    arm('c', 300)
    arm('a', 100)
    arm('b1', 200)
    arm('b2', 200)
    clock.advance(1000)
    expect(fired).toEqual(['a@100', 'b1@200', 'b2@200', 'c@300'])
  })

  it.each([
    { what: 'a canceled timer never fires', steps: (t: ReturnType<typeof book>) => { t.arm('x', 100); t.arm('y', 200); t.timers.cancel('x') }, expected: ['y@200'] },
    { what: 're-arming a key replaces its deadline', steps: (t: ReturnType<typeof book>) => { t.arm('x', 100); t.arm('x', 500) }, expected: ['x@500'] },
    { what: 'a new earlier timer fires before the one already scheduled', steps: (t: ReturnType<typeof book>) => { t.arm('late', 900); t.arm('early', 50) }, expected: ['early@50', 'late@900'] },
    { what: 'a deadline already past fires at once', steps: (t: ReturnType<typeof book>) => { t.clock.advance(100); t.arm('past', 10) }, expected: ['past@100'] },
  ])('$what', ({ steps, expected }) => {
    const t = book()
    steps(t)
    t.clock.advance(1000)
    expect(t.fired).toEqual(expected)
    expect(t.timers.size).toBe(0)
  })

  it('lets a firing timer arm another, which fires when due', () => {
    const t = book()
    t.timers.arm('first', 100, () => {
      t.fired.push(`first@${t.clock.now()}`)
      t.arm('second', 100)
      t.arm('third', 150)
    })
    t.clock.advance(1000)
    expect(t.fired).toEqual(['first@100', 'second@100', 'third@150'])
  })

  it('holds one scheduler timer however many are armed, and none once all are canceled or cleared', () => {
    const t = book()
    for (let i = 0; i < 1000; i++) t.arm(`k${i}`, 1000 + i)
    expect(t.clock.pendingTimers).toBe(1)
    expect(t.timers.has('k5')).toBe(true)
    for (let i = 0; i < 1000; i++) t.timers.cancel(`k${i}`)
    t.clock.advance(5000)
    expect(t.fired).toEqual([])
    expect(t.clock.pendingTimers).toBe(0)
    t.arm('again', 7000)
    t.timers.clear()
    expect(t.clock.pendingTimers).toBe(0)
  })
})
