import { z } from 'zod'

/** TaskRouter SID prefixes (REFERENCE §1.1). */
export const SidPrefix = {
  Account: 'AC',
  Workspace: 'WS',
  Activity: 'WA',
  TaskChannel: 'TC',
  Worker: 'WK',
  WorkerChannel: 'WC',
  TaskQueue: 'WQ',
  Workflow: 'WW',
  Task: 'WT',
  Reservation: 'WR',
  Event: 'EV',
  /** Routedesk-only documents (not a TaskRouter resource). */
  Document: 'RD',
} as const
export type SidPrefixValue = (typeof SidPrefix)[keyof typeof SidPrefix]

const sidPattern = (prefix: string): RegExp => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`)

/** Checks `XX` + 32 hex characters: the only shape a SID may take in any input. */
export function isSid(value: unknown, prefix: SidPrefixValue): value is string {
  return typeof value === 'string' && sidPattern(prefix).test(value)
}

/** A zod schema for one SID kind, with a message that says what shape was expected. */
export function sidSchema(prefix: SidPrefixValue): z.ZodString {
  return z.string().regex(sidPattern(prefix), { message: `must be a ${prefix} SID (${prefix} followed by 32 hexadecimal characters)` })
}
