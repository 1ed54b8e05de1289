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

/**
 * Erlang A (M/M/N+M: Erlang C plus exponential patience with mean `patienceSeconds`): the
 * model for queues where callers hang up. Unlike Erlang C it is stable at any staffing.
 * Computed from the birth-death chain's stationary distribution (truncated where the tail is
 * negligible); an arrival that finds j callers ahead waits through stages of rate
 * Nμ + (i+1)θ (i = j..0) and is answered if its patience outlasts them.
 */
export interface ErlangAInput extends ErlangCInput {
  patienceSeconds: number
}

export interface ErlangAResult {
  trafficErlangs: number
  /** Probability that an arrival waits at all. */
  probabilityOfWaiting: number
  /** Share of arrivals that abandon. */
  abandonmentRate: number
  /** Mean wait of answered arrivals (0 included for those answered at once). */
  asaSeconds: number
  /** Busy agents / agents. */
  occupancy: number
  /** Share of arrivals answered within `slaSeconds` (abandoners count as not). */
  serviceLevel: (slaSeconds: number) => number
}

export function erlangA(input: ErlangAInput): ErlangAResult {
  const agents = input.agents
  const lambda = input.arrivalsPerHour / 3600
  const mu = 1 / input.ahtSeconds
  const theta = 1 / input.patienceSeconds
  const traffic = lambda / mu
  // log q_n relative to q_0, then normalized; logs keep large N and A from overflowing.
  const logTerms: number[] = [0]
  for (let n = 1; n <= agents; n++) logTerms.push(logTerms[n - 1]! + Math.log(lambda / (n * mu)))
  let peak = maxOf(logTerms)
  // The queue tail: terms grow while λ > Nμ + jθ, then fall; stop once they are e^-40 of the peak.
  for (let j = 1; j < 1_000_000; j++) {
    const ratio = lambda / (agents * mu + j * theta)
    const next = logTerms[agents + j - 1]! + Math.log(ratio)
    logTerms.push(next)
    if (next > peak) peak = next
    if (ratio < 1 && next < peak - 40) break
  }
  const weights = logTerms.map((log) => Math.exp(log - peak))
  const total = weights.reduce((sum, weight) => sum + weight, 0)
  const p = weights.map((weight) => weight / total)
  let waiting = 0
  let queueLength = 0
  let busy = 0
  for (let n = 0; n < p.length; n++) {
    if (n >= agents) waiting += p[n]!
    if (n > agents) queueLength += (n - agents) * p[n]!
    busy += Math.min(n, agents) * p[n]!
  }
  // Arrivals finding j ahead: answered with probability Π s_i, after Σ 1/(rate_i) on average.
  const ahead = p.slice(agents)
  const answeredWeight: number[] = []
  let answeredOnceQueued = 0
  let waitOfAnswered = 0
  let survive = 1
  let meanStages = 0
  for (let j = 0; j < ahead.length; j++) {
    const rate = agents * mu + (j + 1) * theta
    survive *= (agents * mu + j * theta) / rate
    meanStages += 1 / rate
    answeredWeight.push(ahead[j]! * survive)
    answeredOnceQueued += ahead[j]! * survive
    waitOfAnswered += ahead[j]! * survive * meanStages
  }
  const answeredAtOnce = 1 - waiting
  const answered = answeredAtOnce + answeredOnceQueued
  return {
    trafficErlangs: traffic,
    probabilityOfWaiting: waiting,
    abandonmentRate: (theta * queueLength) / lambda,
    asaSeconds: answered > 0 ? waitOfAnswered / answered : 0,
    occupancy: busy / agents,
    serviceLevel: (slaSeconds) => answeredAtOnce + answeredWithin(answeredWeight, agents * mu, theta, slaSeconds),
  }
}

function maxOf(values: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY
  for (const value of values) if (value > max) max = value
  return max
}

/**
 * P(answered and waited <= t) for arrivals that queue: the waits are sums of exponential
 * stages (rate Nμ + (i+1)θ at i ahead), evaluated by uniformization (stable for any length).
 */
function answeredWithin(initial: readonly number[], serviceRate: number, theta: number, seconds: number): number {
  if (seconds <= 0 || initial.length === 0) return 0
  const uniform = serviceRate + initial.length * theta
  const mean = uniform * seconds
  const steps = Math.ceil(mean + 12 * Math.sqrt(mean) + 20)
  const stages = [...initial]
  let done = 0
  let result = 0
  let logWeight = -mean
  for (let k = 0; k <= steps; k++) {
    if (k > 0) {
      logWeight += Math.log(mean) - Math.log(k)
      // One uniformized step: each stage moves down with probability rate/uniform.
      done += stages[0]! * ((serviceRate + theta) / uniform)
      for (let i = 0; i < stages.length; i++) {
        const leave = stages[i]! * ((serviceRate + (i + 1) * theta) / uniform)
        stages[i]! -= leave
        if (i > 0) stages[i - 1]! += leave
      }
    }
    result += Math.exp(logWeight) * done
  }
  return Math.min(1, result)
}

/** The fewest agents whose Erlang A service level reaches the target (bounded at 10,000). */
export function agentsForServiceLevelA(input: Omit<ErlangAInput, 'agents'>, slaSeconds: number, targetServiceLevel: number): number | null {
  const reaches = (agents: number): boolean => erlangA({ ...input, agents }).serviceLevel(slaSeconds) >= targetServiceLevel
  let high = 1
  while (!reaches(high)) {
    if (high >= 10_000) return null
    high = Math.min(10_000, high * 2)
  }
  let low = Math.floor(high / 2)
  while (high - low > 1) {
    const middle = (low + high) >> 1
    if (reaches(middle)) high = middle
    else low = middle
  }
  return low >= 1 && reaches(low) ? low : high
}
