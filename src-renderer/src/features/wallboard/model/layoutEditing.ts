import type { WallboardLayoutFields, WallboardMetric, WallboardPanel, WallboardThreshold } from '@contract'

/** The panels' titles on the board and in the layout editor. */
export const PANEL_LABELS: Readonly<Record<WallboardPanel, string>> = {
  series: 'Available agents and waiting tasks',
  activity_donut: 'Agents by activity',
  tasks_by_status: 'Tasks by status',
  tasks_by_priority: 'Tasks by priority',
  queue_table: 'Queues',
  channel_table: 'Channels',
  agent_grid: 'Agent grid',
}

export const PANEL_KEYS = Object.keys(PANEL_LABELS) as WallboardPanel[]

/** Moves the item at `index` by `delta` places (clamped); returns a new array. */
export function moveItem<T>(items: readonly T[], index: number, delta: number): T[] {
  const target = Math.min(items.length - 1, Math.max(0, index + delta))
  if (index < 0 || index >= items.length || target === index) return [...items]
  const next = [...items]
  const [item] = next.splice(index, 1)
  next.splice(target, 0, item as T)
  return next
}

/** Adds `item` at the end, or removes it; returns a new array. */
export function toggleItem<T>(items: readonly T[], item: T, on: boolean): T[] {
  const has = items.includes(item)
  if (on && !has) return [...items, item]
  if (!on && has) return items.filter((existing) => existing !== item)
  return [...items]
}

/** Replaces the threshold for (metric, queue), or adds it. */
export function upsertThreshold(thresholds: readonly WallboardThreshold[], next: WallboardThreshold): WallboardThreshold[] {
  const index = thresholds.findIndex((threshold) => threshold.metric === next.metric && threshold.queue_sid === next.queue_sid)
  if (index < 0) return [...thresholds, next]
  return thresholds.map((threshold, at) => (at === index ? next : threshold))
}

/** A sensible first threshold when an admin adds one for a metric (KPIS.md §4.1 conventions). */
export function suggestedThreshold(metric: WallboardMetric, queueSid: string | null): WallboardThreshold {
  const [warning, critical] = SUGGESTED[metric]
  return { metric, queue_sid: queueSid, warning, critical }
}

const SUGGESTED: Record<WallboardMetric, [number, number]> = {
  available_workers: [3, 1],
  waiting_tasks: [5, 15],
  longest_wait: [180, 300],
  sla_percent: [90, 60],
  asa: [20, 60],
  abandoned: [5, 15],
  abandoned_percent: [2, 2.8],
  active_tasks: [50, 100],
  occupancy: [85, 95],
}

/** The editable copy of a layout's fields (the editor works on it, then saves it whole). */
export function editableCopy(fields: WallboardLayoutFields): WallboardLayoutFields {
  return {
    tiles: [...fields.tiles],
    panels: [...fields.panels],
    queue_sids: [...fields.queue_sids],
    channel_sids: [...fields.channel_sids],
    thresholds: fields.thresholds.map((threshold) => ({ ...threshold })),
    rotate_seconds: fields.rotate_seconds,
  }
}

/** TV rotation: the layout after `currentSid`, wrapping around; the first when unknown. */
export function nextLayoutSid(layouts: readonly { sid: string }[], currentSid: string | null): string | null {
  if (layouts.length === 0) return null
  const index = layouts.findIndex((layout) => layout.sid === currentSid)
  return layouts[(index + 1) % layouts.length]!.sid
}
