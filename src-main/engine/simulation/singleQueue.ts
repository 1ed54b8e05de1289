import { ScenarioSchema } from '../../contract/simulation'
import { ScenarioSimulation } from './scenarioSimulation'

/**
 * One queue of identical agents (one voice task at a time each), Poisson arrivals, exponential
 * handle times, no abandonment, FIFO: the M/M/N case Erlang C describes, as a scenario run
 * through the real engine. What `npm run simulate -- --agents ...` prints and the benchmark runs.
 */
export interface SingleQueueOptions {
  agents: number
  arrivalsPerHour: number
  ahtSeconds: number
  slaSeconds: number
  hours: number
  seed: number
  /** Seconds an agent takes to accept a reservation (0 = at once). */
  acceptDelaySeconds?: number
}

export interface SingleQueueResult {
  /** Share of tasks accepted within `slaSeconds` of creation. */
  service_level: number
  /** Average seconds from creation to acceptance. */
  asa_seconds: number
  /** Share of staffed agent time spent handling tasks during the horizon. */
  occupancy: number
  /** Tasks that arrived during the horizon. */
  tasks: number
  /** Simulated seconds, including the drain after the last arrival. */
  simulated_seconds: number
}

export function singleQueueScenario(options: SingleQueueOptions): ReturnType<typeof ScenarioSchema.parse> {
  return ScenarioSchema.parse({
    name: `${options.agents} agents, ${options.arrivalsPerHour}/h, AHT ${options.ahtSeconds} s`,
    seed: options.seed,
    hours: options.hours,
    start_hour: 0,
    sla_seconds: options.slaSeconds,
    accept_delay_seconds: options.acceptDelaySeconds ?? 0,
    queues: [{ name: 'Queue' }],
    agents: [{ name: 'Agent', count: options.agents }],
    arrivals: [{ queue: 'Queue', channel: 'voice', per_hour: options.arrivalsPerHour, handle_time: { distribution: 'exponential', mean_seconds: options.ahtSeconds } }],
  })
}

export function simulateSingleQueue(options: SingleQueueOptions): SingleQueueResult {
  const result = new ScenarioSimulation(singleQueueScenario(options)).run()
  return {
    service_level: result.totals.service_level,
    asa_seconds: result.totals.asa_seconds,
    occupancy: result.totals.occupancy,
    tasks: result.totals.offered,
    simulated_seconds: result.simulated_seconds,
  }
}
