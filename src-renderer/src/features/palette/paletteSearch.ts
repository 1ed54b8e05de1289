import type { RouteLocationRaw } from 'vue-router'
import type { Task } from '@contract'

export type PaletteKind = 'worker' | 'queue' | 'workflow' | 'task' | 'workspace'

/** One thing the command palette can jump to. */
export interface PaletteItem {
  kind: PaletteKind
  sid: string
  label: string
  /** A second line: activity, status, queue, ... */
  detail: string
  to: RouteLocationRaw
}

/** The palette shows at most this many results (the list is for jumping, not browsing). */
export const PALETTE_LIMIT = 30

const KIND_ORDER: Record<PaletteKind, number> = { worker: 0, queue: 1, workflow: 2, task: 3, workspace: 4 }

/** A task has no name: its first attributes stand for one (`type: support · lang: en`). */
export function taskLabel(task: Pick<Task, 'attributes'>): string {
  try {
    const attrs = JSON.parse(task.attributes) as Record<string, unknown>
    const text = Object.entries(attrs)
      .slice(0, 3)
      .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
      .join(' · ')
    return text || 'Task'
  } catch {
    return 'Task'
  }
}

/**
 * Ranks `items` against `query` (case-insensitive): an exact SID first, then names that start
 * with the query, then names or SIDs containing it. An empty query lists the first items.
 *
 * @example
 * searchPalette(items, 'ali') // [{ kind: 'worker', label: 'Alice', ... }]
 */
export function searchPalette(items: readonly PaletteItem[], query: string, limit = PALETTE_LIMIT): PaletteItem[] {
  const needle = query.trim().toLowerCase()
  if (!needle) return items.slice(0, limit)
  const scored: Array<{ item: PaletteItem; score: number }> = []
  for (const item of items) {
    const sid = item.sid.toLowerCase()
    const label = item.label.toLowerCase()
    let score: number
    if (sid === needle) score = 0
    else if (label === needle) score = 1
    else if (label.startsWith(needle)) score = 2
    else if (label.includes(needle)) score = 3
    else if (sid.includes(needle)) score = 4
    else continue
    scored.push({ item, score })
  }
  scored.sort((a, b) => a.score - b.score || KIND_ORDER[a.item.kind] - KIND_ORDER[b.item.kind] || a.item.label.localeCompare(b.item.label))
  return scored.slice(0, limit).map((entry) => entry.item)
}
