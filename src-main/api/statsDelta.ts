import type { LiveChannel, LiveQueue, LiveQueueChange, LiveStats, StatsDelta } from '../contract/liveStats'

/**
 * What changed between two live frames of one workspace (contract/liveStats), as the body of an
 * `app.statsDelta` push numbered `seq`: null when nothing changed, a whole frame when the
 * activities changed (every `activity_workers` list would change shape), else only the changed
 * fields of the changed queues. Field values are compared by value (lists and the small status
 * and priority records element by element), so an unchanged field is never sent.
 *
 * @example
 * const delta = diffLiveStats(lastPushed, engine.query('stats.live', { workspace_sid }), lastPushed.seq + 1)
 * if (delta) bus.emit('app.statsDelta', delta)
 */
export function diffLiveStats(previous: LiveStats, next: LiveStats, seq: number): StatsDelta | null {
  if (!sameValue(previous.activities.map((activity) => activity.sid + '\u0000' + activity.friendly_name), next.activities.map((activity) => activity.sid + '\u0000' + activity.friendly_name))) {
    return { kind: 'full', ...next, seq }
  }
  const previousBySid = new Map<string, LiveQueue>()
  for (const queue of previous.queues) previousBySid.set(queue.task_queue_sid, queue)
  const queues: LiveQueueChange[] = []
  for (const queue of next.queues) {
    const before = previousBySid.get(queue.task_queue_sid)
    previousBySid.delete(queue.task_queue_sid)
    if (!before) {
      queues.push(queue)
      continue
    }
    const change = changedFields(before, queue)
    if (change) queues.push({ ...change, task_queue_sid: queue.task_queue_sid })
  }
  const removed = [...previousBySid.keys()]
  const workspace = changedFields(previous.workspace, next.workspace)
  const agents = changedFields(previous.rollup_agents, next.rollup_agents)
  const channelsChanged = !sameChannels(previous.channels, next.channels)
  if (queues.length === 0 && removed.length === 0 && !workspace && !agents && !channelsChanged) return null
  return {
    kind: 'delta',
    workspace_sid: next.workspace_sid,
    seq,
    generated_at_ms: next.generated_at_ms,
    ...(workspace ? { workspace } : {}),
    ...(agents ? { rollup_agents: agents } : {}),
    queues,
    removed_queues: removed,
    ...(channelsChanged ? { channels: next.channels } : {}),
  }
}

/** The fields of `next` whose value differs from `before`'s; null when none does. */
function changedFields<T extends object>(before: T, next: T): Partial<T> | null {
  let changed: Partial<T> | null = null
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (sameValue(before[key], next[key])) continue
    changed ??= {}
    changed[key] = next[key]
  }
  return changed
}

function sameChannels(before: readonly LiveChannel[], next: readonly LiveChannel[]): boolean {
  if (before.length !== next.length) return false
  for (let index = 0; index < next.length; index++) {
    const a = before[index]!
    const b = next[index]!
    if (a.task_channel_sid !== b.task_channel_sid || a.task_channel_unique_name !== b.task_channel_unique_name || changedFields(a.now, b.now)) return false
  }
  return true
}

/** Equality for the frame's field values: primitives, lists of primitives, flat records of primitives. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false
    return true
  }
  if (Array.isArray(b)) return false
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  const keys = Object.keys(left)
  if (keys.length !== Object.keys(right).length) return false
  for (const key of keys) if (left[key] !== right[key] || !(key in right)) return false
  return true
}
