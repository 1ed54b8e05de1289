import { ConflictError } from '../errors'

/**
 * TaskRouter's default resource limits (REFERENCE §9.1), enforced the same way so an
 * integration that works here does not meet a limit for the first time in production.
 * Twilio raises them on request; Routedesk keeps the defaults (see README, Differences).
 */
export const resourceLimits = {
  workspaces: 5_000,
  activities: 100,
  taskChannels: 15,
  workers: 15_000,
  taskQueues: 5_000,
  workflows: 1_000,
  tasks: 500_000,
} as const

/** Refuses creating one more of `what` when `count` already reached `limit` (400 / 20001). */
export function assertBelowLimit(count: number, limit: number, what: string, scope = 'a workspace'): void {
  if (count < limit) return
  throw new ConflictError(`${capitalize(scope)} can have at most ${limit.toLocaleString('en-US')} ${what} (TaskRouter's limit); delete some first`, undefined, { limit })
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
