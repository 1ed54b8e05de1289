import type { WallboardAgents, WallboardPush } from '@contract'

export interface GridActivity {
  sid: string
  friendly_name: string
  available: boolean
}

/**
 * The agent grid's state, kept in typed arrays outside Vue's reactivity (15,000 workers would
 * make 15,000 proxies): worker i has `activity[i]` (index into `activities`, 255 = unknown)
 * and `load[i]` percent. `apply` takes a pushed delta and returns the indexes to repaint, or
 * null when the delta names a worker we do not have (a new worker: refetch the grid).
 */
export class AgentGridModel {
  activities: GridActivity[] = []
  sids: string[] = []
  names: string[] = []
  activity = new Uint8Array(0)
  load = new Uint8Array(0)
  private indexBySid = new Map<string, number>()
  private activityIndexBySid = new Map<string, number>()

  get size(): number {
    return this.sids.length
  }

  reset(grid: WallboardAgents): void {
    this.activities = grid.activities
    this.activityIndexBySid = new Map(grid.activities.map((activity, index) => [activity.sid, index]))
    this.sids = grid.sids
    this.names = grid.names
    this.activity = Uint8Array.from(grid.activity_index, (index) => (index < 0 ? UNKNOWN : index))
    this.load = Uint8Array.from(grid.load)
    this.indexBySid = new Map(grid.sids.map((sid, index) => [sid, index]))
  }

  apply(agents: WallboardPush['agents']): number[] | null {
    if (agents.removed.length > 0) return null
    const touched: number[] = []
    for (const [sid, activitySid, load] of agents.changes) {
      const index = this.indexBySid.get(sid)
      const activity = this.activityIndexBySid.get(activitySid)
      if (index === undefined || (activity === undefined && activitySid !== '')) return null
      this.activity[index] = activity ?? UNKNOWN
      this.load[index] = load
      touched.push(index)
    }
    return touched
  }

  /** Workers per activity index (the legend's counts). */
  countByActivity(): number[] {
    const counts = new Array<number>(this.activities.length).fill(0)
    for (const index of this.activity) if (index < counts.length) counts[index]! += 1
    return counts
  }
}

export const UNKNOWN = 255

/**
 * A colour per activity: available ones green, Offline grey, others from a palette in order,
 * stable for a given list. Readable on both dark and light backgrounds.
 */
export function activityColors(activities: readonly GridActivity[]): string[] {
  let next = 0
  return activities.map((activity) => {
    if (activity.available) return AVAILABLE_COLOR
    if (/^offline$/i.test(activity.friendly_name)) return OFFLINE_COLOR
    return PALETTE[next++ % PALETTE.length]!
  })
}

export const AVAILABLE_COLOR = '#2fbf71'
export const OFFLINE_COLOR = '#5c6670'
const PALETTE = ['#e0a030', '#d9534f', '#5b9cf5', '#a678de', '#e07bb0', '#3fb8c4', '#c9c24a']

export interface GridGeometry {
  columns: number
  rows: number
  /** Tile edge in CSS pixels, gap included. */
  cell: number
}

/** Tiles never grow past this: a handful of agents still reads as a grid, not as blocks. */
export const MAX_CELL = 28

/** The largest square tiles (2 to MAX_CELL px) that fit `count` workers into width x height. */
export function gridGeometry(count: number, width: number, height: number): GridGeometry {
  if (count === 0 || width <= 0 || height <= 0) return { columns: 1, rows: 0, cell: 2 }
  let cell = Math.min(MAX_CELL, Math.max(2, Math.floor(Math.sqrt((width * height) / count))))
  while (cell > 2 && Math.floor(width / cell) * Math.floor(height / cell) < count) cell -= 1
  const columns = Math.max(1, Math.floor(width / cell))
  return { columns, rows: Math.ceil(count / columns), cell }
}

/**
 * Paints tiles on a 2D canvas already scaled to CSS pixels: the activity colour, with the
 * load as a dark band from the bottom (full tile = 100 % of capacity in use). With `only`,
 * repaints just those workers (a pushed delta); otherwise clears and paints all.
 */
export function paintAgentGrid(
  context: CanvasRenderingContext2D,
  model: AgentGridModel,
  geometry: GridGeometry,
  colors: readonly string[],
  background: string,
  only?: readonly number[],
): void {
  const { columns, cell } = geometry
  const gap = cell >= 6 ? 1 : 0
  const size = cell - gap
  const paintOne = (index: number): void => {
    const x = (index % columns) * cell
    const y = Math.floor(index / columns) * cell
    const activity = model.activity[index]!
    context.fillStyle = colors[activity] ?? OFFLINE_COLOR
    context.fillRect(x, y, size, size)
    const load = model.load[index]!
    if (load > 0) {
      const band = Math.max(1, Math.round((size * load) / 100))
      context.fillStyle = LOAD_SHADE
      context.fillRect(x, y + size - band, size, band)
    }
  }
  if (only) {
    for (const index of only) {
      context.fillStyle = background
      context.fillRect((index % columns) * cell, Math.floor(index / columns) * cell, cell, cell)
      paintOne(index)
    }
    return
  }
  context.fillStyle = background
  context.fillRect(0, 0, columns * cell, geometry.rows * cell)
  // Batch by colour: one fillStyle change per activity instead of per tile.
  colors.forEach((color, activityIndex) => {
    context.fillStyle = color
    for (let index = 0; index < model.size; index++) {
      if (model.activity[index] === activityIndex) context.fillRect((index % columns) * cell, Math.floor(index / columns) * cell, size, size)
    }
  })
  context.fillStyle = LOAD_SHADE
  for (let index = 0; index < model.size; index++) {
    const load = model.load[index]!
    if (load === 0) continue
    const band = Math.max(1, Math.round((size * load) / 100))
    context.fillRect((index % columns) * cell, Math.floor(index / columns) * cell + size - band, size, band)
  }
}

const LOAD_SHADE = 'rgba(0, 0, 0, 0.45)'

/** The worker under a point of the canvas (CSS pixels), or -1. */
export function tileAt(geometry: GridGeometry, count: number, x: number, y: number): number {
  const column = Math.floor(x / geometry.cell)
  if (column < 0 || column >= geometry.columns || y < 0) return -1
  const index = Math.floor(y / geometry.cell) * geometry.columns + column
  return index < count ? index : -1
}
