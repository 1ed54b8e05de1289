import { describe, expect, it } from 'vitest'
import { erlangC, erlangCServiceLevel } from '../../../src-main/engine/simulation/erlang'
import { simulateSingleQueue } from '../../../src-main/engine/simulation/singleQueue'

describe('the single-queue simulation through the real engine', () => {
  // Long horizons so the sampling error is small; tolerances are a few standard errors.
  it.each([
    { agents: 3, arrivalsPerHour: 40, ahtSeconds: 180, hours: 150 },
    { agents: 6, arrivalsPerHour: 60, ahtSeconds: 240, hours: 150 },
    { agents: 4, arrivalsPerHour: 60, ahtSeconds: 120, hours: 150 },
  ])('agrees with Erlang C: $agents agents, $arrivalsPerHour/h, AHT $ahtSeconds s', (staffing) => {
    const options = { ...staffing, slaSeconds: 20, seed: 11 }
    const simulated = simulateSingleQueue(options)
    const theory = erlangC(options)
    expect(simulated.tasks).toBeGreaterThan(staffing.arrivalsPerHour * staffing.hours * 0.9)
    expect(Math.abs(simulated.service_level - erlangCServiceLevel(options, 20))).toBeLessThan(0.04)
    expect(Math.abs(simulated.occupancy - theory.occupancy)).toBeLessThan(0.03)
    expect(Math.abs(simulated.asa_seconds - theory.asaSeconds)).toBeLessThan(Math.max(8, theory.asaSeconds * 0.15))
  }, 120_000)

  it('is reproducible for a seed, and differs between seeds', () => {
    const options = { agents: 3, arrivalsPerHour: 40, ahtSeconds: 180, slaSeconds: 20, hours: 4 }
    expect(simulateSingleQueue({ ...options, seed: 5 })).toEqual(simulateSingleQueue({ ...options, seed: 5 }))
    expect(simulateSingleQueue({ ...options, seed: 5 })).not.toEqual(simulateSingleQueue({ ...options, seed: 6 }))
  })
})
