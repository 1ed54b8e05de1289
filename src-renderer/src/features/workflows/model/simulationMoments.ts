import type { SimulatedRouteEvent } from '@contract'

/** Where the simulated task is: a filter's target (filter null = the default filter) and its queue. */
export interface SimulatedPosition {
  filter: number | null
  target: number
  queueSid: string | null
  queueName: string | null
}

/** Everything that happened at one instant of the simulation, and where the task is after it. */
export interface SimulationMoment {
  atSeconds: number
  events: SimulatedRouteEvent[]
  /** The step the task is in once these events happened; null before it entered any. */
  position: SimulatedPosition | null
}

/**
 * Groups a `workflows.simulateRoute` timeline into the instants the slider steps through
 * (0s, 30s, 90s ...): the timeline is in time order and events of one instant share a moment.
 */
export function simulationMoments(timeline: readonly SimulatedRouteEvent[]): SimulationMoment[] {
  const moments: SimulationMoment[] = []
  let position: SimulatedPosition | null = null
  for (const event of timeline) {
    if (event.filter_index !== undefined) {
      position = { filter: event.filter_index, target: event.target_index ?? 0, queueSid: event.queue_sid ?? null, queueName: event.queue_name ?? null }
    }
    const last = moments[moments.length - 1]
    if (last && last.atSeconds === event.at_seconds) {
      last.events.push(event)
      last.position = position
    } else {
      moments.push({ atSeconds: event.at_seconds, events: [event], position })
    }
  }
  return moments
}

/** "0s", "45s", "2m 30s", "1h 5m". */
export function formatOffset(seconds: number): string {
  const whole = Math.round(seconds)
  if (whole < 60) return `${whole}s`
  const hours = Math.floor(whole / 3600)
  const minutes = Math.floor((whole % 3600) / 60)
  const rest = whole % 60
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`
  return rest > 0 ? `${minutes}m ${rest}s` : `${minutes}m`
}
