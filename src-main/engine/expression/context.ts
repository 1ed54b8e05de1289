/**
 * What an expression is evaluated against. Callers pass their own objects (no copying): an
 * EvalRecord is anything with a parsed `attributes` object, optionally the worker fields and
 * a channel lookup. The evaluator only reads; a caller may reuse one EvalInput and swap
 * `worker` between calls, which keeps a queue scan allocation-free.
 */

/** A parsed JSON attributes document (the result of JSON.parse of a JSON object). */
export type AttributeObject = Readonly<Record<string, unknown>>

export type WorkerField = 'sid' | 'friendly_name' | 'activity_sid' | 'activity_name'
export const WORKER_FIELDS: readonly WorkerField[] = ['sid', 'friendly_name', 'activity_sid', 'activity_name']

export type ChannelProperty = 'configured_capacity' | 'assigned_tasks' | 'available_capacity_percentage' | 'available'
export const CHANNEL_PROPERTIES: readonly ChannelProperty[] = ['configured_capacity', 'assigned_tasks', 'available_capacity_percentage', 'available']

export interface EvalRecord {
  readonly attributes: AttributeObject
  /** Worker fields, reachable by name when the attributes have no key of that name. */
  readonly sid?: string
  readonly friendly_name?: string
  readonly activity_sid?: string
  readonly activity_name?: string
  /**
   * `worker.channel.<uniqueName>.<property>`; undefined (or no function) reads as null.
   * `available_capacity_percentage` follows decision 10.
   */
  channel?(uniqueName: string, property: ChannelProperty): number | boolean | null | undefined
}

/** Worker counts of the step's queue, for `skip_if` (decision 18: by Activity only). */
export interface WorkerCounts {
  readonly available: number
  readonly unavailable: number
  /** Workers of the queue in this Activity; undefined is read as 0. */
  byActivity(activitySid: string): number | undefined
}

export interface EvalInput {
  /** Epoch milliseconds from the injected clock; drives taskrouter.* (UTC). */
  readonly now: number
  readonly worker?: EvalRecord
  readonly task?: EvalRecord
  readonly counts?: WorkerCounts
}

/**
 * Where an expression is used, chosen at compile time:
 * - `worker`: TaskQueue target_workers, worker-list filters. Bare keys are worker attributes
 *   (an optional `worker.` prefix is accepted); `sid`, `friendly_name`, `activity_sid`,
 *   `activity_name` fall back to the worker's fields when the attributes lack that key.
 * - `task`: workflow filter expressions, task-list filters. Bare keys (or `task.x`) are task
 *   attributes.
 * - `target`: workflow target expressions; every key is `task.x` or `worker.x`.
 * - `skip_if`: `workers.available`, `workers.unavailable`, `workers.<ActivitySid>`.
 * `taskrouter.currentTime|currentHour|currentMin|dayOfWeek` work in every kind.
 */
export type ExpressionKind = 'worker' | 'task' | 'target' | 'skip_if'
