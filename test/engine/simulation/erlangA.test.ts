import { describe, expect, it } from 'vitest'
import { agentsForServiceLevelA, erlangA, erlangC, erlangCServiceLevel } from '../../../src-main/engine/simulation/erlang'
import { erlangEstimate } from '../../../src-main/engine/simulation/estimate'

/** P(X >= n) and E[(X - n)+] for X ~ Poisson(mean): the M/M/∞ values Erlang A takes when θ = μ. */
function poissonTail(mean: number, agents: number): { atLeast: number; excess: number } {
  let term = Math.exp(-mean)
  let atLeast = 0
  let excess = 0
  for (let n = 0; n < 400; n++) {
    if (n > 0) term *= mean / n
    if (n >= agents) atLeast += term
    if (n > agents) excess += (n - agents) * term
  }
  return { atLeast, excess }
}

describe('Erlang A (M/M/N+M)', () => {
  it.each([
    [12, 300, 120],
    [5, 120, 120],
    [30, 1000, 90],
  ])('with near-infinite patience it is Erlang C: %i agents, %i/h, AHT %i s', (agents, arrivalsPerHour, ahtSeconds) => {
    const load = { agents, arrivalsPerHour, ahtSeconds }
    const result = erlangA({ ...load, patienceSeconds: 1e9 })
    const theory = erlangC(load)
    expect(result.probabilityOfWaiting).toBeCloseTo(theory.probabilityOfWaiting, 4)
    expect(result.asaSeconds).toBeCloseTo(theory.asaSeconds, 1)
    expect(result.serviceLevel(20)).toBeCloseTo(erlangCServiceLevel(load, 20), 4)
    expect(result.abandonmentRate).toBeLessThan(1e-5)
  })

  it.each([
    // agents, arrivals/h, AHT (= patience) s: with θ = μ every caller leaves at rate μ, so the
    // number in the system is Poisson(A) (M/M/∞), a closed form.
    [12, 300, 120],
    [5, 300, 60],
    [8, 180, 200],
  ])('patience equal to AHT gives the M/M/∞ values: %i agents, %i/h, %i s', (agents, arrivalsPerHour, ahtSeconds) => {
    const result = erlangA({ agents, arrivalsPerHour, ahtSeconds, patienceSeconds: ahtSeconds })
    const traffic = (arrivalsPerHour / 3600) * ahtSeconds
    const { atLeast, excess } = poissonTail(traffic, agents)
    expect(result.probabilityOfWaiting).toBeCloseTo(atLeast, 8)
    expect(result.abandonmentRate).toBeCloseTo(excess / traffic, 8)
    expect(result.occupancy).toBeCloseTo((traffic * (1 - excess / traffic)) / agents, 8)
  })

  it('stays stable when understaffed: abandonment absorbs the overload', () => {
    const result = erlangA({ agents: 5, arrivalsPerHour: 300, ahtSeconds: 120, patienceSeconds: 60 })
    // Offered 10 Erlangs to 5 agents: at least half must abandon, agents are nearly always busy.
    expect(result.abandonmentRate).toBeGreaterThan(0.5)
    expect(result.occupancy).toBeGreaterThan(0.95)
    expect(result.serviceLevel(20)).toBeGreaterThan(0)
    expect(result.serviceLevel(20)).toBeLessThan(0.4)
  })

  it('service level grows with the threshold and with staffing', () => {
    const load = { arrivalsPerHour: 300, ahtSeconds: 120, patienceSeconds: 90 }
    const levels = [0, 10, 30, 120].map((seconds) => erlangA({ ...load, agents: 11 }).serviceLevel(seconds))
    expect([...levels].sort((a, b) => a - b)).toEqual(levels)
    expect(erlangA({ ...load, agents: 12 }).serviceLevel(20)).toBeGreaterThan(erlangA({ ...load, agents: 11 }).serviceLevel(20))
  })

  it('staffing calculator: the fewest agents reaching the target', () => {
    const load = { arrivalsPerHour: 300, ahtSeconds: 120, patienceSeconds: 60 }
    const agents = agentsForServiceLevelA(load, 20, 0.8)!
    expect(erlangA({ ...load, agents }).serviceLevel(20)).toBeGreaterThanOrEqual(0.8)
    expect(erlangA({ ...load, agents: agents - 1 }).serviceLevel(20)).toBeLessThan(0.8)
    // Impatient callers need no more agents than patient ones (Erlang C's answer).
    expect(agents).toBeLessThanOrEqual(erlangEstimate({ ...load, patienceSeconds: undefined, slaSeconds: 20, targetServiceLevel: 0.8 }).agents_needed!)
  })

  it('the estimate names its model and answers the staffing question when no staffing is given', () => {
    const c = erlangEstimate({ arrivalsPerHour: 300, ahtSeconds: 120, slaSeconds: 20, targetServiceLevel: 0.8 })
    expect(c).toMatchObject({ model: 'erlang_c', agents: 13, agents_needed: 13, abandonment_rate: 0, patience_seconds: null })
    const unstable = erlangEstimate({ arrivalsPerHour: 300, ahtSeconds: 120, agents: 9, slaSeconds: 20, targetServiceLevel: 0.8 })
    expect(unstable).toMatchObject({ agents: 9, service_level: 0, asa_seconds: null })
    const a = erlangEstimate({ arrivalsPerHour: 300, ahtSeconds: 120, agents: 9, slaSeconds: 20, targetServiceLevel: 0.8, patienceSeconds: 60 })
    expect(a.model).toBe('erlang_a')
    expect(a.asa_seconds).toBeGreaterThan(0)
  })
})
