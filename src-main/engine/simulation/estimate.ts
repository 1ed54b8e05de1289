import type { ErlangEstimate } from '../../contract/simulation'
import { agentsForServiceLevel, agentsForServiceLevelA, erlangA, erlangC, erlangCServiceLevel } from './erlang'

export interface EstimateInput {
  arrivalsPerHour: number
  ahtSeconds: number
  /** Staffing to evaluate; default: the fewest agents that reach the target. */
  agents?: number
  slaSeconds: number
  targetServiceLevel: number
  /** Erlang A with this mean patience; Erlang C without. */
  patienceSeconds?: number
}

/**
 * Erlang C (or A when patience is given) for one staffing, plus the staffing calculator's
 * answer, in the contract's shape: what the Simulate area shows next to simulated numbers.
 *
 * @example
 * erlangEstimate({ arrivalsPerHour: 300, ahtSeconds: 120, slaSeconds: 20, targetServiceLevel: 0.8 }).agents_needed // 13
 */
export function erlangEstimate(input: EstimateInput): ErlangEstimate {
  const load = { arrivalsPerHour: input.arrivalsPerHour, ahtSeconds: input.ahtSeconds }
  if (input.patienceSeconds !== undefined) {
    const needed = agentsForServiceLevelA({ ...load, patienceSeconds: input.patienceSeconds }, input.slaSeconds, input.targetServiceLevel)
    const agents = input.agents ?? needed ?? 10_000
    const result = erlangA({ ...load, agents, patienceSeconds: input.patienceSeconds })
    return {
      model: 'erlang_a',
      agents,
      arrivals_per_hour: input.arrivalsPerHour,
      aht_seconds: input.ahtSeconds,
      patience_seconds: input.patienceSeconds,
      traffic_erlangs: result.trafficErlangs,
      probability_of_waiting: result.probabilityOfWaiting,
      service_level: result.serviceLevel(input.slaSeconds),
      asa_seconds: result.asaSeconds,
      occupancy: result.occupancy,
      abandonment_rate: result.abandonmentRate,
      agents_needed: needed,
    }
  }
  let needed: number | null
  try {
    needed = agentsForServiceLevel(load, input.slaSeconds, input.targetServiceLevel).agents
  } catch {
    needed = null
  }
  const agents = input.agents ?? needed ?? 10_000
  const result = erlangC({ ...load, agents })
  return {
    model: 'erlang_c',
    agents,
    arrivals_per_hour: input.arrivalsPerHour,
    aht_seconds: input.ahtSeconds,
    patience_seconds: null,
    traffic_erlangs: result.trafficErlangs,
    probability_of_waiting: result.probabilityOfWaiting,
    service_level: erlangCServiceLevel({ ...load, agents }, input.slaSeconds),
    asa_seconds: result.stable ? result.asaSeconds : null,
    occupancy: result.occupancy,
    abandonment_rate: 0,
    agents_needed: needed,
  }
}
