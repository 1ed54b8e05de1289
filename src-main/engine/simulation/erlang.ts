/**
 * Erlang C (M/M/N queue, no abandonment) for single-skill queues: the textbook staffing model
 * the simulator is checked against, and the staffing calculator admins use.
 *
 * Terms: `arrivalsPerHour` (λ), `ahtSeconds` (mean handle time), `agents` (N),
 * traffic A = λ·AHT in Erlangs. Computed through the Erlang B recursion, so large N and A never
 * overflow a factorial.
 */
export interface ErlangCInput {
  agents: number
  arrivalsPerHour: number
  ahtSeconds: number
}

export interface ErlangCResult {
  /** Offered load in Erlangs (A). */
  trafficErlangs: number
  /** Probability that a task waits at all (Erlang C), 1 when the queue is unstable. */
  probabilityOfWaiting: number
  /** Average speed of answer in seconds (Infinity when unstable). */
  asaSeconds: number
  /** Share of agent time spent handling (A/N, capped at 1). */
  occupancy: number
  /** Whether N > A (otherwise the queue grows without bound). */
  stable: boolean
}

export function erlangC(input: ErlangCInput): ErlangCResult {
  const { agents, ahtSeconds } = input
  const traffic = (input.arrivalsPerHour / 3600) * ahtSeconds
  if (agents <= traffic || agents <= 0) {
    return { trafficErlangs: traffic, probabilityOfWaiting: 1, asaSeconds: Number.POSITIVE_INFINITY, occupancy: Math.min(1, agents > 0 ? traffic / agents : 1), stable: false }
  }
  let erlangB = 1
  for (let k = 1; k <= agents; k++) erlangB = (traffic * erlangB) / (k + traffic * erlangB)
  const waiting = (agents * erlangB) / (agents - traffic * (1 - erlangB))
  return {
    trafficErlangs: traffic,
    probabilityOfWaiting: waiting,
    asaSeconds: (waiting * ahtSeconds) / (agents - traffic),
    occupancy: traffic / agents,
    stable: true,
  }
}

/** Share of tasks answered within `slaSeconds` of arrival: 1 − P(wait)·e^(−(N−A)·t/AHT). */
export function erlangCServiceLevel(input: ErlangCInput, slaSeconds: number): number {
  const result = erlangC(input)
  if (!result.stable) return 0
  return 1 - result.probabilityOfWaiting * Math.exp((-(input.agents - result.trafficErlangs) * slaSeconds) / input.ahtSeconds)
}

/**
 * The fewest agents that reach `targetServiceLevel` (0..1) within `slaSeconds`, and what that
 * staffing gives. Searches upward from the first stable staffing; bounded at 10,000 agents.
 */
export function agentsForServiceLevel(input: Omit<ErlangCInput, 'agents'>, slaSeconds: number, targetServiceLevel: number): { agents: number; serviceLevel: number; asaSeconds: number; occupancy: number } {
  const traffic = (input.arrivalsPerHour / 3600) * input.ahtSeconds
  for (let agents = Math.max(1, Math.floor(traffic) + 1); agents <= 10_000; agents++) {
    const serviceLevel = erlangCServiceLevel({ ...input, agents }, slaSeconds)
    if (serviceLevel >= targetServiceLevel) {
      const result = erlangC({ ...input, agents })
      return { agents, serviceLevel, asaSeconds: result.asaSeconds, occupancy: result.occupancy }
    }
  }
  throw new RangeError('No staffing up to 10,000 agents reaches that service level')
}
