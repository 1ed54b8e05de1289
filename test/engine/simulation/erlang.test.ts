import { describe, expect, it } from 'vitest'
import { agentsForServiceLevel, erlangC, erlangCServiceLevel } from '../../../src-main/engine/simulation/erlang'

describe('Erlang C', () => {
  it.each([
    // agents, arrivals/h, AHT s -> traffic, P(wait) (standard Erlang C table values)
    [12, 300, 120, 10, 0.4494],
    [2, 60, 60, 1, 0.3333],
    [5, 120, 120, 4, 0.5541],
  ])('%i agents, %i/h, AHT %i s: A = %i Erlangs, P(wait) = %f', (agents, arrivalsPerHour, ahtSeconds, traffic, waiting) => {
    const result = erlangC({ agents, arrivalsPerHour, ahtSeconds })
    expect(result.trafficErlangs).toBeCloseTo(traffic, 10)
    expect(result.probabilityOfWaiting).toBeCloseTo(waiting, 3)
    expect(result.asaSeconds).toBeCloseTo((waiting * ahtSeconds) / (agents - traffic), 1)
    expect(result.occupancy).toBeCloseTo(traffic / agents, 10)
  })

  it('service level: 1 - P(wait) * exp(-(N - A) t / AHT)', () => {
    expect(erlangCServiceLevel({ agents: 12, arrivalsPerHour: 300, ahtSeconds: 120 }, 20)).toBeCloseTo(1 - 0.44939 * Math.exp(-2 * 20 / 120), 4)
    expect(erlangCServiceLevel({ agents: 12, arrivalsPerHour: 300, ahtSeconds: 120 }, 0)).toBeCloseTo(1 - 0.44939, 4)
  })

  it('an understaffed queue is unstable: everyone waits, service level 0', () => {
    expect(erlangC({ agents: 10, arrivalsPerHour: 300, ahtSeconds: 120 })).toMatchObject({ stable: false, probabilityOfWaiting: 1, asaSeconds: Number.POSITIVE_INFINITY })
    expect(erlangCServiceLevel({ agents: 9, arrivalsPerHour: 300, ahtSeconds: 120 }, 20)).toBe(0)
  })

  it('stays finite for large call centers (no factorial overflow)', () => {
    const result = erlangC({ agents: 900, arrivalsPerHour: 25_000, ahtSeconds: 120 })
    expect(Number.isFinite(result.probabilityOfWaiting)).toBe(true)
    expect(result.probabilityOfWaiting).toBeGreaterThan(0)
  })

  it.each([
    [300, 120, 20, 0.8],
    [1200, 300, 30, 0.9],
    [40, 600, 60, 0.7],
  ])('staffing: the fewest agents for %i/h, AHT %i s, %i s target at %f', (arrivalsPerHour, ahtSeconds, sla, target) => {
    const staffing = agentsForServiceLevel({ arrivalsPerHour, ahtSeconds }, sla, target)
    expect(staffing.serviceLevel).toBeGreaterThanOrEqual(target)
    expect(erlangCServiceLevel({ agents: staffing.agents - 1, arrivalsPerHour, ahtSeconds }, sla)).toBeLessThan(target)
  })
})
